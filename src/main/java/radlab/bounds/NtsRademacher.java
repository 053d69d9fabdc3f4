package radlab.bounds;

import java.util.List;

/**
 * Neyshabur–Tomioka–Srebro Frobenius-product (group-norm, p = q = 2) bound on the Rademacher complexity of a
 * real-valued depth-L ReLU network (docs/theory.md §6.5), in the constant used by the Graf et al. (2022) code:
 * R̂_S ≤ 2^{L−1}·∏_j‖A_j‖_F·‖X‖_F/(√2·n), the class of one output coordinate (‖A_L‖_F bounds each output row's norm).
 * Graf et al.'s code reports K times this for a K-class network (its multi-class reduction); radlab does not, so the
 * value is comparable with the real-valued network class of the Monte Carlo estimator. The constant is uncertain
 * (docs/theory.md §6.5); the exponential-in-depth factor is the point.
 */
public final class NtsRademacher implements Bound {
    @Override
    public String id() {
        return "nts-rademacher";
    }

    @Override
    public String name() {
        return "NTS Frobenius-product term";
    }

    @Override
    public String citation() {
        return "Neyshabur, Tomioka & Srebro, COLT 2015 (arXiv 1503.00036), group-norm bound with p = q = 2, one real-valued output; constant 2^{L−1}/√2 as in Graf et al. 2022, whose code also multiplies by the number of classes";
    }

    @Override
    public String theorySection() {
        return "§6.5";
    }

    @Override
    public Quantity quantity() {
        return Quantity.RADEMACHER;
    }

    @Override
    public List<Assumption> assumptions() {
        return List.of(Assumption.DENSE_LAYERS, Assumption.HOMOGENEOUS_ACTIVATION, Assumption.NO_BIASES);
    }

    @Override
    public List<Term> terms(BoundInputs in) {
        int depth = in.norms().layers().size();
        double v = Math.pow(2, depth - 1) * in.norms().productFrobenius() * in.data().xFrobenius() / (Math.sqrt(2) * in.data().n());
        return List.of(new Term("rademacher", "2^{L−1}·∏‖A_j‖_F·‖X‖_F/(√2·n)", v));
    }
}
