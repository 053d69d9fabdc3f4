package radlab.certify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.AttackNorm;
import radlab.attack.AttackSuite;
import radlab.attack.RobustEvaluator;
import radlab.attack.AdversarialEvidence;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.layer.Activation;
import radlab.nn.Mlp;
import radlab.nn.Model;
import radlab.nn.MlpSpec;

class CertifyTest {
    @ParameterizedTest
    @EnumSource(Activation.class)
    void relaxationLinesEncloseTheActivation(Activation act) {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 400;
        double[] l = new double[n], u = new double[n];
        for (int i = 0; i < n; i++) {
            double a = 6 * (rnd.nextDouble() - 0.5), w = i % 4 == 0 ? 1e-7 : 5 * rnd.nextDouble();
            l[i] = a;
            u[i] = a + w;
        }
        INDArray lo = Nd4j.createFromArray(l).reshape(1, n), hi = Nd4j.createFromArray(u).reshape(1, n);
        ActivationRelaxation r = ActivationRelaxation.of(act, lo, hi);
        for (int s = 0; s <= 200; s++) {
            INDArray z = lo.add(hi.sub(lo).muli(s / 200.0));
            INDArray f = act.apply(z.dup());
            INDArray below = r.lowerSlope().mul(z).addi(r.lowerIntercept()).subi(f);
            INDArray above = r.upperSlope().mul(z).addi(r.upperIntercept()).subi(f);
            assertTrue(below.maxNumber().doubleValue() <= 1e-9, act + ": lower line above σ by " + below.maxNumber());
            assertTrue(above.minNumber().doubleValue() >= -1e-9, act + ": upper line below σ by " + above.minNumber());
        }
    }

