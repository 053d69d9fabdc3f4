package radlab.rademacher;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.jacobian.InputJacobians;
import radlab.nn.Model;

/**
 * Per-sample ‖J(x_i)‖_F or ‖J(x_i)‖_{1,1} only (docs/theory.md §2.1), in batches: the inner loop of sign fitting
 * needs one of them per step, not the operator norms (one eigendecomposition per sample) that
 * {@link radlab.jacobian.JacobianNorms} also computes.
 */
final class JacobianValues {
    private static final int BATCH = 250;

    private JacobianValues() {}

    static double[] frobenius(Model m, INDArray x) {
        return InputJacobians.frobenius(m, x, BATCH);
    }

    static double[] l11(Model m, INDArray x) {
        return radlab.data.Batches.mapRows((int) x.rows(), BATCH, (start, end) -> {
            INDArray j = InputJacobians.compute(m, radlab.data.Batches.rows(x, start, end)).castTo(DataType.DOUBLE);
            return Transforms.abs(j, true).sum(1, 2).dup('c').data().asDouble();
        });
    }

    static double meanFrobenius(Model m, INDArray x) {
        return java.util.Arrays.stream(frobenius(m, x)).average().orElse(Double.NaN);
    }
}
