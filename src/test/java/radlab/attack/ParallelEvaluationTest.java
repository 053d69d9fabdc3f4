package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.data.Batches;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.util.EvaluationThreads;

/**
 * Robust evaluation on several threads gives exactly the results of one thread (the batches are fixed and each attack
 * is seeded per call), for the APGD suite, PGD and the certificates, with more batches than threads; and the parallel batch loop visits
 * every range once and passes a failure on.
 */
class ParallelEvaluationTest {
    @AfterEach
    void reset() {
        EvaluationThreads.set(1);
    }

    static AdversarialEvidence evidence(int threads, Attack attack, Mlp net, Dataset d) {
        EvaluationThreads.set(threads);
        return RobustEvaluator.evidence(net, d, attack, 12); // 50 samples: 5 batches
    }

    @Test
    void twoThreadsGiveTheResultsOfOne() {
        Dataset d = Splits.subsample(MnistLoader.shippedSubset(), 50, 3);
        Mlp net = Mlp.initialize(MlpSpec.of(784, new int[] {24}, 10, Activation.RELU), 2, DataType.FLOAT);
        for (Attack attack : List.of(new AttackSuite(new ThreatModel(AttackNorm.L2, 1.0), 5, 1, 3, 4),
                Pgd.standard(new ThreatModel(AttackNorm.LINF, 0.1), 5, 4))) {
            AdversarialEvidence one = evidence(1, attack, net, d), two = evidence(2, attack, net, d), three = evidence(3, attack, net, d);
            for (AdversarialEvidence e : List.of(two, three)) {
                assertArrayEquals(one.adversarial().data().asFloat(), e.adversarial().data().asFloat(), attack.describe());
                assertArrayEquals(one.adversarialLoss(), e.adversarialLoss(), 0.0);
                assertArrayEquals(one.cleanLoss(), e.cleanLoss(), 0.0);
                assertEquals(one.brokenBy(), e.brokenBy());
                for (int s = 0; s < one.stageLoss().size(); s++) assertArrayEquals(one.stageLoss().get(s), e.stageLoss().get(s), 0.0);
            }
            assertTrue(one.brokenBy().stream().anyMatch(b -> b != null && !b.equals(AttackSuite.CLEAN)), "the attack breaks some samples");
        }
    }

    /** Certificates run their chunks on the evaluation threads too: the same bounds for 1, 2 and 3 threads. */
    @Test
    void certificatesOnSeveralThreadsGiveTheBoundsOfOne() {
        Dataset d = Splits.subsample(MnistLoader.shippedSubset(), 40, 5);
        // width 200: CROWN's chunk is 6 samples (16 MB / (2·200·784·8 bytes)), so 40 samples make 7 chunks
        Mlp net = Mlp.initialize(MlpSpec.of(784, new int[] {200}, 10, Activation.RELU), 3, DataType.FLOAT);
        for (radlab.certify.Certifier.Method m : List.of(radlab.certify.Certifier.Method.IBP, radlab.certify.Certifier.Method.CROWN)) {
            ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.01);
            EvaluationThreads.set(1);
            double[] one = radlab.certify.Certifier.certify(net, d, t, m).marginLowerBound();
            for (int threads : new int[] {2, 3}) {
                EvaluationThreads.set(threads);
                assertArrayEquals(one, radlab.certify.Certifier.certify(net, d, t, m).marginLowerBound(), 0.0, m + " on " + threads + " threads");
            }
        }
    }

    /**
     * Clean loss, accuracy and margins run their batches on the evaluation threads too: the same bits for 1, 2 and 3
     * threads (the per-batch sums are added in batch order, whichever thread finished first).
     */
    @Test
    void cleanMetricsAndMarginsOnSeveralThreadsGiveThoseOfOne() {
        Dataset all = MnistLoader.shippedSubset();
        Dataset d = Splits.subsample(all, 50, 7);
        Mlp net = Mlp.initialize(MlpSpec.of(784, new int[] {24}, 10, Activation.RELU), 5, DataType.FLOAT);
        EvaluationThreads.set(1);
        radlab.train.Metrics one = radlab.train.Evaluator.evaluate(net, d, 7); // 8 batches
        double[] marginsOne = radlab.train.Evaluator.margins(net, all); // 10,000 samples: 5 batches of 2,000
        for (int threads : new int[] {2, 3}) {
            EvaluationThreads.set(threads);
            assertEquals(one, radlab.train.Evaluator.evaluate(net, d, 7), threads + " threads");
            assertArrayEquals(marginsOne, radlab.train.Evaluator.margins(net, all), 0.0, threads + " threads");
        }
        assertEquals(radlab.train.Evaluator.evaluate(net, d, 50).accuracy(), one.accuracy(), 0.0, "batches change no count");
    }

    @Test
    void everyRangeOnceAndFailuresPassOn() {
        List<int[]> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Batches.forEachParallel(23, 5, 3, (s, e) -> seen.add(new int[] {s, e}));
        seen.sort(java.util.Comparator.comparingInt(r -> r[0]));
        assertEquals(5, seen.size());
        for (int i = 0; i < 5; i++) assertArrayEquals(new int[] {5 * i, Math.min(23, 5 * i + 5)}, seen.get(i));
        IllegalStateException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Batches.forEachParallel(23, 5, 2, (s, e) -> {
                    if (s == 10) throw new IllegalStateException("range " + s);
                }));
        assertEquals("range 10", ex.getMessage());
    }
}
