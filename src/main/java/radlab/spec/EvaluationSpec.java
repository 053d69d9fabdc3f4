package radlab.spec;

import static radlab.spec.SpecException.nonNegativeFinite;
import static radlab.spec.SpecException.positive;
import static radlab.spec.SpecException.require;

/**
 * Robust evaluation on seeded subsamples of {@code evalSize} training and test examples: the APGD suite
 * (APGD-CE → APGD-DLR → APGD-T with up to {@code attackTargets} target classes) with {@code attackSteps} steps at
 * radius {@code epsilonL2} in ℓ2 and {@code epsilonLinf} in ℓ∞; optionally a PGD baseline of {@code baselineSteps}
 * steps on the test subsample (0 = none) and the IBP, CROWN and (ℓ2) Lipschitz certificates on its first
 * {@code certifySize} samples (0 = none), and complete verification of those samples with a wall-time budget of
 * {@code verifyBudget} seconds each (0 = none; its outcomes depend on the machine's speed when the budget runs out).
 */
public record EvaluationSpec(double epsilonL2, double epsilonLinf, int attackSteps, int evalSize, int attackTargets, int baselineSteps,
                             int certifySize, double verifyBudget) {
    public EvaluationSpec {
        nonNegativeFinite(epsilonL2, "epsilonL2");
        nonNegativeFinite(epsilonLinf, "epsilonLinf");
        positive(attackSteps, "attackSteps");
        positive(evalSize, "evalSize");
        require(attackTargets >= 1, "attackTargets", "must be ≥ 1, got " + attackTargets);
        require(baselineSteps >= 0, "baselineSteps", "must be ≥ 0 (0 = no PGD baseline), got " + baselineSteps);
        require(certifySize >= 0 && certifySize <= evalSize, "certifySize", "must be in [0, evalSize = " + evalSize + "] (0 = no certificates), got " + certifySize);
        nonNegativeFinite(verifyBudget, "verifyBudget");
        require(verifyBudget == 0 || certifySize > 0, "verifyBudget", "complete verification runs on the certificates' samples; needs certifySize > 0");
    }

    /** Without complete verification. */
    public EvaluationSpec(double epsilonL2, double epsilonLinf, int attackSteps, int evalSize, int attackTargets, int baselineSteps, int certifySize) {
        this(epsilonL2, epsilonLinf, attackSteps, evalSize, attackTargets, baselineSteps, certifySize, Defaults.VERIFY_BUDGET);
    }

    /** Whether the certified samples are also verified completely. */
    public boolean verifies() {
        return verifyBudget > 0;
    }

    /** The suite with the default targets and neither baseline nor certificates. */
    public EvaluationSpec(double epsilonL2, double epsilonLinf, int attackSteps, int evalSize) {
        this(epsilonL2, epsilonLinf, attackSteps, evalSize, Defaults.ATTACK_TARGETS, Defaults.BASELINE_STEPS, Defaults.CERTIFY_SIZE);
    }
}
