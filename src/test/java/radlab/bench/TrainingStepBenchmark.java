package radlab.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import radlab.data.MnistLoader;
import radlab.jacobian.JacobianRegularizedObjective;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.train.CrossEntropyObjective;
import radlab.train.Objective;

/**
 * One training objective evaluation with gradients (forward + backward, no optimizer step) on a 64-image minibatch
 * of a 784-256-256-10 ReLU net, float32. The ratio regularized/plain is the per-step cost of Jacobian regularization
 * (the "cost" axis of the paper's experiments); an epoch is 125 such steps plus the optimizer updates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class TrainingStepBenchmark {
    @Param({"plain", "l2-exact", "l2-proj1", "l1-exact"})
    public String objective;

    Mlp net;
    INDArray x;
    int[] y;
    Objective obj;

    @Setup
    public void setup() {
        net = Mlp.initialize(MlpSpec.of(784, new int[] {256, 256}, 10, Activation.RELU), 1, DataType.FLOAT);
        var data = MnistLoader.shippedSubset();
        x = data.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 64), org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        y = java.util.Arrays.copyOf(data.labels(), 64);
        obj = switch (objective) {
            case "plain" -> new CrossEntropyObjective();
            case "l2-exact" -> JacobianRegularizedObjective.exact(JacobianRegularizer.L2, 0.01);
            case "l2-proj1" -> new JacobianRegularizedObjective(JacobianRegularizer.L2, 0.01, 1, 7);
            case "l1-exact" -> JacobianRegularizedObjective.exact(JacobianRegularizer.L1, 0.01);
            default -> throw new IllegalArgumentException(objective);
        };
    }

    @Benchmark
    public double step() {
        return obj.evaluate(net, x, y).loss();
    }
}
