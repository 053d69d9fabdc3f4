package radlab.rademacher;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * F = {x ↦ ⟨w, x⟩ : ‖w‖₁ ≤ B}: sup = (B/n)‖Σσ_i x_i‖_∞ exactly (maximiser ±B·e_j). Massart over the 2d vertices
 * gives R̂ ≤ B·max_i‖x_i‖_∞·√(2 ln(2d)/n) (shared notes §5.4).
 */
public final class LinearL1Ball implements FunctionClass {
    private final INDArray x;
    private final double bound;

    public LinearL1Ball(INDArray x, double bound) {
        this.x = Samples.checkMatrix(x, "sample").castTo(DataType.DOUBLE);
        this.bound = Samples.checkBound(bound);
    }

    @Override
    public int sampleSize() {
        return (int) x.rows();
    }

    @Override
    public double[] suprema(INDArray signs) {
        INDArray v = Samples.checkSigns(signs, sampleSize(), 1).mmul(x);
        return Transforms.abs(v, false).max(1).muli(bound / sampleSize()).toDoubleVector();
    }

    @Override
    public boolean exact() {
        return true;
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
