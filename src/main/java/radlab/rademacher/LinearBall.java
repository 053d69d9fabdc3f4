package radlab.rademacher;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Linear classes {x ↦ ⟨w, x⟩ : ‖w‖ ≤ B} on a fixed sample: by duality their supremum is (B/n)·‖Σσ_i x_i‖_* in the
 * dual norm, so m draws cost one (m×n)·(n×d) matmul ({@link #signedSums}).
 */
abstract class LinearBall implements FunctionClass {
    final INDArray x;
    final double bound;

    LinearBall(INDArray x, double bound) {
        this.x = Samples.checkMatrix(x, "sample").castTo(DataType.DOUBLE);
        this.bound = Samples.checkBound(bound);
    }

    /** Rows Σ_i σ_i x_i, one per sign draw (m × d). */
    final INDArray signedSums(INDArray signs) {
        return radlab.nn.layer.Gemm.product(Samples.checkSigns(signs, sampleSize(), 1), false, x, false);
    }

    @Override
    public final int sampleSize() {
        return (int) x.rows();
    }

    @Override
    public final boolean exact() {
        return true;
    }
}
