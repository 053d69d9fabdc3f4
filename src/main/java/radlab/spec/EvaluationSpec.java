package radlab.spec;

import static radlab.spec.SpecException.nonNegativeFinite;
import static radlab.spec.SpecException.positive;

/**
 * Robust evaluation: PGD with {@code attackSteps} steps at radius {@code epsilonL2} in ℓ2 and {@code epsilonLinf} in
 * ℓ∞, on seeded subsamples of {@code evalSize} training and test examples.
 */
public record EvaluationSpec(double epsilonL2, double epsilonLinf, int attackSteps, int evalSize) {
    public EvaluationSpec {
        nonNegativeFinite(epsilonL2, "epsilonL2");
        nonNegativeFinite(epsilonLinf, "epsilonLinf");
        positive(attackSteps, "attackSteps");
        positive(evalSize, "evalSize");
    }
}