    /** On a 2-input net the certified margin bounds must not exceed the minimum of the margins on a dense grid of the region. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void boundsAreBelowTheGridMinimumOnATwoInputNet(Activation act) {
        Mlp net = Mlp.initialize(MlpSpec.of(2, new int[] {12, 12}, 4, act), 11, DataType.DOUBLE);
        for (AttackNorm norm : AttackNorm.values()) {
            ThreatModel t = new ThreatModel(norm, norm == AttackNorm.L2 ? 0.25 : 0.2);
            INDArray x0 = Nd4j.create(new double[][] {{0.35, 0.9}});
            int[] y = net.predict(x0);
            INDArray grid = gridOverRegion(x0, t, 301);
            INDArray logits = net.logits(grid);
            double[] gridMin = new double[4];
            for (int j = 0; j < 4; j++) gridMin[j] = logits.getColumn(y[0]).sub(logits.getColumn(j)).minNumber().doubleValue();
            INDArray ibp = Certifier.marginBounds(net, x0, y, t, Certifier.Method.IBP);
            INDArray crown = Certifier.marginBounds(net, x0, y, t, Certifier.Method.CROWN);
            for (int j = 0; j < 4; j++) {
                if (j == y[0]) continue;
                assertTrue(ibp.getDouble(0, j) <= gridMin[j] + 1e-9, act + " " + t + " IBP " + ibp.getDouble(0, j) + " > grid " + gridMin[j]);
                assertTrue(crown.getDouble(0, j) <= gridMin[j] + 1e-9, act + " " + t + " CROWN " + crown.getDouble(0, j) + " > grid " + gridMin[j]);
                assertTrue(crown.getDouble(0, j) >= ibp.getDouble(0, j) - 1e-9, act + " " + t + " CROWN looser than IBP");
            }
            // the grid misses at most a sliver of the region, so a sound and reasonably tight bound sits near its minimum
            double lip = LipschitzMargin.lipschitzConstant(net);
            double[] lipBound = LipschitzMargin.marginLowerBounds(net, new Dataset("x0", x0, y, 4), t.epsilon(), lip);
            double gridWorst = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 4; j++) if (j != y[0]) gridWorst = Math.min(gridWorst, gridMin[j]);
            if (norm == AttackNorm.L2) assertTrue(lipBound[0] <= gridWorst + 1e-9, "Lipschitz bound above the grid minimum");
        }
    }

    /** Grid points of the ε-ball around x0 (2 inputs) intersected with [0,1]². */
    static INDArray gridOverRegion(INDArray x0, ThreatModel t, int k) {
        double e = t.epsilon();
        java.util.List<double[]> pts = new java.util.ArrayList<>();
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double dx = -e + 2 * e * a / (k - 1), dy = -e + 2 * e * b / (k - 1);
                if (t.norm() == AttackNorm.L2 && dx * dx + dy * dy > e * e) continue;
                double px = x0.getDouble(0, 0) + dx, py = x0.getDouble(0, 1) + dy;
                if (px < 0 || px > 1 || py < 0 || py > 1) continue;
                pts.add(new double[] {px, py});
            }
        }
        return Nd4j.create(pts.toArray(double[][]::new));
    }

    /**
     * Random nets, labels = their own predictions: no sample certified by any method (α-CROWN included) may be broken by
     * the attack suite; CROWN ≥ IBP everywhere.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void certifiedSamplesSurviveEveryAttackAndCrownIsTighterThanIbp(Activation act) {
        Dataset base = Splits.subsample(Splits.stratified(MnistLoader.shippedSubset(), 500, 200, 1).test(), 40, 3);
        Mlp net = Mlp.initialize(MlpSpec.of(784, new int[] {24, 24}, 10, act), 5, DataType.DOUBLE);
        Dataset d = new Dataset("own labels", base.features(), net.predict(base.features()), 10);
        for (AttackNorm norm : AttackNorm.values()) {
            ThreatModel t = new ThreatModel(norm, norm == AttackNorm.L2 ? 0.3 : 0.01);
            AdversarialEvidence attacked = RobustEvaluator.evidence(net, d, new AttackSuite(t, 15, 1, 2, 1), 100);
            int certifiedSomewhere = 0;
            for (CertifiedAccuracy c : Certifier.all(net, d, t, java.util.List.of(Certifier.Method.values()))) {
                for (int i = 0; i < d.size(); i++) {
                    if (c.certified(i)) {
                        certifiedSomewhere++;
                        assertTrue(attacked.robust(i), c.method() + " certified sample " + i + " but " + attacked.brokenBy().get(i) + " broke it");
                    }
                }
            }
            assertTrue(certifiedSomewhere > 0, act + " " + t + ": the test needs certified samples");
            BoundedNetwork bn = new BoundedNetwork(net, d.labels());
            InputRegion region = new InputRegion(d.features(), t);
            INDArray ibp = MarginBounds.ibp(bn, region), crown = MarginBounds.crown(bn, region);
            double worst = crown.sub(ibp).minNumber().doubleValue();
            // raw CROWN is not guaranteed to beat IBP (ReLU's adaptive lower slope on large ℓ2 balls); everywhere else it must
            if (norm == AttackNorm.LINF || act != Activation.RELU) assertTrue(worst >= -1e-9, act + " " + t + ": CROWN looser than IBP by " + (-worst));
            assertTrue(crown.sub(ibp).meanNumber().doubleValue() > 1e-3, act + " " + t + ": CROWN should be tighter on average");
            INDArray reported = Certifier.marginBounds(net, d.features(), d.labels(), t, Certifier.Method.CROWN);
            assertTrue(reported.sub(ibp).minNumber().doubleValue() >= 0, "reported CROWN is at least IBP");
        }
    }

    /**
     * The chunk size is chosen from memory (issue #14: 100 samples made 321 MB tensors on 784-256-256-10); every bound
     * is computed row by row, so any chunking must give the same bits as one chunk of 100 (α-CROWN: the same to float64
     * tolerance).
     */
    @Test
    void boundsDoNotDependOnTheChunkSize() {
        Dataset d = Splits.subsample(Splits.stratified(MnistLoader.shippedSubset(), 500, 200, 1).test(), 37, 3);
        Mlp net = Mlp.initialize(MlpSpec.of(784, new int[] {20, 12}, 10, Activation.RELU), 9, DataType.FLOAT);
        for (AttackNorm norm : AttackNorm.values()) {
            ThreatModel t = new ThreatModel(norm, norm == AttackNorm.L2 ? 0.5 : 0.02);
            for (Certifier.Method m : new Certifier.Method[] {Certifier.Method.IBP, Certifier.Method.CROWN, Certifier.Method.ALPHA_CROWN}) {
                // α-CROWN optimises each chunk for 20 steps, ~35× CROWN's cost: 3 of the samples, in chunks of 1 and of 2 (2 + 1)
                boolean alpha = m == Certifier.Method.ALPHA_CROWN;
                Dataset data = alpha ? Splits.subsample(d, 3, 4) : d;
                double[] whole = Certifier.certify(net, data, t, m, Certifier.MAX_CHUNK).marginLowerBound();
                if (!alpha) {   // IBP and CROWN run each chunk in one reused workspace block: the same bits as plain arrays
                    Model dbl = net.copy(DataType.DOUBLE);
                    assertArrayEquals(Certifier.minOverOtherClasses(Certifier.marginBounds(dbl, data.features(), data.labels(), t, m), data.labels()),
                            whole, m + " " + t + " outside a workspace");
                }
                for (int chunk : alpha ? new int[] {1, 2} : new int[] {1, 5, 16}) {
                    double[] chunked = Certifier.certify(net, data, t, m, chunk).marginLowerBound();
                    if (m == Certifier.Method.ALPHA_CROWN) {
                        // measured: for a chunk of one sample α-CROWN's gradient can round differently in the last bit, and
                        // 20 Adam steps carry that to ~4e-16 relative (seen on ℓ∞ and ℓ2, not every run); float64 tolerance
                        for (int i = 0; i < whole.length; i++) radlab.testing.Tolerance.assertClose(whole[i], chunked[i], m + " " + t + " chunks of " + chunk + " sample " + i);
                    } else {
                        assertArrayEquals(whole, chunked, m + " " + t + " in chunks of " + chunk);
                    }
                }
            }
        }
        Mlp wide = Mlp.initialize(MlpSpec.of(784, new int[] {256, 256}, 10, Activation.RELU), 9, DataType.FLOAT);
        assertEquals(5, Certifier.chunk(wide), "16 MB / (2·256·784·8 bytes)");
        assertEquals(66, Certifier.chunk(net), "16 MB / (2·20·784·8 bytes)");
        assertEquals(Certifier.MAX_CHUNK, Certifier.chunk(Mlp.initialize(MlpSpec.of(784, new int[] {4}, 10, Activation.RELU), 9, DataType.FLOAT)), "capped");
    }

    @Test
    void certifiedAccuracyIsAtMostCleanAccuracyOnAMiniNet() {
        Dataset d = Splits.subsample(Splits.stratified(MnistLoader.shippedSubset(), 500, 200, 1).test(), 40, 3);
        Mlp net = Mlp.initialize(MlpSpec.of(784, new int[] {16}, 10, Activation.RELU), 3, DataType.FLOAT);
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0);
        // ε = 0: the region is the point itself, so IBP and CROWN certify exactly the correctly classified samples
        int[] pred = net.predict(d.features());
        int correct = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == d.labels()[i]) correct++;
        assertTrue(Certifier.certify(net, d, t, Certifier.Method.CROWN).certifiedCount() == correct);
        assertTrue(Certifier.certify(net, d, t, Certifier.Method.IBP).certifiedCount() == correct);
    }

    /**
     * Where the exact answer is known, CROWN must reach it: with no hidden layer, or with a ReLU hidden layer that is
     * stably active on the region (biases +10), the margin f_y − f_j is linear, c·x + const, and its minimum over a ball
     * inside [0,1]^d is c·x0 + const − ε‖c‖_* (‖·‖_* = ℓ1 for ℓ∞, ℓ2 for ℓ2). On the ℓ2 ball IBP is looser, so the
     * test separates the two. (CROWN threw on a model without hidden layer before this test.)
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1})
    void crownIsExactOnLinearMargins(int hiddenLayers) {
        int d = 4, k = 3;
        Mlp net = Mlp.initialize(MlpSpec.of(d, hiddenLayers == 0 ? new int[] {} : new int[] {6}, k, Activation.RELU), 21, DataType.DOUBLE);
        if (hiddenLayers == 1) net.linearLayers().get(0).bias().assign(10);
        INDArray x0 = Nd4j.create(new double[][] {{0.3, 0.5, 0.7, 0.4}, {0.45, 0.6, 0.35, 0.55}});
        int[] y = {0, 2};
        // the network's linear map x ↦ x·A + a0 (A = W1·W2 when every hidden unit is active)
        INDArray a = net.linearLayers().get(0).weight().dup(), a0 = net.linearLayers().get(0).bias().dup();
        if (hiddenLayers == 1) {
            INDArray w2 = net.linearLayers().get(1).weight();
            a = a.mmul(w2);
            a0 = a0.mmul(w2).addi(net.linearLayers().get(1).bias());
        }
        for (AttackNorm norm : AttackNorm.values()) {
            ThreatModel t = new ThreatModel(norm, norm == AttackNorm.L2 ? 0.2 : 0.1); // both balls lie inside [0,1]^4
            BoundedNetwork bn = new BoundedNetwork(net, y);
            InputRegion region = new InputRegion(x0, t);
            INDArray crown = MarginBounds.crown(bn, region), ibp = MarginBounds.ibp(bn, region);
            double ibpGap = 0;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < k; j++) {
                    if (j == y[i]) continue;
                    INDArray c = a.getColumn(y[i]).sub(a.getColumn(j));
                    double dual = norm == AttackNorm.L2 ? c.norm2Number().doubleValue() : c.norm1Number().doubleValue();
                    double exact = x0.getRow(i).mul(c).sumNumber().doubleValue() + a0.getDouble(0, y[i]) - a0.getDouble(0, j) - t.epsilon() * dual;
                    assertEquals(exact, crown.getDouble(i, j), 1e-12 * (1 + Math.abs(exact)), "CROWN " + t + " sample " + i + " class " + j);
                    assertTrue(ibp.getDouble(i, j) <= exact + 1e-12);
                    ibpGap = Math.max(ibpGap, exact - ibp.getDouble(i, j));
                }
            }
            // IBP bounds the ℓ2 ball by its bounding box, so it is looser there; CROWN minimises over the ball itself
            if (norm == AttackNorm.L2) assertTrue(ibpGap > 1e-3, "IBP should be looser than the exact minimum on the ℓ2 ball: " + ibpGap);
        }
    }
}
