package radlab.bounds;

import java.util.List;

/**
 * Golowich–Rakhlin–Shamir size-independent bound on the Rademacher complexity of real-valued depth-L networks with
 * 1-Lipschitz positively homogeneous activations (docs/theory.md §6.6):
 * R̂_S ≤ (√(2·ln2·L) + 1)·∏_j‖A_j‖_F·‖X‖_F/n, the class of one output coordinate, as the theorem states it. Graf et
 * al.'s code (golowich_fro) reports K times this for a K-class network; radlab does not.
 */
public final class GrsRademacher implements Bound {
    @Override
    public String id() {
        return "grs-rademacher";
    }

    @Override
    public String name() {
        return "GRS Frobenius term";
    }

    @Override
    public String citation() {
        return "Golowich, Rakhlin & Shamir, COLT 2018 (arXiv 1712.06541), Theorem 1 (one real-valued output)";
    }

    @Override
    public String theorySection() {
        return "§6.6";
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
        double v = (Math.sqrt(2 * Math.log(2) * depth) + 1) * in.norms().productFrobenius() * in.data().xFrobenius() / in.data().n();
        return List.of(new Term("rademacher", "(√(2·ln2·L) + 1)·∏‖A_j‖_F·‖X‖_F/n", v));
    }
}
