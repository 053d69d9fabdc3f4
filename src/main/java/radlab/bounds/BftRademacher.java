package radlab.bounds;

import java.util.List;

/**
 * Bartlett, Foster &amp; Telgarsky (NeurIPS 2017, arXiv 1706.08498), Lemma A.8: the Dudley-integral bound on the
 * Rademacher complexity of the γ-ramp-loss class, in the explicit form of the public code of Graf et al. 2022
 * (rkwitt/excess_capacity, bounds/rademacher_bounds.py, {@code Bounds.bartlett}; docs/theory.md §6.3):
 * <pre>
 *   R̂_S(F_γ) ≤ 4/n + (9·ln n/√n)·√(ln(2W̄))·(Σ_i C_i^{2/3})^{3/2}
 * </pre>
 * with W̄ = max_i d_i·m_i the entry count of the largest layer matrix (their {@code barW}; the ln(2dm) of BFT's matrix
 * covering lemma, taken at the largest layer) and C_i as in {@link SpectralCovering}.
 */
public final class BftRademacher implements Bound {
    /** The constant of BFT's Lemma A.8 as Graf et al. transcribe it ({@code 9*self.n.log()/self.n.sqrt()} in bartlett). */
    static final double CONSTANT = 9;

    @Override
    public String id() {
        return "bft-rademacher";
    }

    @Override
    public String name() {
        return "Spectral Rademacher term (BFT Lemma A.8)";
    }

    @Override
    public String citation() {
        return "Bartlett, Foster & Telgarsky, NeurIPS 2017 (arXiv 1706.08498), Lemma A.8, as written in the public code of "
                + "Graf et al. 2022 (Bounds.bartlett in rkwitt/excess_capacity)";
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

    /** The bound's value R̂_S(F_γ) ≤ 4/n + … (also used by {@link BftMarginBound}). */
    static double rademacher(BoundInputs in) {
        return SpectralCovering.rademacher(in, CONSTANT);
    }
}
