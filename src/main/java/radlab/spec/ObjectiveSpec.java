package radlab.spec;

import static radlab.spec.SpecException.nonNegativeFinite;
import static radlab.spec.SpecException.positive;
import static radlab.spec.SpecException.positiveFinite;
import static radlab.spec.SpecException.require;

/**
 * What training minimises, as a sealed type: plain cross-entropy, cross-entropy + λ‖J‖_F² (exact, or estimated from
 * R random projections), cross-entropy + λ‖J‖_{1,1}, or PGD adversarial training. Each kind carries exactly its own
 * parameters, so a λ can never be silently ignored.
 */
public sealed interface ObjectiveSpec {
    /** The kind's name in JSON: plain, l2-jacobian, l1-jacobian or adversarial. */
    String kind();

    record Plain() implements ObjectiveSpec {
        public String kind() {
            return "plain";
        }
    }

    /** λ·‖∇ₓf‖_F²; {@code projections} 0 = exact gradient, R ≥ 1 = unbiased estimate from R random projections. */
    record JacobianL2(double lambda, int projections) implements ObjectiveSpec {
        public JacobianL2 {
            nonNegativeFinite(lambda, "lambda");
            require(projections >= 0, "projections", "must be ≥ 0 (0 = exact), got " + projections);
        }

        public String kind() {
            return "l2-jacobian";
        }
    }

    /** λ·‖∇ₓf‖_{1,1} (exact gradient). */
    record JacobianL1(double lambda) implements ObjectiveSpec {
        public JacobianL1 {
            nonNegativeFinite(lambda, "lambda");
        }

        public String kind() {
            return "l1-jacobian";
        }
    }

    /** PGD adversarial training in the {@code norm} ball of radius ε ("l2" or "linf") with {@code steps} steps. */
    record Adversarial(String norm, double epsilon, int steps) implements ObjectiveSpec {
        public Adversarial {
            require("l2".equals(norm) || "linf".equals(norm), "norm", "expected l2 or linf, got '" + norm + "'");
            positiveFinite(epsilon, "epsilon");
            positive(steps, "steps");
        }

        public String kind() {
            return "adversarial";
        }
    }
}
