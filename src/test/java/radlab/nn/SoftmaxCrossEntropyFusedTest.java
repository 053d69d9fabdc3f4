package radlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;

/**
 * The fused float softmax cross-entropy against the ND4J formulation it replaced ({@link SoftmaxCrossEntropy#evaluateNd4j}):
 * losses and their mean within 1e-6·max(1, |value|) (relative, or absolute in nats for losses below 1, where one ulp
 * of exp in a sum near 1 is 1.2e-7), gradient entries within 1e-6·max(1/n, |value|) (the gradient's scale is 1/n).
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class SoftmaxCrossEntropyFusedTest {
    @Test
    void fusedFloatPathMatchesTheNd4jFormulation() {
        SplittableRandom rnd = new SplittableRandom(17);
        int cases = 0;
        for (int n : new int[] {1, 7, 64, 1000}) {
            for (int k : new int[] {2, 10, 37}) {
                for (double scale : new double[] {0.01, 1, 10, 80}) {
                    float[] z = new float[n * k];
                    int[] labels = new int[n];
                    for (int i = 0; i < z.length; i++) z[i] = (float) (scale * rnd.nextGaussian() + (rnd.nextInt(5) == 0 ? 30 : 0));
                    for (int i = 0; i < n; i++) labels[i] = rnd.nextInt(k);
                    INDArray logits = Nd4j.create(z, new long[] {n, k});
                    for (DataType yType : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                        INDArray y = Dataset.oneHot(labels, k, yType);
                        assertTrue(SoftmaxCrossEntropy.fusedApplies(logits));
                        SoftmaxCrossEntropy.Result fused = SoftmaxCrossEntropy.evaluate(logits, y), ref = SoftmaxCrossEntropy.evaluateNd4j(logits, y);
                        String what = n + "×" + k + " scale " + scale + " labels " + yType;
                        assertEquals(DataType.FLOAT, fused.perExample().dataType());
                        assertEquals(DataType.FLOAT, fused.gradMean().dataType());
                        assertEquals(java.util.Arrays.toString(ref.perExample().shape()), java.util.Arrays.toString(fused.perExample().shape()), what);
                        assertEquals(java.util.Arrays.toString(ref.gradMean().shape()), java.util.Arrays.toString(fused.gradMean().shape()), what);
                        float[] lf = fused.perExample().toFloatVector(), lr = ref.perExample().toFloatVector();
                        for (int i = 0; i < n; i++) assertEquals(lr[i], lf[i], 1e-6 * Math.max(1, Math.abs(lr[i])), what + " loss " + i);
                        assertEquals(ref.mean(), fused.mean(), 1e-6 * Math.max(1, Math.abs(ref.mean())), what + " mean");
                        float[] gf = fused.gradMean().dup('c').data().asFloat(), gr = ref.gradMean().dup('c').data().asFloat();
                        for (int i = 0; i < gf.length; i++) assertEquals(gr[i], gf[i], 1e-6 * Math.max(1.0 / n, Math.abs(gr[i])), what + " grad " + i);
                        cases++;
                    }
                }
            }
        }
        assertEquals(96, cases);
    }

    @Test
    void doublePrecisionAndViewsKeepTheirPaths() {
        INDArray d = Nd4j.randn(DataType.DOUBLE, 5, 4);
        assertFalse(SoftmaxCrossEntropy.fusedApplies(d));
        INDArray y = Dataset.oneHot(new int[] {0, 1, 2, 3, 0}, 4, DataType.DOUBLE);
        assertEquals(SoftmaxCrossEntropy.evaluateNd4j(d, y).gradMean(), SoftmaxCrossEntropy.evaluate(d, y).gradMean());
        // a strided float view (every other column of a wider array) goes through the fused loop via a copy
        INDArray wide = Nd4j.randn(DataType.FLOAT, 5, 8), view = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 8));
        INDArray yf = y.castTo(DataType.FLOAT);
        SoftmaxCrossEntropy.Result a = SoftmaxCrossEntropy.evaluate(view, yf), b = SoftmaxCrossEntropy.evaluateNd4j(view.dup(), yf);
        assertEquals(b.mean(), a.mean(), 1e-6 * Math.max(1, Math.abs(b.mean())));
    }
}
