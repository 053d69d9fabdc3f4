package radlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.LossGradient;
import radlab.data.Dataset;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.WorkingMemory;
import radlab.nn.layer.Activation;

/**
 * The whole-data-set measures (margins, per-sample losses) run in batches; over more rows than one batch they must
 * equal the definitions evaluated sample by sample in float64, so no batch boundary drops, repeats or shifts a row.
 */
class WholeSetMeasuresTest {
    @Test
    void marginsAndLossesOverSeveralBatchesEqualTheirDefinitionsPerSample() {
        Mlp m = Mlp.initialize(MlpSpec.of(6, new int[] {5}, 4, Activation.RELU), 3, DataType.DOUBLE);
        int n = 2 * Evaluator.DEFAULT_BATCH + 17;
        assertTrue(WorkingMemory.evaluationBatch(m, Evaluator.DEFAULT_BATCH) < n, "the data must span several batches");
        Random r = new Random(5);
        double[][] x = new double[n][6];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 6; j++) x[i][j] = r.nextGaussian();
            y[i] = r.nextInt(4);
        }
        Dataset d = new Dataset("random", Nd4j.create(x), y, 4);
        double[] margins = Evaluator.margins(m, d), losses = LossGradient.losses(m, d);
        assertEquals(n, margins.length);
        assertEquals(n, losses.length);
        for (int i : new int[] {0, 1, Evaluator.DEFAULT_BATCH - 1, Evaluator.DEFAULT_BATCH, Evaluator.DEFAULT_BATCH + 1, n - 1}) {
            INDArray row = Nd4j.create(x[i], new long[] {1, 6}, DataType.DOUBLE);
            double[] f = m.logits(row).toDoubleVector();
            double other = Double.NEGATIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sumExp = 0;
            for (int k = 0; k < 4; k++) {
                if (k != y[i]) other = Math.max(other, f[k]);
                max = Math.max(max, f[k]);
            }
            for (int k = 0; k < 4; k++) sumExp += Math.exp(f[k] - max);
            assertEquals(f[y[i]] - other, margins[i], 1e-12, "margin of row " + i);
            assertEquals(max + Math.log(sumExp) - f[y[i]], losses[i], 1e-12, "cross-entropy of row " + i);
        }
    }
}
