package radlab.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Dense's GEMM calls give exactly the bits of the mmul expressions they replace (speed only, issue #14). */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class DenseProductTest {
    private static void sameBits(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        assertArrayEquals(expected.dup('c').data().asDouble(), actual.dup('c').data().asDouble(), 0.0, what);
    }

    @Test
    void productsAreBitIdenticalToMmul() {
        Nd4j.getRandom().setSeed(11);
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray w = Nd4j.randn(t, 37, 23), b = Nd4j.randn(t, 1, 23);
            Dense d = new Dense(w, b);
            INDArray big = Nd4j.randn(t, 90, 37);
            // a contiguous batch, a row-range view with an offset (what Evaluator passes), an f-order batch
            for (INDArray x : List.of(big.get(NDArrayIndex.interval(0, 64), NDArrayIndex.all()).dup(),
                    big.get(NDArrayIndex.interval(20, 84), NDArrayIndex.all()), big.get(NDArrayIndex.interval(0, 64), NDArrayIndex.all()).dup('f'))) {
                INDArray g = Nd4j.randn(t, 64, 23);
                sameBits(x.mmul(w).addiRowVector(b), d.forward(x), t + " forward");
                assertEquals('c', d.forward(x).ordering());
                sameBits(x.mmul(w), d.applyOperator(x), t + " operator");
                sameBits(g.mmul(w.transpose()), d.inputVjp(g, null, 1), t + " vjp");
                sameBits(g.mmul(w.transpose()), d.applyTranspose(g), t + " transpose");
                sameBits(x.transpose().mmul(g), d.parameterGradients(x, g).get(0), t + " weight gradient");
                sameBits(g.sum(true, 0), d.parameterGradients(x, g).get(1), t + " bias gradient");
            }
        }
    }

    @Test
    void gemmIsBitIdenticalToMmulOfTheViews() {
        Nd4j.getRandom().setSeed(12);
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.randn(t, 70, 41), b = Nd4j.randn(t, 41, 29), c = Nd4j.randn(t, 70, 29), w = Nd4j.randn(t, 41, 41);
            sameBits(a.mmul(b), Gemm.mmul(a, false, b, false), t + " a·b");
            sameBits(a.transpose().mmul(c), Gemm.mmul(a, true, c, false), t + " aᵀ·c");
            sameBits(a.transpose().mmul(c), Gemm.mmulF(a, true, c, false), t + " aᵀ·c, f order");
            sameBits(c.mmul(b.transpose()), Gemm.mmul(c, false, b, true), t + " c·bᵀ");
            sameBits(w.transpose().mmul(w), Gemm.mmul(w, true, w, false), t + " wᵀ·w");
            assertEquals('c', Gemm.mmul(a, true, c, false).ordering());
        }
    }
}
