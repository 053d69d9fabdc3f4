package radlab.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import radlab.attack.Apgd;
import radlab.attack.AttackLoss;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.certify.CertifiedAccuracy;
import radlab.data.Dataset;
import radlab.nn.layer.Activation;
import radlab.nn.Mlp;

/**
 * {@link CompleteVerifier#verifyAgainst}: complete verification combined with an attack's per-sample results and
 * cross-checked against it and the certificates, with the exact MILP as the oracle of every sample's truth.
 */
class CheckedVerificationTest {
    static final Duration GENEROUS = CompleteVerificationTest.GENEROUS;

    /** A 6-10-10-4 ReLU net and 30 samples at two radii: both truths occur at each (see CompleteVerificationTest). */
    record Setup(Mlp net, Dataset data, ThreatModel threat, VerificationSummary milp) {}

    private static final java.util.Map<Double, Setup> SETUPS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The MILP runs once per radius (the slow part), shared by the tests. */
    static Setup setup(double eps) {
        return SETUPS.computeIfAbsent(eps, CheckedVerificationTest::solve);
    }

    private static Setup solve(double eps) {
        Mlp net = Nets.random(new int[] {6, 10, 10, 4}, Activation.RELU, 3);
        Dataset data = Nets.predictedSample(net, 30, 5);
        ThreatModel t = new ThreatModel(AttackNorm.LINF, eps);
        VerificationSummary milp = CompleteVerifier.verifyMilp(net, data, t, GENEROUS);
        assertEquals(0, milp.undecided(), milp.toString());
        assertTrue(milp.certified() > 0 && milp.counterexamples() > 0, "both truths must occur: " + milp);
        return new Setup(net, data, t, milp);
    }

