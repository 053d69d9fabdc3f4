package radlab.jacobian;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.MnistLoader;
import radlab.nn.Architecture;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.Model;
import radlab.nn.Network;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ImageShape;

/**
 * {@link InputJacobians#norms} caps its batch by memory (issue #14: a CNN batch of 250 is estimated at ~4 GB of trace). Each sample's
 * Jacobian comes from its own row, but BLAS may sum in another order for another number of rows (measured: 1e-9
 * relative in float at batch 1), so the norms agree within 1e-6 relative; the default float MLP keeps its batch of
 * 250 and with it the same bits as before.
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class InputJacobiansBatchTest {
    private static final INDArray X = MnistLoader.shippedSubset().features().get(
            org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 23), org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();

    @Test
    void normsAreBitIdenticalForEveryBatchSize() {
        Model mlp = Mlp.initialize(MlpSpec.of(784, new int[] {64, 32}, 10, Activation.RELU), 4, DataType.FLOAT);
        Model cnn = Network.initialize(Architecture.parse("cnn:c4k5-p2-c8k3-p2-d16", new ImageShape(1, 28, 28), 10, Activation.RELU), 7, DataType.FLOAT);
        for (Model m : new Model[] {mlp, cnn, mlp.copy(DataType.DOUBLE)}) {
            JacobianNorms whole = InputJacobians.norms(m, X.castTo(m.dataType()), 250);
            for (int batch : new int[] {1, 4, 10}) {
                JacobianNorms parts = InputJacobians.norms(m, X.castTo(m.dataType()), batch);
                String what = m.describe() + " batch " + batch;
                assertClose(whole.frobenius(), parts.frobenius(), what);
                assertClose(whole.l11(), parts.l11(), what);
                assertClose(whole.operator(), parts.operator(), what);
                assertClose(whole.infTo2Bound(), parts.infTo2Bound(), what);
            }
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 * Math.abs(expected[i]), what + " sample " + i);
        }
    }

    /**
     * compute() runs the recursion in a reused workspace and keeps only g_0: the same bits as the full trace
     * (VjpTrace.run, the path it replaced), on repeated calls, and the forward pass stays usable afterwards.
     */
    @Test
    void computeIsBitIdenticalToTheTrace() {
        Model mlp = Mlp.initialize(MlpSpec.of(784, new int[] {64, 32}, 10, Activation.RELU), 4, DataType.FLOAT);
        Model cnn = Network.initialize(Architecture.parse("cnn:c4k5-p2-c8k3-p2-d16", new ImageShape(1, 28, 28), 10, Activation.TANH), 7, DataType.FLOAT);
        for (Model m : new Model[] {mlp, cnn, mlp.copy(DataType.DOUBLE)}) {
            INDArray x = X.castTo(m.dataType());
            int n = (int) x.rows(), k = m.outputDim();
            radlab.nn.ForwardPass fp = m.forward(x);
            INDArray first = InputJacobians.compute(fp), again = InputJacobians.compute(fp);
            radlab.nn.ForwardPass fresh = m.forward(x);
            INDArray trace = VjpTrace.run(fresh, InputJacobians.oneHotSeeds(n, k, m.dataType()), k).inputGradient();
            INDArray traceOnOldPass = VjpTrace.run(fp, InputJacobians.oneHotSeeds(n, k, m.dataType()), k).inputGradient();
            org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {n, k, m.inputDim()}, first.shape());
            org.junit.jupiter.api.Assertions.assertFalse(first.isAttached(), "the result outlives the workspace");
            for (INDArray a : new INDArray[] {again, trace, traceOnOldPass}) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(a.dup('c').data().asDouble(), first.dup('c').data().asDouble(), 0.0, m.describe());
            }
            // the caller owns the result: close() frees its buffer now (a reshaped view would ignore it)
            org.junit.jupiter.api.Assertions.assertTrue(first.closeable(), m.describe());
            first.close();
            org.junit.jupiter.api.Assertions.assertTrue(first.data().wasClosed(), m.describe());
            org.junit.jupiter.api.Assertions.assertFalse(again.data().wasClosed(), "each call's result has its own buffer");
        }
    }

    /**
     * frobenius() never forms J for a dense first layer (‖gWᵀ‖² = g·WᵀW·gᵀ): it must equal the norms of the explicit
     * Jacobians, summed entry by entry here, to rounding — 1e-12 relative in double, 1e-5 in float — for MLPs of one
     * and two hidden layers, for every batch size, and through the fallback for a CNN.
     */
    @Test
    void frobeniusWithoutFormingJEqualsTheExplicitJacobiansNorms() {
        Model one = Mlp.initialize(MlpSpec.of(784, new int[] {40}, 10, Activation.RELU), 3, DataType.DOUBLE);
        Model two = Mlp.initialize(MlpSpec.of(784, new int[] {64, 32}, 10, Activation.SOFTPLUS), 4, DataType.DOUBLE);
        Model cnn = Network.initialize(Architecture.parse("cnn:c4k5-p2-c8k3-p2-d16", new ImageShape(1, 28, 28), 10, Activation.RELU), 7, DataType.FLOAT);
        for (Model m : new Model[] {one, two, two.copy(DataType.FLOAT), cnn}) {
            INDArray x = X.castTo(m.dataType());
            double[] explicit = new double[(int) x.rows()];
            double[] j = InputJacobians.compute(m, x).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            int per = m.outputDim() * m.inputDim();
            for (int i = 0; i < explicit.length; i++) {
                double sum = 0;
                for (int e = 0; e < per; e++) sum += j[i * per + e] * j[i * per + e];
                explicit[i] = Math.sqrt(sum);
            }
            double tol = m.dataType() == DataType.DOUBLE ? 1e-12 : 1e-5;
            for (int batch : new int[] {250, 5, 1}) {
                double[] fast = InputJacobians.frobenius(m, x, batch);
                assertEquals(explicit.length, fast.length);
                for (int i = 0; i < explicit.length; i++) {
                    assertEquals(explicit[i], fast[i], tol * explicit[i], m.describe() + " batch " + batch + " sample " + i);
                }
            }
        }
    }

    @Test
    void batchRowsFollowTheTraceSize() {
        Model mlp = Mlp.initialize(MlpSpec.of(784, new int[] {256, 256}, 10, Activation.RELU), 1, DataType.FLOAT);
        // Σ (in + out) = 1040 + 512 + 512 + 512 + 266 = 2,842 values; × 4 · K=10 · 4 bytes = 454,720 bytes per sample
        assertEquals((128L << 20) / 454_720, InputJacobians.rowsWithin(mlp, InputJacobians.BATCH_BYTES));
        assertEquals(true, InputJacobians.rowsWithin(mlp, InputJacobians.BATCH_BYTES) >= 250, "the default MLP keeps the callers' batch of 250");
        Model cnn = Network.initialize(Architecture.parse("cnn:c32k5-p2-c64k5-p2-d128", new ImageShape(1, 28, 28), 10, Activation.RELU), 1, DataType.FLOAT);
        int rows = InputJacobians.rowsWithin(cnn, InputJacobians.BATCH_BYTES);
        assertEquals(true, rows >= 1 && rows < 20, "CNN batches shrink to a few rows: " + rows);
        assertEquals(1, InputJacobians.rowsWithin(cnn, 1));
    }
}
