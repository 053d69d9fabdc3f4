package radlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Architecture;
import radlab.nn.Network;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ImageShape;

/**
 * A seeded small CNN reaches ≥ 97 % test accuracy on the shipped subset (8000/2000 split), where the MLP of
 * {@link MnistAccuracyTest} plateaus at 94–95 %: 12 epochs of batch 32 (3,000 Adam steps), judged by the mean of the
 * last three epochs, because the test accuracy of a single epoch moves by ±0.4 points from epoch to epoch (and with
 * the last bits of the convolution kernels: 96.95 % at epoch 8 with oneDNN's, 97.15 % with im2col's). Measured with
 * oneDNN on an Intel Xeon: epochs 10–12 at 97.40, 97.30, 97.20 %, 45 s wall. Tagged slow
 * (run with {@code mvn test -Pslow -Dtest=MnistCnnAccuracyTest}).
 */
@Tag("slow")
class MnistCnnAccuracyTest {
    @Test
    void seededSmallCnnReaches97PercentOnShippedSubset() {
        DataSplit split = Splits.stratified(MnistLoader.shippedSubset(), 8000, 2000, 42);
        Network net = Network.initialize(Architecture.parse("cnn:c16k5-p2-c32k5-p2-d64", new ImageShape(1, 28, 28), 10, Activation.RELU),
                1, DataType.FLOAT);
        TrainingHistory h = new Trainer(TrainConfig.of(12, 32, OptimizerConfig.adam(1e-3), 7), new CrossEntropyObjective(), null).fit(net, split);
        h.epochs().forEach(e -> System.out.printf("epoch %d test accuracy %.4f%n", e.epoch(), e.test().accuracy()));
        double acc = h.epochs().subList(9, 12).stream().mapToDouble(e -> e.test().accuracy()).average().orElseThrow();
        assertEquals(2000, h.last().test().n());
        assertTrue(acc >= 0.97, "mean test accuracy of epochs 10-12 " + acc + " < 0.97");
    }
}
