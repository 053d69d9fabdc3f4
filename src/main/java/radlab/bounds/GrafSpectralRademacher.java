package radlab.bounds;

import java.util.List;

/**
 * Graf, Zeng, Niethammer &amp; Kwitt (NeurIPS 2022), Theorem 3.5 (its first, norm-based bound), for the γ-ramp-loss
 * class of spectrally normalised networks, as their public code computes it (rkwitt/excess_capacity,
 * bounds/rademacher_bounds.py, {@code Bounds.ours_norms}; docs/theory.md §6.3):
 * <pre>
 *   R̂_S(F_γ) ≤ 4/n + (12·ln n/√n)·√(ln(2W))·(Σ_i C_i^{2/3})^{3/2}
 * </pre>
 * with W the largest layer's number of parameters ({@code W = self.params.max()}, here {@link BoundInputs#maxLayerEntries()})
 * and C_i as in {@link SpectralCovering}. Their code measures b_i from the initialisation; radlab uses M_i = 0.
 */
public final class GrafSpectralRademacher implements Bound {
    /** The constant of Graf et al.'s Theorem 3.5 ({@code 12*self.n.log()/self.n.sqrt()} in ours_norms). */
    static final double CONSTANT = 12;

    @Override
    public String id() {
        return "graf-bft-rademacher";
    }

    @Override
    public String name() {
        return "Spectral Rademacher term (Graf et al. Theorem 3.5)";
    }

    @Override
    public String citation() {
        return "Graf, Zeng, Niethammer & Kwitt, NeurIPS 2022, Theorem 3.5 (first bound; Bounds.ours_norms in their code "
                + "rkwitt/excess_capacity), for the spectral complexity of Bartlett–Foster–Telgarsky 2017 (arXiv 1706.08498)";
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
        return SpectralCovering.terms(in, CONSTANT);
    }

    /** The bound's value R̂_S(F_γ) ≤ 4/n + …. */
    static double rademacher(BoundInputs in) {
        return SpectralCovering.rademacher(in, CONSTANT);
    }

    /** R_A, see {@link SpectralCovering#spectralComplexity}. */
    static double spectralComplexity(BoundInputs in) {
        return SpectralCovering.spectralComplexity(in);
    }
}
