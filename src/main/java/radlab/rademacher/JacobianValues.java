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
            // the Jacobians and their double copy are this call's own (castTo returns raw itself for a double model):
            // |·| in place, and both freed now rather than by the collector (InputJacobians.compute says why)
            INDArray raw = InputJacobians.compute(m, radlab.data.Batches.rows(x, start, end)), j = raw.castTo(DataType.DOUBLE);
            double[] out = Transforms.abs(j, false).sum(1, 2).dup('c').data().asDouble();
            if (j != raw) j.close();
            raw.close();
            return out;
        });
    }

    static double meanFrobenius(Model m, INDArray x) {
        return java.util.Arrays.stream(frobenius(m, x)).average().orElse(Double.NaN);
    }
}
