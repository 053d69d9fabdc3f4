package radlab.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import radlab.attack.AttackNorm;
import radlab.attack.Pgd;
import radlab.attack.ThreatModel;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianRegularizedObjective;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.Architecture;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.Model;
import radlab.nn.Network;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ImageShape;
import radlab.rademacher.LinearL2Ball;
import radlab.rademacher.RademacherEstimator;
import radlab.train.CrossEntropyObjective;
import radlab.train.Objective;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;
import radlab.train.Trainer;

/**
 * radlab's side of the PyTorch comparison ({@code bench/pytorch/run.sh} runs both sides interleaved and prints the
 * ratio table). Each workload is the same work as the function of the same name in
 * {@code bench/pytorch/reference.py}: 784-256-256-10 ReLU MLP (cnn-*: {@value #CNN}), float32, shipped MNIST subset (first 8,000 rows train,
 * last 2,000 test), batch 64, Adam 1e-3, λ = 0.01. One operation = one whole workload (single shot).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// JavaCPP's per-allocation memory check off, as in the CLI's child JVM, where radlab.util.MemoryGovernor enforces the limit
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0"})
public class PyTorchComparisonBenchmark {
    @Param({"train-plain", "train-l2-exact", "train-l2-proj1", "train-l1-exact", "jacobians", "pgd20-linf", "rademacher-l2",
            "cnn-train-plain", "cnn-train-l2-exact", "cnn-jacobians", "cnn-pgd20-linf"})
    public String workload;

    /** The CNN of the cnn-* workloads (reference.py's cnn()). */
    static final String CNN = "cnn:c32k5-p2-c64k5-p2-d128";

    Model net;
    DataSplit split;
    Trainer trainer;
    INDArray x1000;
    int[] y1000;
    LinearL2Ball ball;

    @Setup
    public void setup() {
        Dataset all = MnistLoader.shippedSubset();
        split = new DataSplit(rows(all, 0, 8000, "train"), rows(all, 8000, 10_000, "test"));
        boolean cnn = workload.startsWith("cnn-");
        String w = cnn ? workload.substring(4) : workload;
        net = cnn ? Network.initialize(Architecture.parse(CNN, new ImageShape(1, 28, 28), 10, Activation.RELU), 1, DataType.FLOAT)
                : Mlp.initialize(MlpSpec.of(784, new int[] {256, 256}, 10, Activation.RELU), 1, DataType.FLOAT);
        Objective obj = switch (w) {
            case "train-l2-exact" -> JacobianRegularizedObjective.exact(JacobianRegularizer.L2, 0.01);
            case "train-l2-proj1" -> new JacobianRegularizedObjective(JacobianRegularizer.L2, 0.01, 1, 7);
            case "train-l1-exact" -> JacobianRegularizedObjective.exact(JacobianRegularizer.L1, 0.01);
            default -> new CrossEntropyObjective();
        };
        trainer = new Trainer(TrainConfig.of(1, 64, OptimizerConfig.adam(1e-3), 1), obj, null);
        boolean attack = w.startsWith("pgd");
        Dataset src = attack ? split.test() : split.train();
        x1000 = src.features().get(NDArrayIndex.interval(0, 1000), NDArrayIndex.all()).dup();
        y1000 = Arrays.copyOf(src.labels(), 1000);
        ball = new LinearL2Ball(split.train().features(), 1.0);
    }

    private static Dataset rows(Dataset d, int from, int to, String name) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return d.rows(r, name);
    }

    /**
     * The 1,000 Jacobians' sum, the result then released as torch releases its tensor (by reference count) and as
     * radlab's own callers do (InputJacobians.norms): left to the collector, each call's 31 MB result was a fresh
     * mapping whose pages the kernel zero-filled, more than half of the time on an AMD EPYC (JFR).
     */
    private double jacobianSum() {
        INDArray j = InputJacobians.compute(net, x1000);
        double s = j.sumNumber().doubleValue();
        j.close();
        return s;
    }

    @Benchmark
    public double run() {
        return switch (workload) {
            case "jacobians" -> jacobianSum();
            // the CNN's Jacobians in 4 chunks of 250 digits, as radlab's evaluation and reference.py chunk them
            case "cnn-jacobians" -> InputJacobians.norms(net, x1000, 250).meanFrobenius();
            case "pgd20-linf", "cnn-pgd20-linf" -> Pgd.standard(new ThreatModel(AttackNorm.LINF, 0.1), 20, 1).perturb(net, x1000, y1000).sumNumber().doubleValue();
            case "rademacher-l2" -> new RademacherEstimator(1000, 1, 1, 0.95).estimate(ball).mean();
            default -> trainer.fit(net, split).last().objective();
        };
    }
}
