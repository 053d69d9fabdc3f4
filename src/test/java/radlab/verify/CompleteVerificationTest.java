package radlab.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.Apgd;
import radlab.attack.AttackLoss;
import radlab.attack.AttackNorm;
import radlab.attack.Pgd;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.nn.Architecture;
import radlab.nn.Mlp;
import radlab.nn.Model;
import radlab.nn.Network;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ImageShape;

/**
 * Branch and bound against the exact MILP on small random ReLU networks, soundness against attacks, the budget, and
 * models the method does not cover.
 */
class CompleteVerificationTest {
    static final Duration GENEROUS = Duration.ofSeconds(60);
    /** BaB's budget where it must decide: 100× the CPU time the slowest sample here takes (≈ 0.1 s), for loaded machines. */
    static final Duration DECIDE = Duration.ofSeconds(10);

    /** One sample's verdicts by both methods. */
    record Case(Mlp net, double eps, int sample, double[] x, int y, Verdict bab, Verdict milp) {}

    /** Runs both verifiers (BaB without a seeding attack, so its counterexamples come from its own LPs). */
    static List<Case> cases(int[] sizes, long seed, double[] epsilons, int n, Duration babBudget, long maxDomains) {
        Mlp net = Nets.random(sizes, Activation.RELU, seed);
        Dataset data = Nets.predictedSample(net, n, seed + 1);
        ReluNetwork rn = ReluNetwork.of(net);
        List<Case> out = new ArrayList<>();
        for (double eps : epsilons) {
            ThreatModel t = new ThreatModel(AttackNorm.LINF, eps);
            for (int i = 0; i < n; i++) {
                double[] x = data.features().getRow(i).toDoubleVector();
                int y = data.label(i);
                Verdict bab = BranchAndBound.verify(rn, InputSet.linf(x, eps), y, null, System.nanoTime() + babBudget.toNanos(), maxDomains);
                Verdict milp = MilpVerifier.verify(net, x, y, t, GENEROUS);
                out.add(new Case(net, eps, i, x, y, bab, milp));
            }
        }
        return out;
    }

    /** (a) BaB's verdict equals the MILP's on every sample, with mixed verdicts, and counterexamples are real. */
    @Test
    void branchAndBoundAgreesWithTheMilp() {
        List<Case> all = new ArrayList<>();
        all.addAll(cases(new int[] {4, 8, 8, 3}, 1, new double[] {0.02, 0.08, 0.2}, 12, DECIDE, Long.MAX_VALUE));
        all.addAll(cases(new int[] {6, 10, 10, 4}, 2, new double[] {0.02, 0.06, 0.15}, 12, DECIDE, Long.MAX_VALUE));
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        int branched = 0;
        for (Case c : all) {
            String where = "ε=" + c.eps() + " sample " + c.sample() + ": BaB " + c.bab() + ", MILP " + c.milp();
            assertTrue(c.milp().outcome() == Outcome.CERTIFIED || c.milp().outcome() == Outcome.COUNTEREXAMPLE, where);
            assertEquals(c.milp().outcome(), c.bab().outcome(), where);
            counts.merge(c.bab().outcome(), 1, Integer::sum);
            if (c.bab().outcome() == Outcome.CERTIFIED && c.bab().domains() > 1) branched++;
            if (c.bab().outcome() == Outcome.COUNTEREXAMPLE) assertRealCounterexample(c.net(), c.x(), c.y(), c.eps(), c.bab());
            if (c.milp().outcome() == Outcome.COUNTEREXAMPLE) assertRealCounterexample(c.net(), c.x(), c.y(), c.eps(), c.milp());
            if (c.bab().outcome() == Outcome.CERTIFIED) assertTrue(c.bab().lowerBound() > 0, where);
        }
        // the comparison has teeth only if both verdicts occur and some certificates needed splits
        assertTrue(counts.getOrDefault(Outcome.CERTIFIED, 0) >= 10, counts.toString());
        assertTrue(counts.getOrDefault(Outcome.COUNTEREXAMPLE, 0) >= 10, counts.toString());
        assertTrue(branched >= 3, "certificates that needed branching: " + branched + " of " + counts);
    }

