package radlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;

class DeterminismTest {
    static final DataSplit SMALL = Splits.stratified(MnistLoader.shippedSubset(), 600, 200, 9);

    static Mlp train(long seed, OptimizerConfig oc) {
        Mlp m = Mlp.initialize(MlpSpec.of(784, new int[] {32}, 10, Activation.RELU), seed, DataType.FLOAT);
        new Trainer(new TrainConfig(2, 50, oc, 1e-4, 1, seed), new CrossEntropyObjective(), null).fit(m, SMALL);
        return m;
    }

    @Test
    void sameSeedGivesIdenticalWeights() {
        for (OptimizerConfig oc : new OptimizerConfig[] {OptimizerConfig.adam(1e-3), OptimizerConfig.sgd(0.05, 0.9)}) {
            Mlp a = train(4, oc), b = train(4, oc);
            for (int i = 0; i < a.parameters().size(); i++) assertEquals(a.parameters().get(i), b.parameters().get(i), oc + " param " + i);
            Mlp c = train(5, oc);
            assertNotEquals(a.weight(0), c.weight(0), "another seed gives other weights");
        }
    }

    @Test
    void divergenceStopsWithClearMessage() {
        Mlp m = Mlp.initialize(MlpSpec.of(784, new int[] {32}, 10, Activation.RELU), 1, DataType.FLOAT);
        m.weight(0).muli(1e30f);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () ->
                new Trainer(TrainConfig.of(1, 50, OptimizerConfig.sgd(10, 0.9), 1), new CrossEntropyObjective(), null).fit(m, SMALL));
        assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("epoch 1"), e.getMessage());
    }
}
