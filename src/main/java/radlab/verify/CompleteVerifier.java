package radlab.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import radlab.attack.Apgd;
import radlab.attack.AttackLoss;
import radlab.attack.ThreatModel;
import radlab.certify.CrownRoot;
import radlab.data.Dataset;
import radlab.nn.Model;

/**
 * Complete verification of a ReLU MLP on a dataset under an ℓ∞ or ℓ2 threat model: per sample CERTIFIED, COUNTEREXAMPLE or
 * UNDECIDED ({@link BranchAndBound}), after one batched APGD-CE attack (one restart) whose points seed the search with candidate
 * counterexamples (each re-checked in float64), and from CROWN's bounds ({@link CrownRoot}). The time budget is an average per
 * sample: each sample first gets it once, then the samples left undecided are searched again from the start, those
 * whose lower bound came closest to 0 first, each with an even share of the time the others left unused, or up to
 * {@link #RETRY_FACTOR} times the budget where that share is less ({@link #retryBudget}); the whole search takes at
 * most the budget times the samples. Networks with other layers or activations (tanh, softplus,
 * convolutions) get NOT_APPLICABLE verdicts with the reason, never an exception.
 */
public final class CompleteVerifier {
    /** The method's label in reports: branch and bound bounded by α-β-CROWN, with the LP in fully split domains. */
    public static final String METHOD = "BaB α-β-CROWN+LP";

    /**
     * @param budgetPerSample average wall-time budget of one sample's branch and bound (&gt; 0): each sample's first search
     *                        gets it, undecided samples are searched again with the time left over
     * @param maxDomains      cap on one sample's evaluated domains (&gt; 0)
     * @param attackSteps     APGD-CE steps of the seeding attack (0: none)
     * @param seed            the attack's seed
     */
    public record Settings(Duration budgetPerSample, long maxDomains, int attackSteps, long seed) {
        public Settings {
            if (budgetPerSample == null || budgetPerSample.isNegative() || budgetPerSample.isZero()) {
                throw new IllegalArgumentException("time budget per sample must be > 0, got " + budgetPerSample);
            }
            if (maxDomains < 1) throw new IllegalArgumentException("domain cap must be ≥ 1, got " + maxDomains);
            if (attackSteps < 0) throw new IllegalArgumentException("attack steps must be ≥ 0, got " + attackSteps);
        }

        public static Settings of(Duration budgetPerSample) {
            return new Settings(budgetPerSample, 1_000_000, 50, 0);
        }
    }

    private static final int CROWN_CHUNK = 16;

    /**
     * What an undecided sample's second search may take, in per-sample budgets, when the time left over does not give
     * every undecided sample as much. On hard samples of quick-size models, half of those undecided after 10 s were
     * decided within 11–21 s, the others stayed far from a verdict after 60 s (docs/robustness.md).
     */
    public static final int RETRY_FACTOR = 6;

    /**
     * The budget of an undecided sample's second search given the unused time {@code poolNanos} and the number of
     * undecided samples still to search again, this one included: an even share of the pool where that is at least
     * {@link #RETRY_FACTOR} budgets, else as much of the pool as {@link #RETRY_FACTOR} budgets allow (the closest samples
     * first); 0 (no retry) if that is no more than the first search had.
     */
    static long retryBudget(long poolNanos, long budgetNanos, int remaining) {
        long cap = budgetNanos > Long.MAX_VALUE / RETRY_FACTOR ? Long.MAX_VALUE : RETRY_FACTOR * budgetNanos;
        long share = poolNanos / Math.max(1, remaining);
        long b = share >= cap ? share : Math.min(poolNanos, cap);
        return b > budgetNanos ? b : 0;
    }

