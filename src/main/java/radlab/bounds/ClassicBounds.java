package radlab.bounds;

import radlab.norms.LayerNorms;
import radlab.norms.NetworkNorms;

/**
 * Classic norm-based capacity terms, each from one source (formulas as collected in the project's paper notes §5).
 * Notation: n samples, ‖X‖_F = √(Σ_i‖x_i‖₂²), A_i the layer matrices (out × in), L layers, W̄ the widest layer.
 * All assume 1-Lipschitz activations with σ(0) = 0 (ReLU); networks with biases are covered only after folding the
 * biases into the weights, which these functions do not do — callers flag that.
 */
public final class ClassicBounds {
    private ClassicBounds() {}

    /**
     * Bartlett–Foster–Telgarsky 2017 (arXiv 1706.08498) spectral complexity
     * R_A = (∏_i ρ_i‖A_i‖_σ)·(Σ_i (‖A_iᵀ − M_iᵀ‖_{2,1}/‖A_i‖_σ)^{2/3})^{3/2}, with ρ_i the activation slopes and
     * reference M_i = 0 or the initialisation.
     */
    public static double bftSpectralComplexity(NetworkNorms norms, boolean fromInit) {
        return norms.lipschitzUpperBound() * Math.pow(norms.bftSum(fromInit), 1.5);
    }

    /**
     * Explicit-constant Rademacher bound for the γ-ramp-loss class of BFT networks, in the form used by the public
     * implementation accompanying Graf et al. (NeurIPS 2022), their Lemma A.8:
     * R̂_S(F_γ) ≤ 4/n + (12·ln n/√n)·√(ln(2W̄))·(Σ_i C̃_i^{2/3})^{3/2}, C̃_i = (4/γ)(‖X‖_F/√n)(∏_l s_l)(b_i/s_i),
     * with s_i = ‖A_i‖_σ and b_i = ‖A_iᵀ − M_iᵀ‖_{2,1}. Note (Σ C̃_i^{2/3})^{3/2} = (4/γ)(‖X‖_F/√n)·R_A.
     */
    public static double bftRademacher(NetworkNorms norms, double xFrobenius, int n, double gamma, boolean fromInit) {
        requirePositive(gamma, "margin γ");
        int width = norms.layers().stream().mapToInt(l -> Math.max(l.rows(), l.columns())).max().orElse(1);
        double scale = (4 / gamma) * (xFrobenius / Math.sqrt(n)) * bftSpectralComplexity(norms, fromInit);
        return 4.0 / n + (12 * Math.log(n) / Math.sqrt(n)) * Math.sqrt(Math.log(2.0 * width)) * scale;
    }

    /**
     * Neyshabur–Tomioka–Srebro 2015 (arXiv 1503.00036) Frobenius-product bound for a real-valued depth-L ReLU net,
     * in the constant used by the Graf et al. code: 2^{L−1}·∏_j‖A_j‖_F·‖X‖_F/(√2·n). The constant is UNSURE
     * (notes §5.2); the exponential-in-depth factor is the point.
     */
    public static double ntsRademacher(NetworkNorms norms, double xFrobenius, int n) {
        int depth = norms.layers().size();
        return Math.pow(2, depth - 1) * norms.productFrobenius() * xFrobenius / (Math.sqrt(2) * n);
    }

    /**
     * Golowich–Rakhlin–Shamir 2018 (arXiv 1712.06541) Theorem 1, real-valued depth-L nets with positively homogeneous
     * 1-Lipschitz activations: R̂_S ≤ (√(2·ln2·L) + 1)·∏_j‖A_j‖_F·‖X‖_F/n.
     */
    public static double grsRademacher(NetworkNorms norms, double xFrobenius, int n) {
        int depth = norms.layers().size();
        return (Math.sqrt(2 * Math.log(2) * depth) + 1) * norms.productFrobenius() * xFrobenius / n;
    }

    /**
     * The deviation term of the standard Rademacher generalization bound for losses in [0, M] (Mohri Thm 3.3;
     * notes §5.8): 3M·√(ln(2/δ)/(2n)).
     */
    public static double confidenceTerm(int n, double delta, double lossRange) {
        if (n <= 0) throw new IllegalArgumentException("n must be positive, got " + n);
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("δ must be in (0,1), got " + delta);
        return 3 * lossRange * Math.sqrt(Math.log(2 / delta) / (2.0 * n));
    }

    /**
     * BFT margin bound on the test error (Theorem 1.1 with the constants above): with probability ≥ 1−δ,
     * P(error) ≤ R̂_γ + 2·R̂_S(F_γ) + 3√(ln(2/δ)/(2n)), where R̂_γ is the training margin loss at margin γ.
     */
    public static double bftErrorBound(double trainMarginLoss, NetworkNorms norms, double xFrobenius, int n, double gamma, double delta) {
        return trainMarginLoss + 2 * bftRademacher(norms, xFrobenius, n, gamma, false) + confidenceTerm(n, delta, 1.0);
    }

    static void requirePositive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
    }

    /** Σ_i (‖A_i‖_F/‖A_i‖_σ)^{2/3}, the stable-rank sum used by the Jacobian-class reconstruction. */
    static double stableRankSum(NetworkNorms norms) {
        double s = 0;
        for (LayerNorms l : norms.layers()) s += Math.pow(l.frobenius() / l.spectral(), 2.0 / 3.0);
        return s;
    }
}
