package radlab.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Dense's products: float64 keeps exactly the bits of the mmul expressions they replaced; float32 runs oneDNN's matmul
 * ({@link Gemm#product}), whose result must be accurate (≤ 1e-6 of the GEMM error scale Σ|a||b| against the float64
 * product), repeatable, and independent of how the operands are laid out (a row-range view with an offset, as
 * Evaluator passes, or an f-order batch give the bits of the contiguous copy).
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class DenseProductTest {
    private static void sameBits(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        assertArrayEquals(expected.dup('c').data().asDouble(), actual.dup('c').data().asDouble(), 0.0, what);
    }

    /** |expected - actual| ≤ 1e-6 · scale entrywise, expected computed in float64 from the same operands. */
    private static void accurate(INDArray exact, INDArray scale, INDArray actual, String what) {
        assertArrayEquals(exact.shape(), actual.shape(), what);
        double worst = Transforms.abs(exact.sub(actual.castTo(DataType.DOUBLE)), false).div(scale.add(1e-30)).maxNumber().doubleValue();
        assertTrue(worst <= 1e-6, what + ": " + worst);
    }

    private static INDArray d(INDArray a) {
        return a.castTo(DataType.DOUBLE);
    }

    @Test
    void doubleProductsAreBitIdenticalToMmul() {
        Nd4j.getRandom().setSeed(11);
        DataType t = DataType.DOUBLE;
        INDArray w = Nd4j.randn(t, 37, 23), b = Nd4j.randn(t, 1, 23);
        Dense dense = new Dense(w, b);
        INDArray big = Nd4j.randn(t, 90, 37);
        for (INDArray x : List.of(big.get(NDArrayIndex.interval(0, 64), NDArrayIndex.all()).dup(),
                big.get(NDArrayIndex.interval(20, 84), NDArrayIndex.all()), big.get(NDArrayIndex.interval(0, 64), NDArrayIndex.all()).dup('f'))) {
            INDArray g = Nd4j.randn(t, 64, 23);
            sameBits(x.mmul(w).addiRowVector(b), dense.forward(x), "forward");
            assertEquals('c', dense.forward(x).ordering());
            sameBits(x.mmul(w), dense.applyOperator(x), "operator");
            sameBits(g.mmul(w.transpose()), dense.inputVjp(g, null, 1), "vjp");
            sameBits(g.mmul(w.transpose()), dense.applyTranspose(g), "transpose");
            sameBits(x.transpose().mmul(g), dense.parameterGradients(x, g).get(0), "weight gradient");
            sameBits(g.sum(true, 0), dense.parameterGradients(x, g).get(1), "bias gradient");
        }
    }

    @Test
    void floatProductsAreAccurateRepeatableAndLayoutIndependent() {
        Nd4j.getRandom().setSeed(13);
        DataType t = DataType.FLOAT;
        INDArray w = Nd4j.randn(t, 37, 23), b = Nd4j.randn(t, 1, 23), aw = Transforms.abs(d(w), true);
        Dense dense = new Dense(w, b);
        INDArray big = Nd4j.randn(t, 90, 37);
        INDArray contiguous = big.get(NDArrayIndex.interval(20, 84), NDArrayIndex.all()).dup();
        INDArray g = Nd4j.randn(t, 64, 23);
        INDArray forward = dense.forward(contiguous), vjp = dense.inputVjp(g, null, 1), grad = dense.parameterGradients(contiguous, g).get(0);
        assertEquals('c', forward.ordering());
        INDArray ax = Transforms.abs(d(contiguous), true), ag = Transforms.abs(d(g), true);
        accurate(d(contiguous).mmul(d(w)), ax.mmul(aw), dense.applyOperator(contiguous), "operator");
        accurate(d(g).mmul(d(w).transpose()), ag.mmul(aw.transpose()), vjp, "vjp");
        accurate(d(contiguous).transpose().mmul(d(g)), ax.transpose().mmul(ag), grad, "weight gradient");
        sameBits(g.sum(true, 0), dense.parameterGradients(contiguous, g).get(1), "bias gradient");
        sameBits(vjp, dense.applyTranspose(g), "transpose");
        sameBits(forward, dense.forward(contiguous), "repeated forward");
        for (INDArray x : List.of(big.get(NDArrayIndex.interval(20, 84), NDArrayIndex.all()), contiguous.dup('f'))) {
            sameBits(forward, dense.forward(x), "forward of a " + (x.isView() ? "view" : x.ordering() + "-order copy"));
            sameBits(grad, dense.parameterGradients(x, g).get(0), "weight gradient of a " + (x.isView() ? "view" : x.ordering() + "-order copy"));
        }
        sameBits(vjp, dense.inputVjp(g.dup('f'), null, 1), "vjp of an f-order gradient");
    }
}