    /**
     * Indices of the verdicts undecided for lack of time, the highest lower bound (closest to a certificate) first; ties
     * by index. A search stopped by the domain cap, or by an exact LP within tolerance of 0, would only repeat itself.
     */
    static List<Integer> retryOrder(List<Verdict> verdicts) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict v = verdicts.get(i);
            if (v.outcome() == Outcome.UNDECIDED && Verdict.OUT_OF_TIME.equals(v.reason())) order.add(i);
        }
        order.sort((a, b) -> Double.compare(verdicts.get(b).lowerBound(), verdicts.get(a).lowerBound()));
        return order;
    }

    private CompleteVerifier() {}

    public static VerificationSummary verify(Model model, Dataset data, ThreatModel threat, Duration budgetPerSample) {
        return verify(model, data, threat, Settings.of(budgetPerSample));
    }

    public static VerificationSummary verify(Model model, Dataset data, ThreatModel threat, Settings settings) {
        long t0 = System.nanoTime();
        String why = Applicability.reason(model, threat);
        if (why != null) {
            return new VerificationSummary(METHOD, threat, Collections.nCopies(data.size(), Verdict.notApplicable(why, 0)), (System.nanoTime() - t0) / 1e9, why);
        }
        ReluNetwork net = ReluNetwork.of(model);
        INDArray x = data.features().castTo(DataType.DOUBLE);
        double[][] candidates = null;
        if (settings.attackSteps() > 0 && threat.epsilon() > 0) {
            candidates = new Apgd(threat, AttackLoss.CE, settings.attackSteps(), 1, 0, settings.seed()).perturb(model, data.features(), data.labels())
                    .castTo(DataType.DOUBLE).toDoubleMatrix();
        }
        // the search starts from CROWN's bounds (never looser than CROWN at its root), computed in chunks: CROWN's
        // coefficient tensors are samples × width × d
        CrownRoot crown = null;
        List<Verdict> out = new ArrayList<>();
        long budget = Math.min(settings.budgetPerSample().toNanos(), Long.MAX_VALUE / 4 / Math.max(1, data.size()));
        long searching = 0;   // nanoseconds spent in the searches
        for (int i = 0; i < data.size(); i++) {
            if (i % CROWN_CHUNK == 0 && CrownRoot.supports(model)) {   // CROWN has no Flatten module; the verifier does
                int end = Math.min(data.size(), i + CROWN_CHUNK);
                crown = CrownRoot.of(model, x.get(NDArrayIndex.interval(i, end), NDArrayIndex.all()), java.util.Arrays.copyOfRange(data.labels(), i, end), threat);
            }
            long start = System.nanoTime();
            out.add(search(net, model, x, data, i, threat, candidates, crown, i % CROWN_CHUNK, start + budget, settings.maxDomains()));
            searching += System.nanoTime() - start;
        }
        // the time decided samples left unused goes to searching the undecided ones again, the closest first
        long pool = budget * data.size() - searching;
        List<Integer> retry = retryOrder(out);
        for (int r = 0; r < retry.size(); r++) {
            int i = retry.get(r);
            long b = retryBudget(pool, budget, retry.size() - r);
            if (b == 0) break;
            long start = System.nanoTime();
            out.set(i, retried(out.get(i), search(net, model, x, data, i, threat, candidates, null, 0, start + b, settings.maxDomains())));
            pool -= System.nanoTime() - start;
        }
        return new VerificationSummary(METHOD, threat, out, (System.nanoTime() - t0) / 1e9, null);
    }

    /** A second search's verdict with both searches' time and domains, and the better of the two lower bounds if undecided. */
    static Verdict retried(Verdict first, Verdict second) {
        double lower = second.outcome() == Outcome.UNDECIDED ? Math.max(first.lowerBound(), second.lowerBound()) : second.lowerBound();
        return new Verdict(second.outcome(), second.counterexample(), second.counterMargin(), lower, first.domains() + second.domains(),
                first.seconds() + second.seconds(), second.reason());
    }

    /** One sample's branch and bound, from CROWN's bounds in {@code crown}'s row {@code c} (null: computed here). */
    private static Verdict search(ReluNetwork net, Model model, INDArray x, Dataset data, int i, ThreatModel threat, double[][] candidates,
                                  CrownRoot crown, int c, long deadline, long maxDomains) {
        if (crown == null && CrownRoot.supports(model)) {
            crown = CrownRoot.of(model, x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()), new int[] {data.label(i)}, threat);
            c = 0;
        }
        return BranchAndBound.verify(net, InputSet.of(threat, x.getRow(i).toDoubleVector()), data.label(i),
                candidates == null ? null : candidates[i], crown == null ? null : crown.lower()[c], crown == null ? null : crown.upper()[c],
                crown == null ? null : crown.margin()[c], deadline, maxDomains);
    }

    /**
     * Complete verification of {@code samples}, an attack's per-sample results on them and their certificates, combined
     * and cross-checked ({@link CheckedVerification#of}).
     *
     * @param attack         the attack's description, for the error message
     * @param attackedRobust per sample, whether the attack left it correctly classified
     * @param certificates   certificates on the same samples (may be empty)
     * @throws IllegalStateException if the verifier certified a sample the attack broke, or refuted one a certificate proved
     */
    public static CheckedVerification verifyAgainst(Model model, Dataset samples, ThreatModel threat, Duration budgetPerSample, String attack,
                                                    boolean[] attackedRobust, List<radlab.certify.CertifiedAccuracy> certificates) {
        if (attackedRobust.length != samples.size()) {
            throw new IllegalArgumentException("attack results for " + attackedRobust.length + " samples, " + samples.size() + " to verify");
        }
        return CheckedVerification.of(verify(model, samples, threat, budgetPerSample), attack, attackedRobust, certificates);
    }

    /**
     * As {@link #verifyAgainst(Model, Dataset, ThreatModel, Duration, String, boolean[], List)} for the first
     * {@code samples.size()} samples of an attack's evidence (the samples a bracket certifies).
     */
    public static CheckedVerification verifyAgainst(Model model, Dataset samples, ThreatModel threat, Duration budgetPerSample,
                                                    radlab.attack.AdversarialEvidence evidence, List<radlab.certify.CertifiedAccuracy> certificates) {
        if (samples.size() > evidence.size()) throw new IllegalArgumentException("verifying " + samples.size() + " samples of an attack on " + evidence.size());
        boolean[] robust = new boolean[samples.size()];
        for (int i = 0; i < robust.length; i++) robust[i] = evidence.robust(i);
        return verifyAgainst(model, samples, threat, budgetPerSample, evidence.attack(), robust, certificates);
    }

    /** The MILP reference on a dataset (small networks, ℓ∞ only). */
    public static VerificationSummary verifyMilp(Model model, Dataset data, ThreatModel threat, Duration budgetPerSample) {
        long t0 = System.nanoTime();
        String why = Applicability.milpReason(model, threat);
        if (why != null) {
            return new VerificationSummary("MILP", threat, Collections.nCopies(data.size(), Verdict.notApplicable(why, 0)), (System.nanoTime() - t0) / 1e9, why);
        }
        INDArray x = data.features().castTo(DataType.DOUBLE);
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) out.add(MilpVerifier.verify(model, x.getRow(i).toDoubleVector(), data.label(i), threat, budgetPerSample));
        return new VerificationSummary("MILP", threat, out, (System.nanoTime() - t0) / 1e9, null);
    }
}
