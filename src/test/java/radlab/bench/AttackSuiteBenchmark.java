package radlab.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import radlab.attack.AttackSuite;
import radlab.attack.Pgd;
import radlab.attack.RobustEvaluator;
import radlab.attack.ThreatModel;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;

/**
 * Robust evaluation of 1,000 test digits on a trained 784-256-256-10 ReLU net (float32, 3 epochs on 4,000 images):
 * the default APGD suite (100 steps, 1 restart, 9 target classes) against PGD-10, under ℓ∞ (ε = 0.1) and ℓ2 (ε = 1).
 * The suite's cost depends on how many samples survive APGD-CE (only survivors meet APGD-DLR and the targeted attack).
 * One iteration is tens of seconds: run with {@code -Dbench.args="AttackSuite -wi 0 -i 2"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class AttackSuiteBenchmark {
    @Param({"linf", "l2"})
    String norm;

    Mlp net;
    Dataset test;
    ThreatModel threat;

    @Setup
    public void setup() {
        DataSplit data = Splits.stratified(MnistLoader.shippedSubset(), 4000, 1000, 42);
        net = BenchSetup.mlp(data, 3, 256, 256);
        test = data.test();
        threat = BenchSetup.threat(norm);
    }

    @Benchmark
    public double pgd10() {
        return RobustEvaluator.evaluate(net, test, Pgd.standard(threat, 10, 1)).adversarial().accuracy();
    }

    @Benchmark
    public double apgdSuite() {
        return RobustEvaluator.evaluate(net, test, AttackSuite.standard(threat, 1)).adversarial().accuracy();
    }
}
