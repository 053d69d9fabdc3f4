package radlab.spec;

import static radlab.spec.SpecException.nonNegativeFinite;
import static radlab.spec.SpecException.positive;
import static radlab.spec.SpecException.require;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A robust evaluation attack as {@code radlab train} and {@code radlab attack} run it: {@code attack} is the APGD
 * suite ("apgd"), one APGD attack ("apgd-ce", "apgd-dlr", "apgd-t"), "pgd" or "fgsm", in the {@code norm} ball
 * ("l2" or "linf") of radius ε, with {@code steps} steps (APGD and PGD), {@code restarts} and {@code targets} (APGD),
 * the PGD step size α (NaN = 2.5·ε/steps) and random start, and the seed of the random starts.
 */
public record AttackSpec(String attack, String norm, double epsilon, int steps, int restarts, int targets, double stepSize,
                         boolean randomStart, long seed) {
    public static final List<String> ATTACKS = List.of("apgd", "apgd-ce", "apgd-dlr", "apgd-t", "pgd", "fgsm");

    public AttackSpec {
        require(attack != null && ATTACKS.contains(attack), "attack", "unknown attack '" + attack + "'; expected one of " + String.join(", ", ATTACKS));
        require("l2".equals(norm) || "linf".equals(norm), "norm", "expected l2 or linf, got '" + norm + "'");
        nonNegativeFinite(epsilon, "epsilon");
        positive(steps, "steps");
        // restarts and targets are checked by the attacks' constructors (radlab.spec.SpecFactory#attack)
        require(Double.isNaN(stepSize) || stepSize >= 0 && Double.isFinite(stepSize), "stepSize", "must be a finite number ≥ 0 or absent, got " + stepSize);
    }

    /** The canonical JSON object, keys in a fixed order (the one home of this form: train and attack specs embed it). */
    public ObjectNode toTree() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("attack", attack).put("norm", norm).put("epsilon", epsilon).put("steps", steps)
                .put("restarts", restarts).put("targets", targets);
        if (Double.isNaN(stepSize)) n.putNull("stepSize");
        else n.put("stepSize", stepSize);
        return n.put("randomStart", randomStart).put("seed", seed);
    }

    /** Strict parse of {@link #toTree()}'s form: every key required ({@code stepSize} may be null), unknown keys rejected. */
    public static AttackSpec fromTree(JsonNode node, String what) {
        JsonFields f = JsonFields.of(node, what);
        JsonNode step = f.node("stepSize");
        if (step != null && !step.isNull() && !step.isNumber()) throw new SpecException("stepSize", "expected a number, got " + step);
        double stepSize = step == null || step.isNull() ? Double.NaN : step.asDouble();
        JsonNode random = f.node("randomStart");
        if (random == null || !random.isBoolean()) throw new SpecException("randomStart", "expected true or false, got " + random);
        AttackSpec a = new AttackSpec(f.string("attack", null), f.string("norm", null), f.number("epsilon", Double.NaN), f.integer("steps", 0),
                f.integer("restarts", 0), f.integer("targets", -1), stepSize, random.asBoolean(), f.longInteger("seed", 0));
        f.finish();
        return a;
    }

    /** The default evaluation of {@code radlab train}: the APGD suite in ℓ∞ at ε = 0.1. */
    public static AttackSpec defaults() {
        return new AttackSpec(Defaults.Cli.ATTACK, Defaults.Cli.NORM, Defaults.EPSILON_LINF, Defaults.Cli.APGD_STEPS, Defaults.Cli.RESTARTS,
                Defaults.Cli.TARGET_CLASSES, Double.NaN, true, Defaults.Cli.ATTACK_SEED);
    }
}
