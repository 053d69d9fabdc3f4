package radlab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import radlab.attack.ThreatModel;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;
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
        net = BenchSetup.mlp(data, 3, 64, 64);
        threat = BenchSetup.threat(norm);
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