    /** A counterexample lies in the ℓ∞ ball ∩ [0,1]^d and the model (ND4J, float64) misclassifies it. */
    static void assertRealCounterexample(Model net, double[] x, int y, double eps, Verdict v) {
        double[] p = v.counterexample();
        assertNotNull(p);
        for (int i = 0; i < p.length; i++) {
            // the region as the attacks clip to it, [max(x − ε, 0), min(x + ε, 1)] in float64 (|p − x| ≤ ε can fail by an ulp)
            assertTrue(p[i] >= Math.max(x[i] - eps, 0) && p[i] <= Math.min(x[i] + eps, 1), "coordinate " + i + " leaves the region: " + p[i] + " vs " + x[i]);
        }
        double[] f = net.copy(DataType.DOUBLE).logits(Nd4j.create(new double[][] {p})).toDoubleVector();
        double margin = Double.POSITIVE_INFINITY;
        for (int j = 0; j < f.length; j++) if (j != y) margin = Math.min(margin, f[y] - f[j]);
        assertTrue(margin < 0, "counterexample's margin is " + margin);
        assertEquals(margin, v.counterMargin(), 1e-12, "recorded margin");
    }

    /** (c) No certified sample is broken by PGD or APGD; the attacks do break samples where BaB found counterexamples. */
    @Test
    void certifiedSamplesSurviveAttacks() {
        certifiedSurvive(Nets.random(new int[] {6, 10, 10, 4}, Activation.RELU, 3), 30, 5, new double[] {0.05, 0.12});
        certifiedSurvive(Nets.random(new int[] {4, 8, 8, 3}, Activation.RELU, 1), 12, 2, new double[] {0.2});
    }

    private static void certifiedSurvive(Mlp net, int n, long dataSeed, double[] epsilons) {
        Dataset data = Nets.predictedSample(net, n, dataSeed);
        for (double eps : epsilons) {
            ThreatModel t = new ThreatModel(AttackNorm.LINF, eps);
            VerificationSummary s = CompleteVerifier.verify(net, data, t, new CompleteVerifier.Settings(GENEROUS, Long.MAX_VALUE, 0, 0));
            assertEquals(0, s.undecided(), s.toString());
            INDArray pgd = Pgd.standard(t, 100, 7).perturb(net, data.features(), data.labels());
            INDArray apgd = new Apgd(t, AttackLoss.DLR, 100, 3, 0, 7).perturb(net, data.features(), data.labels());
            int[] predPgd = net.predict(pgd), predApgd = net.predict(apgd);
            int broken = 0;
            for (int i = 0; i < data.size(); i++) {
                if (s.verdicts().get(i).outcome() == Outcome.CERTIFIED) {
                    assertEquals(data.label(i), predPgd[i], "ε=" + eps + " sample " + i + " certified but PGD broke it");
                    assertEquals(data.label(i), predApgd[i], "ε=" + eps + " sample " + i + " certified but APGD broke it");
                } else if (predPgd[i] != data.label(i) || predApgd[i] != data.label(i)) {
                    broken++;
                }
            }
            assertTrue(s.certified() > 0 && broken > 0, "ε=" + eps + ": " + s + ", broken by attacks " + broken);
        }
    }

