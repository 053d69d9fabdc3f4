package radlab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.train.CrossEntropyObjective;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;
import radlab.train.Trainer;
import radlab.verify.CompleteVerifier;
import radlab.verify.Outcome;
import radlab.verify.VerificationSummary;
import radlab.verify.Verdict;

/**
 * The speed of complete verification's search: branch and bound on a trained 784-64-64-10 ReLU net (the quick
 * profile's size; 3 epochs on 4,000 digits, seed 1) over the first {@link #SAMPLES} test digits that neither the seeding
 * attack nor the bounds at the root decide, under ℓ∞ (ε = 0.1) and ℓ2 (ε = 1). Each search stops at
 * {@link #DOMAINS} domains (its time budget is far beyond that), so an iteration does a fixed amount of work for a given
 * version of the code; the samples are chosen by a search capped at one domain, which does not depend on how the
 * search goes on. The score is the time of {@link #SAMPLES} × {@link #DOMAINS} domains (fewer where a search ends
 * earlier; the returned count says how many). Run with {@code -Dbench.args="Verifier -wi 1 -i 3"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class VerifierBenchmark {
    static final int SAMPLES = 4;
    static final long DOMAINS = 2_000;

    @Param({"linf", "l2"})
    String norm;

    Mlp net;
    Dataset hard;
    ThreatModel threat;

    @Setup
    public void setup() {
        DataSplit data = Splits.stratified(MnistLoader.shippedSubset(), 4000, 1000, 42);
        net = Mlp.initialize(MlpSpec.of(784, new int[] {64, 64}, 10, Activation.RELU), 1, DataType.FLOAT);
        new Trainer(TrainConfig.of(3, 64, OptimizerConfig.adam(1e-3), 1), new CrossEntropyObjective(), null).fit(net, data);
        AttackNorm n = AttackNorm.parse(norm);
        threat = new ThreatModel(n, n == AttackNorm.L2 ? 1.0 : 0.1);
        Dataset test = data.test();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < test.size() && rows.size() < SAMPLES; i++) {
            Dataset one = test.rows(new int[] {i}, "probe");
            VerificationSummary s = CompleteVerifier.verify(net, one, threat, new CompleteVerifier.Settings(Duration.ofHours(1), 1, 50, 0));
            if (s.verdicts().get(0).outcome() == Outcome.UNDECIDED) rows.add(i);
        }
        hard = test.rows(rows.stream().mapToInt(Integer::intValue).toArray(), "hard");
        System.out.println("test digits " + rows + " (" + norm + ")");
    }

    long lastDomains;

    @TearDown
    public void report() {
        System.out.println("domains per iteration: " + lastDomains);
    }

    /** Domains evaluated in total (the work done). */
    @Benchmark
    public long search() {
        VerificationSummary s = CompleteVerifier.verify(net, hard, threat, new CompleteVerifier.Settings(Duration.ofHours(1), DOMAINS, 50, 0));
        long domains = 0;
        for (Verdict v : s.verdicts()) domains += v.domains();
        lastDomains = domains;
        return domains;
    }
}
