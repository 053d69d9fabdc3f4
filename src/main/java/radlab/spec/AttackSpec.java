package radlab.spec;

import static radlab.spec.SpecException.nonNegativeFinite;
import static radlab.spec.SpecException.positive;
import static radlab.spec.SpecException.require;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import radlab.attack.AttackSuite;
import radlab.attack.Square;

/**
 * A robust evaluation attack as {@code radlab train} and {@code radlab attack} run it: {@code attack} is the APGD
 * suite ("apgd"), one APGD attack ("apgd-ce", "apgd-dlr", "apgd-t"), the Square attack ("square"), "pgd", "fgsm", or a
 * suite of chosen stages written as a comma-separated list ("apgd,square" — the APGD suite then Square; see
 * {@link AttackSuite#parseStages}), in the {@code norm} ball ("l2" or "linf") of radius ε, with {@code steps} steps
 * (APGD and PGD), {@code restarts} (APGD and Square) and {@code targets} (APGD-T), the PGD step size α (NaN =
 * 2.5·ε/steps) and random start, Square's {@code queries} and {@code pInit}, and the seed of the random draws.
 */
public record AttackSpec(String attack, String norm, double epsilon, int steps, int restarts, int targets, double stepSize,
                         boolean randomStart, long seed, int queries, double pInit) {
    public static final List<String> ATTACKS = List.of("apgd", "apgd-ce", "apgd-dlr", "apgd-t", "square", "pgd", "fgsm");

    public AttackSpec {
        require(attack != null && (ATTACKS.contains(attack) || isSuiteList(attack)), "attack",
                "unknown attack '" + attack + "'; expected one of " + String.join(", ", ATTACKS) + " or a list of suite stages such as apgd,square");
        require("l2".equals(norm) || "linf".equals(norm), "norm", "expected l2 or linf, got '" + norm + "'");
        nonNegativeFinite(epsilon, "epsilon");
        positive(steps, "steps");
        // restarts and targets are checked by the attacks' constructors (radlab.spec.SpecFactory#attack)
        require(Double.isNaN(stepSize) || stepSize >= 0 && Double.isFinite(stepSize), "stepSize", "must be a finite number ≥ 0 or absent, got " + stepSize);
        positive(queries, "queries");
        require(pInit > 0 && pInit <= 1, "pInit", "must be in (0, 1], got " + pInit);
    }

    /** An attack without Square settings (they take AutoAttack's standard values). */
    public AttackSpec(String attack, String norm, double epsilon, int steps, int restarts, int targets, double stepSize, boolean randomStart, long seed) {
        this(attack, norm, epsilon, steps, restarts, targets, stepSize, randomStart, seed, Square.DEFAULT_QUERIES, Square.DEFAULT_P_INIT);
    }

    /** A canonical stage list (lower case, "apgd" expanded, no spaces) of at least two stages. */
    private static boolean isSuiteList(String attack) {
        if (!attack.contains(",")) return false;
        try {
            return String.join(",", AttackSuite.parseStages(attack)).equals(attack);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The canonical name of an attack or stage list as typed ("APGD, Square" → "apgd-ce,apgd-dlr,apgd-t,square"; the
     * plain APGD suite is "apgd"), or an IllegalArgumentException naming the problem.
     */
    public static String canonicalAttack(String text) {
        String a = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (a.equals("apgd-suite")) return "apgd";
        if (!a.contains(",")) {
            // the form typed on the command line (--attack), so the error names the option as every other one does
            if (!ATTACKS.contains(a)) throw new IllegalArgumentException("unknown --attack '" + text + "'; expected " + String.join(", ", ATTACKS)
                    + " or a list of suite stages such as apgd,square");
            return a;
        }
        List<String> stages = AttackSuite.parseStages(a);
        if (stages.equals(AttackSuite.APGD_STAGES)) return "apgd";
        return stages.size() == 1 ? stages.get(0) : String.join(",", stages);
    }

    /** Whether the attack runs the Square attack (alone or as a suite stage). */
    public boolean usesSquare() {
        return attack.equals("square") || isSuiteList(attack) && AttackSuite.parseStages(attack).contains("square");
    }

    /**
     * The canonical JSON object, keys in a fixed order (the one home of this form: train and attack specs embed it);
     * Square's keys only when the attack runs Square, so every other spec keeps its form.
     */
    public ObjectNode toTree() {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("attack", attack).put("norm", norm).put("epsilon", epsilon).put("steps", steps)
                .put("restarts", restarts).put("targets", targets);
        if (Double.isNaN(stepSize)) n.putNull("stepSize");
        else n.put("stepSize", stepSize);
        n.put("randomStart", randomStart).put("seed", seed);
        if (usesSquare()) n.put("queries", queries).put("pInit", pInit);
        return n;
    }

    /**
     * Strict parse of {@link #toTree()}'s form: every key required ({@code stepSize} may be null; {@code queries} and
     * {@code pInit} only for an attack that runs Square, where they default to AutoAttack's 5000 and 0.8), unknown keys
     * rejected.
     */
    public static AttackSpec fromTree(JsonNode node, String what) {
        JsonFields f = JsonFields.of(node, what);
        JsonNode step = f.node("stepSize");
        if (step != null && !step.isNull() && !step.isNumber()) throw new SpecException("stepSize", "expected a number, got " + step);
        double stepSize = step == null || step.isNull() ? Double.NaN : step.asDouble();
        JsonNode random = f.node("randomStart");
        if (random == null || !random.isBoolean()) throw new SpecException("randomStart", "expected true or false, got " + random);
        String attack = f.string("attack", null);
        boolean hasSquareKeys = f.has("queries") || f.has("pInit");
        AttackSpec a = new AttackSpec(attack, f.string("norm", null), f.number("epsilon", Double.NaN), f.integer("steps", 0),
                f.integer("restarts", 0), f.integer("targets", -1), stepSize, random.asBoolean(), f.longInteger("seed", 0),
                f.integer("queries", Square.DEFAULT_QUERIES), f.number("pInit", Square.DEFAULT_P_INIT));
        if (hasSquareKeys && !a.usesSquare()) throw new SpecException(f.has("queries") ? "queries" : "pInit", "applies only to an attack that runs square");
        f.finish();
        return a;
    }

    /** The default evaluation of {@code radlab train}: the APGD suite in ℓ∞ at ε = 0.1. */
    public static AttackSpec defaults() {
        return new AttackSpec(Defaults.Cli.ATTACK, Defaults.Cli.NORM, Defaults.EPSILON_LINF, Defaults.Cli.APGD_STEPS, Defaults.Cli.RESTARTS,
                Defaults.Cli.TARGET_CLASSES, Double.NaN, true, Defaults.Cli.ATTACK_SEED);
    }
}
