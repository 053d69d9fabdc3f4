package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

/** The Square attack's outputs: in the threat model, verified, reproducible, and able to see through gradient masking. */
class SquareAttackTest {
    static Mlp net;
    static Dataset test;

    @BeforeAll
    static void trainSmallNet() {
        DataSplit data = Splits.stratified(MnistLoader.shippedSubset(), 600, 100, 3);
        test = Splits.subsample(data.test(), 40, 5);
        net = Mlp.initialize(MlpSpec.of(784, new int[] {32}, 10, Activation.RELU), 2, DataType.DOUBLE);
        new Trainer(TrainConfig.of(3, 50, OptimizerConfig.adam(2e-3), 2), new CrossEntropyObjective(), null).fit(net, data);
    }

    static double eps(AttackNorm n) {
        return n == AttackNorm.L2 ? 1.0 : 0.1;
    }

    @ParameterizedTest
    @EnumSource(AttackNorm.class)
    void pointsStayInTheBallAndTheBoxAndSuccessIsReverified(AttackNorm norm) {
        Square sq = new Square(new ThreatModel(norm, eps(norm)), 300, 0.8, 1, 3);
        INDArray x = test.features();
        Apgd.Result r = sq.run(net, x, test.labels());
        double[][] adv = r.adversarial().toDoubleMatrix(), clean = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] pred = net.predict(r.adversarial()), cleanPred = net.predict(x);
        int broken = 0;
        for (int i = 0; i < adv.length; i++) {
            double linf = 0, l2 = 0;
            for (int j = 0; j < adv[i].length; j++) {
                assertTrue(adv[i][j] >= 0 && adv[i][j] <= 1, "box, sample " + i);
                double dj = adv[i][j] - clean[i][j];
                linf = Math.max(linf, Math.abs(dj));
                l2 += dj * dj;
            }
            // float64 rounding of x ± ε: one ulp of a number ≤ 2
            double size = norm == AttackNorm.LINF ? linf : Math.sqrt(l2);
            assertTrue(size <= eps(norm) + 1e-12, norm + " ball, sample " + i + ": " + size);
            boolean fooled = r.fooled().getDouble(i) != 0;
            assertEquals(pred[i] != test.label(i), fooled, "reported success re-verified by a forward pass, sample " + i);
            if (fooled && cleanPred[i] == test.label(i)) broken++;
        }
        assertTrue(broken >= 3, norm + ": Square broke only " + broken + " of 40 (the test needs some successes to mean anything)");
    }

    @ParameterizedTest
    @EnumSource(AttackNorm.class)
    void sameSeedGivesBitIdenticalPointsAndAnotherSeedDoesNot(AttackNorm norm) {
        ThreatModel t = new ThreatModel(norm, eps(norm) / 2);
        INDArray x = test.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 20));
        int[] labels = java.util.Arrays.copyOf(test.labels(), 20);
        INDArray a = new Square(t, 60, 0.8, 2, 11).perturb(net, x, labels);
        INDArray b = new Square(t, 60, 0.8, 2, 11).perturb(net, x, labels);
        INDArray c = new Square(t, 60, 0.8, 2, 12).perturb(net, x, labels);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    /**
     * A linear classifier in disguise with masked gradients: class 1 iff w·x > b₀, computed as a staircase
     * f(x) = Σ_k tanh(A·(w·x − b_k)) with thresholds b_k every Δ = 0.05 around b₀ and A = 10⁷, so that every tanh is
     * saturated (∂/∂x exactly 0 in float64) except within 2·10⁻⁶ of a threshold. Logits (−γf, γf). In ℓ∞ with box
     * never binding (x ∈ [0.15, 0.85], ε = 0.05) sample x is breakable iff w·x + ε‖w‖₁ > b₀, i.e. its distance
     * m = b₀ − w·x is below ε‖w‖₁ = 3.2.
     */
    static final class Staircase {
        static final int D = 64, STEPS = 321;
        static final double DELTA = 0.05, A = 1e7, EPS = 0.05;
        final double[] w = new double[D];
        final double b0;
        final Mlp model;

        Staircase(long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double sum = 0;
            for (int i = 0; i < D; i++) sum += w[i] = rnd.nextBoolean() ? 1 : -1;
            b0 = 0.5 * sum;
            double[][] w1 = new double[D][STEPS];
            double[] bias1 = new double[STEPS];
            double[][] w2 = new double[STEPS][2];
            for (int k = 0; k < STEPS; k++) {
                for (int i = 0; i < D; i++) w1[i][k] = A * w[i];
                bias1[k] = -A * threshold(k);
                w2[k][0] = -0.05;
                w2[k][1] = 0.05;
            }
            model = new Mlp(MlpSpec.of(D, new int[] {STEPS}, 2, Activation.TANH), List.of(Nd4j.create(w1), Nd4j.create(w2)),
                    List.of(Nd4j.create(bias1).reshape(1, STEPS), Nd4j.zeros(DataType.DOUBLE, 1, 2)));
        }

        double threshold(int k) {
            return b0 + (k - (STEPS - 1) / 2) * DELTA;
        }

        /** A point of class 0 at distance m below the boundary: 0.5 + noise, shifted along w. */
        double[] sample(double m, SplittableRandom rnd) {
            double[] x = new double[D];
            double wx = 0;
            for (int i = 0; i < D; i++) wx += w[i] * (x[i] = 0.5 + 0.2 * (2 * rnd.nextDouble() - 1));
            double shift = (b0 - m - wx) / D; // w·w = D
            for (int i = 0; i < D; i++) x[i] += shift * w[i];
            return x;
        }
    }

    @Test
    void squareBreaksWhatMaskedGradientsHideFromApgd() {
        Staircase s = new Staircase(4);
        SplittableRandom rnd = new SplittableRandom(9);
        int easy = 10, hard = 6;
        double[][] x = new double[easy + hard][];
        for (int j = 0; j < easy; j++) x[j] = s.sample(0.8 + 0.07 * j + 0.013, rnd);        // m ∈ [0.81, 1.44]: breakable
        for (int j = 0; j < hard; j++) x[easy + j] = s.sample(3.4 + 0.2 * j + 0.013, rnd); // m ∈ [3.41, 4.41] > 3.2: robust
        INDArray xs = Nd4j.create(x);
        int[] y = new int[x.length];
        assertEquals(0, java.util.Arrays.stream(s.model.predict(xs)).sum(), "every sample is class 0");
        for (double[] row : x) for (double v : row) assertTrue(v > Staircase.EPS && v < 1 - Staircase.EPS, "the box never binds");
        // the gradient really is masked at the clean points: exactly zero
        assertEquals(0.0, LossGradient.of(s.model, xs, y).inputGradient().amaxNumber().doubleValue(), 0.0);

        ThreatModel t = new ThreatModel(AttackNorm.LINF, Staircase.EPS);
        Apgd.Result apgd = new Apgd(t, AttackLoss.CE, 50, 1, 0, 0).run(s.model, xs, y);
        Apgd.Result square = new Square(t, 1000, 0.8, 1, 0).run(s.model, xs, y);
        int apgdEasy = 0;
        for (int j = 0; j < easy; j++) {
            apgdEasy += (int) apgd.fooled().getDouble(j);
            assertEquals(1.0, square.fooled().getDouble(j), "Square breaks breakable sample " + j);
        }
        for (int j = easy; j < x.length; j++) {
            assertEquals(0.0, square.fooled().getDouble(j), "nothing breaks sample " + j + " (m > ε‖w‖₁)");
            assertEquals(0.0, apgd.fooled().getDouble(j));
        }
        assertTrue(apgdEasy <= 1, "APGD-CE broke " + apgdEasy + " of " + easy + " despite zero gradients");

        // as the suite's last stage, Square's row counts exactly the samples the gradient attack left robust
        AttackSuite suite = new AttackSuite(t, AttackSuite.parseStages("apgd-ce,square"), 50, 1, 1, 1000, 0.8, 0);
        AttackSuite.Outcome o = suite.run(s.model, xs, y);
        long bySquare = o.brokenBy().stream().filter(Square.NAME::equals).count();
        long byApgd = o.brokenBy().stream().filter("APGD-CE"::equals).count();
        assertEquals(easy, bySquare + byApgd);
        assertTrue(bySquare >= easy - 1, "Square stage broke " + bySquare);
        for (int j = easy; j < x.length; j++) assertEquals(null, o.brokenBy().get(j));
    }

    /** All 2^d sign vectors σ: the clipped vertices clip(x + εσ, 0, 1) of the ℓ∞ ball ∩ box. */
    static boolean breakableAtSomeVertex(Mlp linear, double[] x, int label, double eps) {
        int d = x.length;
        double[][] v = new double[1 << d][d];
        for (int m = 0; m < 1 << d; m++) for (int j = 0; j < d; j++) v[m][j] = Math.min(1, Math.max(0, x[j] + ((m >> j & 1) == 1 ? eps : -eps)));
        for (int p : linear.predict(Nd4j.create(v))) if (p != label) return true;
        return false;
    }

    /**
     * On a linear model every sample breakable in the ℓ∞ ball ∩ box is breakable at a clipped vertex (each class margin
     * is linear, so its minimum over the box is at a vertex), so an exhaustive search over the 16 vertices of a 2×2
     * image decides it. Square is sound on any model (it reports only what a forward pass confirms); it is complete on a
     * binary model whose weights share one sign, because the optimal vertex (all +ε or all −ε) is one of its
     * whole-image moves (window side 2 while the rescaled query index is ≤ 10). On general 2×2 models it need
     * not be: its window never sits on the last row or column for sides below 2 (square.py draws the corner from
     * {0, …, h − s − 1}), so those pixels keep the signs of the start.
     */
    @Test
    void onTinyLinearModelsSquareAgreesWithExhaustiveSearchWhereItCan() {
        double eps = 0.15;
        SplittableRandom rnd = new SplittableRandom(21);
        double[][] x = new double[50][4];
        for (double[] row : x) for (int j = 0; j < 4; j++) row[j] = rnd.nextDouble();
        INDArray xs = Nd4j.create(x);
        ThreatModel t = new ThreatModel(AttackNorm.LINF, eps);

        // binary, weights of one sign: Square finds exactly the breakable samples
        Mlp sameSign = new Mlp(MlpSpec.of(4, new int[0], 2, Activation.RELU), List.of(Nd4j.create(new double[][] {{0, 1}, {0, 0.7}, {0, 1.3}, {0, 0.4}})),
                List.of(Nd4j.create(new double[][] {{0, -1.7}})));
        assertEquals(Square.imageShape(sameSign), new radlab.nn.layer.ImageShape(1, 2, 2));
        int[] y = sameSign.predict(xs);
        // 3000 queries: the first 4 (⌊10·3000/10000⌋ + 1 … rescaled index ≤ 10) are whole-image moves, each with a random
        // sign shared by all samples; this seed draws both signs among them (a seed has a 1/8 chance not to)
        Apgd.Result r = new Square(t, 3000, 0.8, 1, 5).run(sameSign, xs, y);
        int breakable = 0;
        for (int i = 0; i < x.length; i++) {
            boolean exhaustive = breakableAtSomeVertex(sameSign, x[i], y[i], eps);
            breakable += exhaustive ? 1 : 0;
            assertEquals(exhaustive, r.fooled().getDouble(i) != 0, "sample " + i);
        }
        assertTrue(breakable >= 10 && breakable <= 40, "a mix of breakable and robust samples: " + breakable);

        // three classes, random weights: whatever Square breaks is breakable
        double[][] w = new double[4][3];
        for (double[] row : w) for (int k = 0; k < 3; k++) row[k] = 2 * rnd.nextDouble() - 1;
        Mlp mixed = new Mlp(MlpSpec.of(4, new int[0], 3, Activation.RELU), List.of(Nd4j.create(w)), List.of(Nd4j.zeros(DataType.DOUBLE, 1, 3)));
        int[] z = mixed.predict(xs);
        Apgd.Result rm = new Square(t, 500, 0.8, 1, 5).run(mixed, xs, z);
        int found = 0;
        for (int i = 0; i < x.length; i++) {
            if (rm.fooled().getDouble(i) != 0) {
                found++;
                assertTrue(breakableAtSomeVertex(mixed, x[i], z[i], eps), "sample " + i + " reported broken but no vertex breaks it");
            }
        }
        assertTrue(found > 0, "Square broke nothing on the three-class model");
    }

    @Test
    void settingsAreValidated() {
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.1);
        assertThrows(IllegalArgumentException.class, () -> new Square(t, 0, 0.8, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Square(t, 10, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Square(t, 10, 1.5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Square(t, 10, Double.NaN, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Square(t, 10, 0.8, 0, 0));
        // ℓ2 needs images of side ≥ 5 (its start tiles the image with blocks of side h/5)
        Mlp tiny = Mlp.initialize(MlpSpec.of(4, new int[0], 2, Activation.RELU), 1, DataType.DOUBLE);
        Square l2 = new Square(new ThreatModel(AttackNorm.L2, 0.5), 10, 0.8, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> l2.run(tiny, Nd4j.rand(DataType.DOUBLE, 2, 4), new int[] {0, 1}));
    }
}
