package radlab.bounds;

import java.util.List;

/**
 * Explicit-constant Rademacher bound for the γ-ramp-loss class of the Bartlett–Foster–Telgarsky spectrally
 * normalised networks, in the form of the public implementation accompanying Graf, Zeng, Niethammer &amp; Kwitt
 * (NeurIPS 2022), their Lemma A.8 (docs/theory.md §6.3):
 * <pre>
 *   R̂_S(F_γ) ≤ 4/n + (12·ln n/√n)·√(ln(2W̄))·(Σ_i C̃_i^{2/3})^{3/2},   C̃_i = (4/γ)(‖X‖_F/√n)(∏_l ρ s_l)(b_i/s_i)
 * </pre>
 * with s_i = ‖A_i‖_σ, b_i = ‖A_iᵀ‖_{2,1} (reference matrices M_i = 0), so (Σ C̃_i^{2/3})^{3/2} = (4/γ)(‖X‖_F/√n)·R_A
 * with R_A the BFT spectral complexity.
 */
public final class GrafSpectralRademacher implements Bound {
    @Override
    public String id() {
        return "graf-bft-rademacher";
    }

    @Override
    public String name() {
        return "BFT Rademacher term (Graf et al. constants)";
    }

    @Override
    public String citation() {
        return "Graf et al., NeurIPS 2022, Lemma A.8 as in their public code, for the spectral complexity of Bartlett–Foster–Telgarsky 2017 (arXiv 1706.08498)";
    }

    @Override
    public String theorySection() {
        return "§6.3";
    }

    @Override
    public Quantity quantity() {
        return Quantity.RADEMACHER;
    }

    @Override
    public List<Assumption> assumptions() {
        return List.of(Assumption.DENSE_LAYERS, Assumption.LIPSCHITZ_ACTIVATION, Assumption.NO_BIASES);
    }

    @Override
    public List<Term> terms(BoundInputs in) {
        int n = in.data().n();
        return List.of(new Term("discretisation", "4/n", 4.0 / n), new Term("complexity", "(12 ln n/√n)·√ln(2W̄)·(4/γ)(‖X‖_F/√n)·R_A",
                complexityTerm(in)));
    }

    /** The bound's value R̂_S(F_γ) ≤ 4/n + …, the single home of the formula (also used by {@link BftMarginBound}). */
    static double rademacher(BoundInputs in) {
        return 4.0 / in.data().n() + complexityTerm(in);
    }

    private static double complexityTerm(BoundInputs in) {
        double gamma = in.margin().gamma();
        if (!(gamma > 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("margin γ must be positive and finite, got " + gamma);
        int n = in.data().n();
        double scale = (4 / gamma) * (in.data().xFrobenius() / Math.sqrt(n)) * spectralComplexity(in);
        return (12 * Math.log(n) / Math.sqrt(n)) * Math.sqrt(Math.log(2.0 * in.maxWidth())) * scale;
    }

    /**
     * BFT spectral complexity R_A = (∏_i ρ_i‖A_i‖_σ)·(Σ_i (‖A_iᵀ‖_{2,1}/‖A_i‖_σ)^{2/3})^{3/2} (BFT 2017, Theorem 1.1),
     * with the activation slope ρ on the L − 1 hidden layers.
     */
    static double spectralComplexity(BoundInputs in) {
        return in.norms().lipschitzUpperBound() * Math.pow(in.norms().bftSum(false), 1.5);
    }
}
