package radlab.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link Gemm#mmulC} (the transposed problem, no f→c copy) against mmul: within 1e-6 of the GEMM error scale
 * Σ_k |a_ik|·|b_kj| everywhere, and bit-identical where it holds — OpenBLAS's SkylakeX kernels above the small-matrix
 * limit (m·n·k > 10⁶), which radlab's launcher selects on AVX-512 CPUs. With the Cooperlake/Haswell kernels the float
 * bits differ (~1e-7 relative, measured), so the bit check runs only when OPENBLAS_CORETYPE=SkylakeX.
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class GemmTransposedTest {
    private static final boolean SKYLAKEX = "skylakex".equalsIgnoreCase(System.getenv("OPENBLAS_CORETYPE"));

    @Test
    void transposedProductMatchesMmul() {
        // {m, k, n}: the Jacobian shapes (10 seed rows per sample), a training batch, and small odd ones
        int[][] shapes = {{2560, 256, 784}, {2560, 256, 256}, {2560, 10, 256}, {640, 256, 784}, {64, 784, 256}, {70, 41, 29}, {3, 5, 2}};
        GemmCases.forEach(21, shapes, c -> {
            INDArray a = c.a(), b = c.b();
            boolean ta = c.transposeA(), tb = c.transposeB();
            String what = c.what();
            INDArray expected = Gemm.mmul(a, ta, b, tb), actual = Gemm.mmulC(a, ta, b, tb);
            assertEquals('c', actual.ordering(), what);
            assertArrayEquals(expected.shape(), actual.shape(), what);
            INDArray scale = Gemm.mmul(Transforms.abs(a, true), ta, Transforms.abs(b, true), tb);
            double worst = Transforms.abs(expected.sub(actual), false).div(scale).maxNumber().doubleValue();
            assertTrue(worst <= 1e-6, what + ": " + worst);
            if (SKYLAKEX && c.multiplyAdds() > 1e6) {
                assertArrayEquals(expected.data().asDouble(), actual.dup('c').data().asDouble(), 0.0, what + " bits");
            }
        });
    }

    @Test
    void denseUsesTheOneProductForEverySeedCount() {
        Nd4j.getRandom().setSeed(22);
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray w = Nd4j.randn(t, 37, 23);
            Dense d = new Dense(w, Nd4j.randn(t, 1, 23));
            INDArray g = Nd4j.randn(t, 60, 23), u = Nd4j.randn(t, 60, 37);
            for (int r : new int[] {1, 10}) {
                assertArrayEquals(Gemm.product(g, false, w, true).data().asDouble(), d.inputVjp(g, null, r).dup('c').data().asDouble(), 0.0, t + " R=" + r);
                assertArrayEquals(Gemm.product(u, false, w, false).data().asDouble(), d.vjpAdjoint(u, null, r).dup('c').data().asDouble(), 0.0, t + " R=" + r);
            }
        }
    }
}
