package radlab.rademacher;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * F = {x ↦ ⟨w, x⟩ : ‖w‖₁ ≤ B}: sup = (B/n)‖Σσ_i x_i‖_∞ exactly (maximiser ±B·e_j). Massart over the 2d vertices
 * gives R̂ ≤ B·max_i‖x_i‖_∞·√(2 ln(2d)/n) (docs/theory.md §4.3).
 */
public final class LinearL1Ball extends LinearBall {

    public LinearL1Ball(INDArray x, double bound) {
        super(x, bound);
    }

    @Override
    public double[] suprema(INDArray signs) {
        INDArray v = signedSums(signs);
        return Transforms.abs(v, false).max(1).muli(bound / sampleSize()).toDoubleVector();
    }

    @Override
    public double[] valueBounds() {
        return Transforms.abs(x, true).max(1).muli(bound).toDoubleVector();
    }

    /** Massart's bound B·max_i‖x_i‖_∞·√(2 ln(2d)/n). */
    public double massartUpperBound() {
        double maxInf = Transforms.abs(x, true).maxNumber().doubleValue();
        return bound * maxInf * Math.sqrt(2 * Math.log(2.0 * x.columns()) / sampleSize());
    }

    @Override
    public String describe() {
        return String.format("linear ‖w‖₁ ≤ %s on %d×%d", bound, x.rows(), x.columns());
    }
}