    /** (d) tanh, softplus and convolutional networks, and ℓ2 for the MILP: NOT_APPLICABLE with a reason, no exception. */
    @Test
    void modelsOutsideTheMethodAreNotApplicable() {
        Mlp relu = Nets.random(new int[] {4, 5, 3}, Activation.RELU, 1);
        Dataset data = Nets.predictedSample(relu, 3, 2);
        ThreatModel linf = new ThreatModel(AttackNorm.LINF, 0.1);
        List<Model> others = List.of(Nets.random(new int[] {4, 5, 3}, Activation.TANH, 1), Nets.random(new int[] {4, 5, 3}, Activation.SOFTPLUS, 1));
        for (Model m : others) {
            VerificationSummary s = CompleteVerifier.verify(m, data, linf, GENEROUS);
            assertTrue(s.notApplicable() != null && s.notApplicable().contains(m.activation().toString()), s.toString());
            assertEquals(3, s.count(Outcome.NOT_APPLICABLE));
            assertEquals(3, s.undecided());
            assertTrue(Double.isNaN(s.exactRobustAccuracy()));
            Verdict v = MilpVerifier.verify(m, new double[4], 0, linf, GENEROUS);
            assertEquals(Outcome.NOT_APPLICABLE, v.outcome());
            assertNotNull(v.reason());
        }
        Model cnn = Network.initialize(Architecture.parse("cnn:c2k3-d4", new ImageShape(1, 4, 4), 3, Activation.RELU), 1, DataType.DOUBLE);
        Dataset images = new Dataset("img", Nd4j.rand(DataType.DOUBLE, 2, 16), new int[] {0, 1}, 3);
        VerificationSummary c = CompleteVerifier.verify(cnn, images, linf, GENEROUS);
        assertTrue(c.notApplicable() != null && c.notApplicable().contains("conv"), c.toString());
        VerificationSummary l2 = CompleteVerifier.verify(relu, data, new ThreatModel(AttackNorm.L2, 0.1), GENEROUS);
        assertEquals(null, l2.notApplicable(), "branch and bound covers ℓ2");
        VerificationSummary milpL2 = CompleteVerifier.verifyMilp(relu, data, new ThreatModel(AttackNorm.L2, 0.1), GENEROUS);
        assertTrue(milpL2.notApplicable() != null && milpL2.notApplicable().contains("quadratic"), milpL2.toString());
        assertEquals(Outcome.NOT_APPLICABLE, MilpVerifier.verify(relu, new double[4], 0, new ThreatModel(AttackNorm.L2, 0.1), GENEROUS).outcome());
    }

