package radlab.rademacher;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * F = {x ↦ ⟨w, x⟩ : ‖w‖₂ ≤ B}. By duality sup_f (1/n)Σσ_i⟨w,x_i⟩ = (B/n)‖Σ_i σ_i x_i‖₂ exactly (maximiser
 * w = B·v/‖v‖ with v = Σσ_i x_i); m draws cost one (m×n)·(n×d) matmul. Bounds (docs/theory.md §4.3; Mohri Thm 5.10):
 * Jensen R̂ ≤ (B/n)√(Σ‖x_i‖²), Khintchine–Kahane R̂ ≥ (B/(√2·n))√(Σ‖x_i‖²).
 */
public final class LinearL2Ball extends LinearBall {

    public LinearL2Ball(INDArray x, double bound) {
        super(x, bound);
    }

    @Override
    public double[] suprema(INDArray signs) {
        INDArray v = signedSums(signs);
        return v.norm2(1).muli(bound / sampleSize()).toDoubleVector();
    }

    @Override
    public double[] valueBounds() {
        return x.norm2(1).muli(bound).toDoubleVector();
    }

    /** The Jensen upper bound (B/n)·√(Σ‖x_i‖₂²) = B‖X‖_F/n. */
    public double jensenUpperBound() {
        return bound * x.norm2Number().doubleValue() / sampleSize();
    }

    /** The Khintchine–Kahane lower bound, 1/√2 of the Jensen bound. */
    public double khintchineLowerBound() {
        return jensenUpperBound() / Math.sqrt(2);
    }

    @Override
    public String describe() {
        return String.format("linear ‖w‖₂ ≤ %s on %d×%d", bound, x.rows(), x.columns());
    }
}
