package radlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ImageShape;
import radlab.train.Evaluator;
import radlab.train.Metrics;

/** Batch sizing by estimated working memory (issue #14): the counts by hand, the caps, and that capping does not change results. */
class WorkingMemoryTest {
    @Test
    void mlpValuesAreEveryLayersInputAndOutput() {
        Mlp mlp = Mlp.initialize(MlpSpec.of(784, new int[] {256, 256}, 10, Activation.RELU), 1, DataType.FLOAT);
        // dense 784→256, relu 256, dense 256→256, relu 256, dense 256→10
        assertEquals((784 + 256) + 512 + 512 + 512 + (256 + 10), WorkingMemory.valuesPerSample(mlp));
        // the default MLP keeps its evaluation batch of 2,000 and its attack batch of 500 (so its numbers do not move)
        assertEquals(2000, WorkingMemory.evaluationBatch(mlp, 2000));
        assertEquals(500, WorkingMemory.attackBatch(mlp, 500));
    }

    @Test
    void float64ConvolutionsAddTheirWindows() {
        Network cnn = Network.initialize(Architecture.parse("cnn:c32k5-p2-c64k5-p2-d128", new ImageShape(1, 28, 28), 10, Activation.RELU), 1, DataType.DOUBLE);
        long conv1 = 784 + 32 * 24 * 24 + 24 * 24 * 25, relu1 = 2L * 32 * 24 * 24, pool1 = 32 * 24 * 24 + 32 * 12 * 12;
        long conv2 = 32 * 12 * 12 + 64 * 8 * 8 + 8 * 8 * (32 * 25), relu2 = 2L * 64 * 8 * 8, pool2 = 64 * 8 * 8 + 64 * 4 * 4;
        long flatten = 2L * 1024, dense1 = 1024 + 128, relu3 = 2 * 128, dense2 = 128 + 10;
        assertEquals(conv1 + relu1 + pool1 + conv2 + relu2 + pool2 + flatten + dense1 + relu3 + dense2, WorkingMemory.valuesPerSample(cnn));
        int rows = WorkingMemory.evaluationBatch(cnn, 2000);
        assertTrue(rows < 2000 && rows * 4L * WorkingMemory.valuesPerSample(cnn) * 8 <= WorkingMemory.BATCH_BYTES
                && (rows + 1) * 4L * WorkingMemory.valuesPerSample(cnn) * 8 > WorkingMemory.BATCH_BYTES, "largest batch within the target: " + rows);
        assertEquals(1, WorkingMemory.rowsWithin(cnn, 2000, 1, 4), "at least one row");
        // in float32 (oneDNN's kernels, no batch-wide windows) the same layers count inputs and outputs only
        Network single = Network.initialize(cnn.architecture(), 1, DataType.FLOAT);
        assertEquals(conv1 + relu1 + pool1 + conv2 + relu2 + pool2 + flatten + dense1 + relu3 + dense2 - 24 * 24 * 25 - 8 * 8 * (32 * 25),
                WorkingMemory.valuesPerSample(single));
    }

    @Test
    void evaluationMetricsDoNotDependOnTheBatch() {
        Network cnn = Network.initialize(Architecture.parse("cnn:c4k3-p2-d8", new ImageShape(1, 10, 10), 3, Activation.RELU), 3, DataType.FLOAT);
        Nd4j.getRandom().setSeed(5);
        int n = 40;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i % 3;
        Dataset d = new Dataset("toy", Nd4j.rand(DataType.FLOAT, n, 100), y, 3);
        Metrics all = Evaluator.evaluate(cnn, d, n), small = Evaluator.evaluate(cnn, d, 7);
        assertEquals(all.accuracy(), small.accuracy());
        assertEquals(all.loss(), small.loss(), 1e-6 * Math.abs(all.loss()));
    }
}
