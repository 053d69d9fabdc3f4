package radlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;

/**
 * The foundation's acceptance test: a seeded 784-100-10 MLP reaches ≥ 95 % test accuracy on the shipped subset
 * (8000/2000 split). Without augmentation this net plateaus at 94–95 % on 8000 digits (measured over split seeds
 * 1, 2, 3, 42), so the test trains with ±1-pixel shifts, which gave 95.8–96.2 % on the same seeds.
 */
class MnistAccuracyTest {
    @Test
    void seededMlpReaches95PercentOnShippedSubset() {
        DataSplit split = Splits.stratified(MnistLoader.shippedSubset(), 8000, 2000, 42);
        Mlp model = Mlp.initialize(MlpSpec.of(784, new int[] {100}, 10, Activation.RELU), 1, DataType.FLOAT);
        TrainConfig cfg = new TrainConfig(15, 64, OptimizerConfig.adam(1e-3), 0.0, 1, 7);
        TrainingHistory h = new Trainer(cfg, new CrossEntropyObjective(), null).fit(model, split);
        System.out.println(h);
        double acc = h.last().test().accuracy();
        assertEquals(2000, h.last().test().n());
        assertTrue(acc >= 0.95, "test accuracy " + acc + " < 0.95");
    }
}
