package radlab.bench;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import radlab.attack.AttackNorm;
import radlab.attack.Pgd;
import radlab.attack.RobustEvaluator;
import radlab.attack.RobustMetrics;
import radlab.attack.ThreatModel;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianNorms;
import radlab.jacobian.JacobianRegularizedObjective;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.layer.Activation;
import radlab.nn.Architecture;
import radlab.nn.Network;
import radlab.nn.layer.ImageShape;
import radlab.train.CrossEntropyObjective;
import radlab.train.Objective;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;
import radlab.train.Trainer;
import radlab.train.TrainingHistory;
import radlab.train.EpochStats;

/**
 * The CNN numbers of issue #10, printed: epoch time on the shipped split (8,000 training digits, batch 64), batched
 * input-Jacobian time for 1,000 images, and clean accuracy, mean test ‖J‖_F and PGD robust accuracy with and without
 * ℓ2 Jacobian regularization. Run with {@code OMP_NUM_THREADS=1 java -cp … radlab.bench.CnnMeasurements ARCH EPOCHS LAMBDA}.
 */
public final class CnnMeasurements {
    public static void main(String[] args) {
        String arch = args.length > 0 ? args[0] : "cnn:c16k5-p2-c32k5-p2-d64";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double lambda = args.length > 2 ? Double.parseDouble(args[2]) : 0.01;
        List<String> which = args.length > 3 ? List.of(args[3].split(",")) : List.of("none", "l2");
        DataSplit data = Splits.stratified(MnistLoader.shippedSubset(), 8000, 2000, 42);
        Architecture a = Architecture.parse(arch, new ImageShape(1, 28, 28), 10, Activation.RELU);
        System.out.printf("%s: %d parameters%n", a.describe(), a.parameterCount());
        for (String reg : which) {
            Network net = Network.initialize(a, 1, DataType.FLOAT);
            long cpu0 = cpu(), wall0 = System.nanoTime();
            // "l2": exact ℓ2 Jacobian regularizer; "l2pR": its unbiased estimate with R random projections per sample
            Objective obj = reg.equals("none") ? new CrossEntropyObjective()
                    : new JacobianRegularizedObjective(JacobianRegularizer.L2, lambda, reg.startsWith("l2p") ? Integer.parseInt(reg.substring(3)) : 0, 1);
            TrainingHistory h = new Trainer(TrainConfig.of(epochs, 64, OptimizerConfig.adam(1e-3), 1), obj, null).fit(net, data);
            System.out.printf("  %s: %d epochs in %.1f s wall, %.1f s process CPU (incl. per-epoch evaluation of 10,000 digits)%n", reg, epochs,
                    (System.nanoTime() - wall0) / 1e9, (cpu() - cpu0) / 1e9);
            for (EpochStats e : h.epochs()) System.out.printf("  %s epoch %d: %.1f s, test acc %.4f%n", reg, e.epoch(), e.trainSeconds(), e.test().accuracy());
            INDArray x1000 = data.test().features().get(NDArrayIndex.interval(0, 1000), NDArrayIndex.all());
            InputJacobians.norms(net, x1000.get(NDArrayIndex.interval(0, 100), NDArrayIndex.all()), 100); // warm-up
            long t0 = System.nanoTime(), c0 = cpu();
            JacobianNorms jn = InputJacobians.norms(net, x1000, 250);
            double jt = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  Jacobians of 1,000 images (4 batches of 250): %.2f s wall, %.2f s process CPU%n", jt, (cpu() - c0) / 1e9);
            RobustMetrics l2 = RobustEvaluator.evaluate(net, subset(data, 1000), Pgd.standard(new ThreatModel(AttackNorm.L2, 1.0), 20, 1));
            RobustMetrics li = RobustEvaluator.evaluate(net, subset(data, 1000), Pgd.standard(new ThreatModel(AttackNorm.LINF, 0.1), 20, 1));
            System.out.printf("  %s: s/epoch %.1f, clean test acc %.4f, mean test ‖J‖_F %.3f (1000 images, Jacobians in %.2f s), "
                            + "PGD-20 ℓ2 ε=1 acc %.4f, PGD-20 ℓ∞ ε=0.1 acc %.4f%n", reg, h.meanEpochSeconds(), h.last().test().accuracy(),
                    jn.meanFrobenius(), jt, l2.adversarial().accuracy(), li.adversarial().accuracy());
        }
    }

    /** CPU time of the whole process (all threads), ns: wall time is meaningless on the shared machine. */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static radlab.data.Dataset subset(DataSplit d, int n) {
        var t = d.test();
        return new radlab.data.Dataset(t.name() + "[:" + n + "]", t.features().get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup(),
                java.util.Arrays.copyOf(t.labels(), n), t.numClasses());
    }
}
