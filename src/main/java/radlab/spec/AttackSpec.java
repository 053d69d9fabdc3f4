package radlab.spec;

import static radlab.spec.SpecException.nonNegativeFinite;
import static radlab.spec.SpecException.positive;
import static radlab.spec.SpecException.require;

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
        // restarts and targets are checked by the attacks' constructors (radlab.experiment.SpecFactory#attack)
        require(Double.isNaN(stepSize) || stepSize >= 0 && Double.isFinite(stepSize), "stepSize", "must be a finite number ≥ 0 or absent, got " + stepSize);
    }

    /** The default evaluation of {@code radlab train}: the APGD suite in ℓ∞ at ε = 0.1. */
    public static AttackSpec defaults() {
        return new AttackSpec(Defaults.Cli.ATTACK, Defaults.Cli.NORM, Defaults.EPSILON_LINF, Defaults.Cli.APGD_STEPS, Defaults.Cli.RESTARTS,
                Defaults.Cli.TARGET_CLASSES, Double.NaN, true, Defaults.Cli.ATTACK_SEED);
    }
}
