package radlab.bench;

import org.nd4j.linalg.api.buffer.DataType;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.DataSplit;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.train.CrossEntropyObjective;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;
import radlab.train.Trainer;

/** What several benchmarks set up: a trained network and a threat model. */
final class BenchSetup {
    private BenchSetup() {}

    /** The threat model named by a benchmark's {@code norm} parameter at radlab's standard radius: ℓ2 ε = 1, ℓ∞ ε = 0.1. */
    static ThreatModel threat(String norm) {
        AttackNorm n = AttackNorm.parse(norm);
        return new ThreatModel(n, n == AttackNorm.L2 ? 1.0 : 0.1);
    }

    /** A float32 ReLU MLP 784-hidden-10 trained on {@code data}: seed 1, Adam 0.001, batch 64. */
    static Mlp mlp(DataSplit data, int epochs, int... hidden) {
        Mlp net = Mlp.initialize(MlpSpec.of(784, hidden, 10, Activation.RELU), 1, DataType.FLOAT);
        new Trainer(TrainConfig.of(epochs, 64, OptimizerConfig.adam(1e-3), 1), new CrossEntropyObjective(), null).fit(net, data);
        return net;
    }
}