    private static boolean[] all(int n, boolean v) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, v);
        return b;
    }

    /** With an attack that broke nothing, the counts are the verifier's, and they equal the MILP's; the exact accuracy is its. */
    @Test
    void aDecidedRunHasTheMilpCountsAndItsExactAccuracy() {
        for (double eps : new double[] {0.05, 0.12}) {
            Setup s = setup(eps);
            int n = s.data().size();
            CheckedVerification c = CompleteVerifier.verifyAgainst(s.net(), s.data(), s.threat(), GENEROUS, "none", all(n, true), List.of());
            assertEquals(n, c.size());
            assertEquals(s.milp().certified(), c.certified(), "ε=" + eps + ": " + c);
            assertEquals(s.milp().counterexamples(), c.counterexamples(), "ε=" + eps + ": " + c);
            assertEquals(0, c.undecided());
            assertEquals(s.milp().certified() / (double) n, c.exactRobustAccuracy(), 0.0, "a ratio of the same two integers");
            for (int i = 0; i < n; i++) assertEquals(s.milp().verdicts().get(i).outcome(), c.outcome(i), "ε=" + eps + " sample " + i);
            assertEquals(c.verification().certified(), c.certified());
        }
    }

    /**
     * A real attack: verified robust ≤ attacked robust, the three outcomes add up to n, and every sample the attack
     * broke is a counterexample in the combination (the MILP agrees it has one).
     */
    @Test
    void aRealAttackNeverBreaksAVerifiedSampleAndItsBreaksCountAsCounterexamples() {
        Setup s = setup(0.12);
        int n = s.data().size();
        int[] pred = s.net().predict(new Apgd(s.threat(), AttackLoss.DLR, 100, 2, 0, 7).perturb(s.net(), s.data().features(), s.data().labels()));
        boolean[] robust = new boolean[n];
        for (int i = 0; i < n; i++) robust[i] = pred[i] == s.data().label(i);
        CheckedVerification c = CompleteVerifier.verifyAgainst(s.net(), s.data(), s.threat(), GENEROUS, "APGD-DLR", robust, List.of());
        assertTrue(c.attackedRobustCount() < n, "the attack must break something for the test to bite");
        assertEquals(n, c.certified() + c.counterexamples() + c.undecided());
        assertTrue(c.certified() <= c.attackedRobustCount(), c.toString());
        for (int i = 0; i < n; i++) {
            if (!robust[i]) {
                assertEquals(Outcome.COUNTEREXAMPLE, c.outcome(i), "sample " + i);
                assertEquals(Outcome.COUNTEREXAMPLE, s.milp().verdicts().get(i).outcome(), "sample " + i + " broken by the attack");
            }
        }
        assertEquals(s.milp().certified() / (double) n, c.exactRobustAccuracy(), 0.0);
    }

    /**
     * With a budget too small to decide anything by search, the samples the attack broke are still counterexamples and
     * the rest are undecided or correct: never a verdict the MILP contradicts; no exact accuracy while any is undecided.
     */
    @Test
    void anExhaustedBudgetLeavesUndecidedSamplesAndNoExactAccuracy() {
        Setup s = setup(0.12);
        int n = s.data().size();
        boolean[] robust = new boolean[n];
        for (int i = 0; i < n; i++) robust[i] = !(i % 2 == 0 && s.milp().verdicts().get(i).outcome() == Outcome.COUNTEREXAMPLE); // a sound "attack"
        CheckedVerification c = CompleteVerifier.verifyAgainst(s.net(), s.data(), s.threat(), Duration.ofNanos(1), "half the truth", robust, List.of());
        assertTrue(c.undecided() > 0, c.toString());
        assertTrue(Double.isNaN(c.exactRobustAccuracy()));
        assertEquals(n, c.certified() + c.counterexamples() + c.undecided());
        for (int i = 0; i < n; i++) {
            Outcome o = c.outcome(i), truth = s.milp().verdicts().get(i).outcome();
            if (!robust[i]) assertEquals(Outcome.COUNTEREXAMPLE, o, "sample " + i);
            if (o != Outcome.UNDECIDED) assertEquals(truth, o, "sample " + i);
        }
    }

    /** An attack result that contradicts a proof (a forged break of a MILP-certified sample) is an error naming the samples. */
    @Test
    void aVerifiedSampleTheAttackBrokeIsAnError() {
        Setup s = setup(0.05);
        int n = s.data().size();
        int certified = -1;
        for (int i = 0; i < n && certified < 0; i++) if (s.milp().verdicts().get(i).outcome() == Outcome.CERTIFIED) certified = i;
        boolean[] forged = all(n, true);
        forged[certified] = false;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CompleteVerifier.verifyAgainst(s.net(), s.data(), s.threat(), GENEROUS, "FORGED", forged, List.of()));
        assertEquals("complete verification certified samples that FORGED broke (samples " + certified + "): the verifier or the attack is wrong",
                e.getMessage());
    }

    /** A certificate that "proves" a sample the verifier refuted is an error too; an unavailable certificate is ignored. */
    @Test
    void aCounterexampleToACertifiedSampleIsAnError() {
        Setup s = setup(0.12);
        int n = s.data().size();
        double[] margins = new double[n];
        Arrays.fill(margins, -1);
        int refuted = -1;
        for (int i = 0; i < n && refuted < 0; i++) if (s.milp().verdicts().get(i).outcome() == Outcome.COUNTEREXAMPLE) refuted = i;
        margins[refuted] = 0.5;
        List<CertifiedAccuracy> forged = List.of(new CertifiedAccuracy("FORGED", s.threat(), margins, 0),
                CertifiedAccuracy.unavailable("OTHER", s.threat(), "not here", 0));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CompleteVerifier.verifyAgainst(s.net(), s.data(), s.threat(), GENEROUS, "none", all(n, true), forged));
        assertTrue(e.getMessage().startsWith("complete verification found counterexamples to certified samples (samples " + refuted), e.getMessage());
        CheckedVerification ok = CompleteVerifier.verifyAgainst(s.net(), s.data(), s.threat(), GENEROUS, "none", all(n, true),
                List.of(CertifiedAccuracy.unavailable("OTHER", s.threat(), "not here", 0)));
        assertEquals(s.milp().certified(), ok.certified());
        assertThrows(IllegalArgumentException.class,
                () -> CompleteVerifier.verifyAgainst(s.net(), s.data(), s.threat(), GENEROUS, "none", all(n - 1, true), List.of()));
    }

    /** Where verification does not apply (tanh, softplus), the reason is kept, nothing is certified, and the attack's breaks still count. */
    @Test
    void notApplicableKeepsTheReasonAndTheAttacksBreaks() {
        Mlp tanh = Nets.random(new int[] {4, 5, 3}, Activation.TANH, 1);
        Dataset data = Nets.predictedSample(tanh, 4, 2);
        boolean[] robust = {true, false, true, true};
        for (var run : List.of(
                CompleteVerifier.verifyAgainst(tanh, data, new ThreatModel(AttackNorm.LINF, 0.1), GENEROUS, "A", robust, List.of()),
                CompleteVerifier.verifyAgainst(Nets.random(new int[] {4, 5, 3}, Activation.SOFTPLUS, 1), data, new ThreatModel(AttackNorm.L2, 0.1),
                        GENEROUS, "A", robust, List.of()))) {
            assertNotNull(run.notApplicable(), run.toString());
            assertTrue(run.toString().contains("not applicable"), run.toString());
            assertEquals(0, run.certified());
            assertEquals(1, run.counterexamples());
            assertEquals(3, run.undecided());
            assertTrue(Double.isNaN(run.exactRobustAccuracy()));
            assertEquals(0.0, run.certifiedAccuracy());
        }
    }
}
