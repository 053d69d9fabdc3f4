package radlab.bounds;

import java.util.List;

/**
 * The Dudley-integral form shared by the two explicit-constant spectral Rademacher bounds of docs/theory.md §6.3
 * ({@link GrafSpectralRademacher}, {@link BftRademacher}): for the γ-ramp-loss class F_γ,
 * <pre>
 *   R̂_S(F_γ) ≤ 4/n + (c·ln n/√n)·√(ln(2W̄))·(Σ_i C_i^{2/3})^{3/2},   C_i = (4/γ)(‖X‖_F/√n)(∏_l ρ s_l)(b_i/s_i)
 * </pre>
 * with s_i = ‖A_i‖_σ, b_i = ‖A_iᵀ‖_{2,1} (reference matrices M_i = 0) and W̄ = {@link BoundInputs#maxLayerEntries()}, so
 * (Σ C_i^{2/3})^{3/2} = (4/γ)(‖X‖_F/√n)·R_A with R_A the BFT spectral complexity. The sources differ only in c.
 */
final class SpectralCovering {
    private SpectralCovering() {}

    static List<Term> terms(BoundInputs in, double c) {
        return List.of(new Term("discretisation", "4/n", 4.0 / in.data().n()),
                new Term("complexity", "(" + (int) c + " ln n/√n)·√ln(2W̄)·(4/γ)(‖X‖_F/√n)·R_A", complexity(in, c)));
    }

    static double rademacher(BoundInputs in, double c) {
        return 4.0 / in.data().n() + complexity(in, c);
    }

    private static double complexity(BoundInputs in, double c) {
        double gamma = in.margin().gamma();
        if (!(gamma > 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("margin γ must be positive and finite, got " + gamma);
        int n = in.data().n();
        double scale = (4 / gamma) * (in.data().xFrobenius() / Math.sqrt(n)) * spectralComplexity(in);
        return (c * Math.log(n) / Math.sqrt(n)) * Math.sqrt(Math.log(2.0 * in.maxLayerEntries())) * scale;
    }

    /**
     * BFT spectral complexity R_A = (∏_i ρ_i‖A_i‖_σ)·(Σ_i (‖A_iᵀ‖_{2,1}/‖A_i‖_σ)^{2/3})^{3/2} (BFT 2017, Theorem 1.1),
     * with the activation slope ρ on the L − 1 hidden layers.
     */
    static double spectralComplexity(BoundInputs in) {
        return in.norms().lipschitzUpperBound() * Math.pow(in.norms().bftSum(false), 1.5);
    }
}
