package radlab.bounds;

import java.util.List;

/**
 * Bartlett–Foster–Telgarsky spectrally-normalised margin bound on the test error (docs/theory.md §6.4): with
 * probability ≥ 1 − δ,
 * <pre>
 *   P(argmax_j f(x)_j ≠ y) ≤ R̂_γ(f) + 2·R̂_S(F_γ) + 3·√(ln(2/δ)/(2n))
 * </pre>
 * where R̂_γ is the training margin loss at margin γ, R̂_S(F_γ) BFT's own explicit-constant Rademacher bound
 * ({@link BftRademacher}, Lemma A.8) and the last term the confidence term of the [0,1]-valued ramp loss
 * ({@link ConfidenceTerm}). This fixed-γ, fixed-norm form is what BFT 2017 Theorem 1.1 makes uniform over γ and the
 * norms by a union bound (with extra logarithmic terms); it is guaranteed only if γ is fixed before seeing the data.
 */
public final class BftMarginBound implements Bound {
    @Override
    public String id() {
        return "bft-margin";
    }

    @Override
    public String name() {
        return "BFT spectral margin bound";
    }

    @Override
    public String citation() {
        return "Bartlett, Foster & Telgarsky, NeurIPS 2017 (arXiv 1706.08498), Theorem 1.1 at a fixed margin, with the Rademacher term of their Lemma A.8 (as written in the code of Graf et al. 2022)";
    }

    @Override
    public String theorySection() {
        return "§6.4";
    }

    @Override
    public Quantity quantity() {
        return Quantity.TEST_ERROR;
    }

    @Override
    public List<Assumption> assumptions() {
        return List.of(Assumption.DENSE_LAYERS, Assumption.LIPSCHITZ_ACTIVATION, Assumption.NO_BIASES, Assumption.MARGIN_FIXED_IN_ADVANCE);
    }

    @Override
    public List<Term> terms(BoundInputs in) {
        return List.of(new Term("margin_loss", "R̂_γ (training margin loss)", in.margin().trainMarginLoss()),
                new Term("rademacher", "2·R̂_S(F_γ)", 2 * BftRademacher.rademacher(in)),
                new Term("confidence", "3√(ln(2/δ)/(2n))", ConfidenceTerm.of(in.data().n(), in.delta(), 1.0)));
    }
}