    /** (e) A tiny budget or domain cap gives UNDECIDED (never a verdict that contradicts the MILP); budgets must be > 0. */
    @Test
    void aTinyBudgetIsUndecidedNotWrong() {
        List<Case> tiny = cases(new int[] {4, 8, 8, 3}, 1, new double[] {0.08, 0.2}, 12, Duration.ofNanos(1), Long.MAX_VALUE);
        List<Case> capped = cases(new int[] {4, 8, 8, 3}, 1, new double[] {0.08, 0.2}, 12, DECIDE, 1);
        int undecided = 0;
        Map<Outcome, Integer> truth = new EnumMap<>(Outcome.class);   // the MILP's verdicts on the undecided samples
        for (List<Case> cs : List.of(tiny, capped)) {
            for (Case c : cs) {
                if (c.bab().outcome() == Outcome.UNDECIDED) {
                    undecided++;
                    truth.merge(c.milp().outcome(), 1, Integer::sum);
                    assertNotNull(c.bab().reason());
                    assertTrue(c.bab().lowerBound() <= MilpVerifier.minimumMargin(c.net(), c.x(), c.y(), c.eps(), GENEROUS).value() + 1e-6,
                            "an undecided sample's lower bound must still be a lower bound: " + c.bab());
                } else {
                    assertEquals(c.milp().outcome(), c.bab().outcome(), "sample " + c.sample());
                }
            }
        }
        // both truths among the undecided, so that reporting either verdict on a timeout would fail above
        assertTrue(truth.getOrDefault(Outcome.CERTIFIED, 0) > 0 && truth.getOrDefault(Outcome.COUNTEREXAMPLE, 0) > 0, "undecided: " + truth);
        Mlp net = Nets.random(new int[] {4, 5, 3}, Activation.RELU, 1);
        Dataset data = Nets.predictedSample(net, 2, 2);
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.1);
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), null}) {
            assertThrows(IllegalArgumentException.class, () -> CompleteVerifier.verify(net, data, t, bad));
            assertThrows(IllegalArgumentException.class, () -> MilpVerifier.verify(net, new double[4], 0, t, bad));
        }
    }

    /** The summary's counts and exact robust accuracy. */
    @Test
    void summaryCountsAndExactAccuracy() {
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.1);
        Verdict cert = new Verdict(Outcome.CERTIFIED, null, Double.NaN, 0.5, 3, 0.1, null);
        Verdict cex = new Verdict(Outcome.COUNTEREXAMPLE, new double[] {0.2}, -0.1, Double.NEGATIVE_INFINITY, 1, 0.1, null);
        Verdict und = new Verdict(Outcome.UNDECIDED, null, Double.NaN, -0.2, 9, 1.0, "time budget exhausted");
        VerificationSummary decided = new VerificationSummary(CompleteVerifier.METHOD, t, List.of(cert, cex, cert, cert), 1, null);
        assertEquals(3, decided.certified());
        assertEquals(1, decided.counterexamples());
        assertEquals(0.75, decided.exactRobustAccuracy());
        VerificationSummary open = new VerificationSummary(CompleteVerifier.METHOD, t, List.of(cert, cex, und), 1, null);
        assertEquals(1, open.undecided());
        assertTrue(Double.isNaN(open.exactRobustAccuracy()));
        assertEquals(List.of(1.0 / 3, 2.0 / 3), List.of(open.bracket()[0], open.bracket()[1]));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.CERTIFIED, null, Double.NaN, -0.1, 1, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.COUNTEREXAMPLE, new double[] {0}, 0.1, 0, 1, 0, null));
    }

    /**
     * The shared budget: samples undecided for lack of time are searched again closest to a certificate first, each with an even share of
     * the time left over, or up to RETRY_FACTOR budgets of it where the share is less, and only if that is more than
     * their first search had; a second
     * search's verdict counts both searches' time and domains and keeps the better lower bound.
     */
    @Test
    void undecidedSamplesShareTheTimeOthersLeftUnused() {
        long b = 10_000_000_000L;
        int f = CompleteVerifier.RETRY_FACTOR;
        assertEquals(0, CompleteVerifier.retryBudget(-5, b, 1));
        assertEquals(0, CompleteVerifier.retryBudget(b, b, 1), "no more than the first search had: no retry");
        assertEquals(3 * b, CompleteVerifier.retryBudget(3 * b, b, 5), "a small pool: all of it to the closest sample");
        assertEquals(f * b, CompleteVerifier.retryBudget(3 * f * b, b, 5), "shares below the factor: the factor, closest first");
        assertEquals(100 * b, CompleteVerifier.retryBudget(100 * b, b, 1), "one sample left: the whole pool");
        assertEquals(25 * b, CompleteVerifier.retryBudget(100 * b, b, 4), "a rich pool: even shares");
        assertEquals(Long.MAX_VALUE / 2, CompleteVerifier.retryBudget(Long.MAX_VALUE / 2, Long.MAX_VALUE / 3, 1), "no overflow");
        Verdict cert = new Verdict(Outcome.CERTIFIED, null, Double.NaN, 0.5, 3, 0.1, null);
        Verdict cex = new Verdict(Outcome.COUNTEREXAMPLE, new double[] {0.2}, -0.1, Double.NEGATIVE_INFINITY, 1, 0.1, null);
        Verdict far = new Verdict(Outcome.UNDECIDED, null, Double.NaN, -5, 9, 1.0, "time budget exhausted");
        Verdict near = new Verdict(Outcome.UNDECIDED, null, Double.NaN, -0.1, 9, 1.0, "time budget exhausted");
        Verdict mid = new Verdict(Outcome.UNDECIDED, null, Double.NaN, -1, 9, 1.0, "time budget exhausted");
        Verdict capped = new Verdict(Outcome.UNDECIDED, null, Double.NaN, -0.05, 9, 1.0, "domain cap of 9 reached");
        assertEquals(List.of(3, 1, 4), CompleteVerifier.retryOrder(List.of(cert, mid, cex, near, far, capped)),
                "undecided for lack of time only, closest first: a capped search would repeat itself");
        Verdict both = CompleteVerifier.retried(mid, cert);
        assertEquals(Outcome.CERTIFIED, both.outcome());
        assertEquals(0.5, both.lowerBound());
        assertEquals(12, both.domains());
        assertEquals(1.1, both.seconds(), 1e-12);
        assertEquals(-0.1, CompleteVerifier.retried(near, far).lowerBound(), "an undecided retry keeps the better proved bound");
        assertEquals(-0.1, CompleteVerifier.retried(far, near).lowerBound());
        assertEquals(Outcome.COUNTEREXAMPLE, CompleteVerifier.retried(far, cex).outcome());
    }
}
