package radlab.spec;

import static radlab.spec.SpecException.nonNegativeFinite;
import static radlab.spec.SpecException.positive;
import static radlab.spec.SpecException.positiveFinite;
import static radlab.spec.SpecException.require;

/**
 * What training minimises, as a sealed type: plain cross-entropy, cross-entropy + λ‖J‖_F² (exact, or estimated from
 * R random projections), cross-entropy + λ‖J‖_{1,1}, PGD adversarial training, TRADES, input-gradient
 * regularization, or spectral-norm regularization (penalty and/or hard bound). Each kind carries exactly its own
 * parameters, so a λ can never be silently ignored. An optional step size or bound is NaN when absent.
 */
public sealed interface ObjectiveSpec {
    /** The kinds' names in JSON, in the order error messages list them. */
    String KINDS = "plain, l2-jacobian, l1-jacobian, adversarial, trades, input-gradient or spectral";

    /** The kind's name in JSON: one of {@link #KINDS}. */
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

    /**
     * PGD adversarial training in the {@code norm} ball of radius ε ("l2" or "linf") with {@code steps} steps of size
     * {@code stepSize} (NaN: the standard 2.5·ε/steps) and a random start.
     */
    record Adversarial(String norm, double epsilon, int steps, double stepSize) implements ObjectiveSpec {
        public Adversarial {
            checkNorm(norm);
            positiveFinite(epsilon, "epsilon");
            positive(steps, "steps");
            optionalStepSize(stepSize);
        }

        /** With the standard step size 2.5·ε/steps. */
        public Adversarial(String norm, double epsilon, int steps) {
            this(norm, epsilon, steps, Double.NaN);
        }

        /** The step size PGD takes: the spec's, or 2.5·ε/steps. */
        public double effectiveStepSize() {
            return Double.isNaN(stepSize) ? 2.5 * epsilon / steps : stepSize;
        }

        public String kind() {
            return "adversarial";
        }
    }

    /**
     * TRADES (Zhang et al. 2019): cross-entropy + β·KL(f(x) ‖ f(x′)), x′ from {@code steps} sign-gradient (ℓ∞) or
     * normalised-gradient (ℓ2) ascent steps on the KL in the ε-ball; {@code stepSize} NaN = 2.5·ε/steps.
     */
    record Trades(double beta, String norm, double epsilon, int steps, double stepSize) implements ObjectiveSpec {
        public Trades {
            nonNegativeFinite(beta, "beta");
            checkNorm(norm);
            positiveFinite(epsilon, "epsilon");
            positive(steps, "steps");
            optionalStepSize(stepSize);
        }

        public double effectiveStepSize() {
            return Double.isNaN(stepSize) ? 2.5 * epsilon / steps : stepSize;
        }

        public String kind() {
            return "trades";
        }
    }

    /** Input-gradient regularization (Ross &amp; Doshi-Velez 2018): cross-entropy + λ·‖∇ₓℓ_CE‖₂², batch mean. */
    record InputGradient(double lambda) implements ObjectiveSpec {
        public InputGradient {
            nonNegativeFinite(lambda, "lambda");
        }

        public String kind() {
            return "input-gradient";
        }
    }

    /**
     * Spectral-norm regularization: cross-entropy + (λ/2)·Σ_l σ_max(W_l)² (Yoshida &amp; Miyato 2017) and, when
     * {@code bound} is set (not NaN), the hard constraint σ_max(W_l) ≤ bound after every step.
     */
    record Spectral(double lambda, double bound) implements ObjectiveSpec {
        public Spectral {
            nonNegativeFinite(lambda, "lambda");
            require(Double.isNaN(bound) || bound > 0 && Double.isFinite(bound), "bound", "must be positive and finite, got " + bound);
        }

        public String kind() {
            return "spectral";
        }
    }

    private static void checkNorm(String norm) {
        require("l2".equals(norm) || "linf".equals(norm), "norm", "expected l2 or linf, got '" + norm + "'");
    }

    private static void optionalStepSize(double stepSize) {
        require(Double.isNaN(stepSize) || stepSize > 0 && Double.isFinite(stepSize), "stepSize", "must be positive and finite, got " + stepSize);
    }
}
