package radlab.rademacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.AttackNorm;
import radlab.attack.LossGradient;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.jacobian.InputJacobians;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.Model;
import radlab.nn.layer.Activation;
import radlab.nn.layer.LinearLayer;
import radlab.rademacher.LossTerm.Kind;
import radlab.train.Objective;

class LossClassFittingTest {
    static Dataset data(int n, int d, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(k);
        return new Dataset("synthetic", Nd4j.create(x, new long[] {n, d}, DataType.DOUBLE), y, k);
    }

    static Mlp net(int d, int[] hidden, int k, Activation a, long seed) {
        return Mlp.initialize(MlpSpec.of(d, hidden, k, a), seed, DataType.DOUBLE);
    }

    static LossTerm term(Kind kind, AttackNorm norm) {
        return new LossTerm(kind, new ThreatModel(norm, norm == AttackNorm.L2 ? 0.5 : 0.05), 0.5, 5);
    }

    @Test
    void weightedObjectiveHasTheValueAndFiniteDifferenceGradientOfTheWeightedSum() {
        // d=3, h=12 takes the plain double-backprop path; d=6, h=4 the Gram form of the ℓ2 regularizer.
        for (int[] shape : new int[][] {{3, 12}, {6, 4}}) {
            Dataset s = data(10, shape[0], 3, 7);
            double[] w = new double[10];
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < w.length; i++) w[i] = (r.nextBoolean() ? 1 : -1) * (0.5 + r.nextDouble()) / 10;
            for (Kind kind : List.of(Kind.CE, Kind.RAMP, Kind.JACOBIAN, Kind.JACOBIAN_SQ, Kind.SURROGATE)) {
                for (AttackNorm norm : AttackNorm.values()) {
                    Mlp m = net(shape[0], new int[] {shape[1]}, 3, Activation.TANH, 5);
                    LossTerm t = term(kind, norm);
                    Objective.Value v = t.weighted(m, s, w, 1);
                    assertEquals(dot(w, t.values(m, s, 1)), v.loss(), 1e-10, kind + " " + norm + " value");
                    INDArray w0 = m.linearLayers().get(0).weight();
                    INDArray g0 = v.gradients().parameters().get(0);
                    for (int[] e : new int[][] {{0, 0}, {1, 2}, {2, 3}}) {
                        double h = 1e-6, old = w0.getDouble(e[0], e[1]);
                        w0.putScalar(e[0], e[1], old + h);
                        double up = dot(w, t.values(m, s, 1));
                        w0.putScalar(e[0], e[1], old - h);
                        double down = dot(w, t.values(m, s, 1));
                        w0.putScalar(e[0], e[1], old);
                        assertEquals((up - down) / (2 * h), g0.getDouble(e[0], e[1]), 1e-6, kind + " " + norm + " gradient " + e[0] + "," + e[1]);
                    }
                }
            }
        }
    }

    @Test
    void rampLossIsTheClippedMarginAndRobustAndSurrogateDominate() {
        Dataset s = data(40, 8, 4, 11);
        Mlp m = net(8, new int[] {16}, 4, Activation.RELU, 2);
        INDArray z = m.logits(s.features());
        double[] ramp = term(Kind.RAMP, AttackNorm.L2).values(m, s, 1);
        for (int i = 0; i < 40; i++) {
            int y = s.labels()[i];
            double other = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 4; c++) if (c != y) other = Math.max(other, z.getDouble(i, c));
            assertEquals(Math.min(1, Math.max(0, 1 - (z.getDouble(i, y) - other) / 0.5)), ramp[i], 1e-12);
        }
        for (AttackNorm norm : AttackNorm.values()) {
            LossTerm t = term(Kind.CE, norm);
            double[] clean = t.values(m, s, 1), rob = t.withKind(Kind.ROBUST).values(m, s, 9), sur = t.withKind(Kind.SURROGATE).values(m, s, 1);
            LossGradient lg = LossGradient.of(m, s.features(), s.labels());
            INDArray g = lg.inputGradient();
            double[] dual = (norm == AttackNorm.L2 ? g.norm2(1) : org.nd4j.linalg.ops.transforms.Transforms.abs(g, true).sum(1)).toDoubleVector();
            for (int i = 0; i < clean.length; i++) {
                assertTrue(rob[i] >= clean[i], norm + ": the attack lowered sample " + i + "'s loss");
                double firstOrder = clean[i] + t.threat().epsilon() * dual[i];
                assertTrue(sur[i] >= firstOrder * (1 - 1e-12), norm + ": surrogate " + sur[i] + " < first-order robust loss " + firstOrder);
            }
        }
    }

    @Test
    void projectionKeepsEveryConstraintToTheStatedTolerance() {
        Dataset s = data(30, 8, 3, 2);
        Mlp fhat = net(8, new int[] {12, 10}, 3, Activation.RELU, 4);
        ModelBall ball = ModelBall.around(fhat, s.features(), true, true);
        Model m = fhat.copy();
        SplittableRandom r = new SplittableRandom(5);
        for (LinearLayer l : m.linearLayers()) {
            INDArray w = l.weight();
            for (int i = 0; i < w.rows(); i++) for (int j = 0; j < w.columns(); j++) w.putScalar(i, j, 3 * w.getDouble(i, j) + r.nextGaussian());
        }
        ball.project(m, s.features());
        List<LinearLayer> ls = m.linearLayers();
        for (int l = 0; l < ls.size(); l++) {
            double[][] a = new double[(int) ls.get(l).weight().rows()][];
            for (int i = 0; i < a.length; i++) a[i] = ls.get(l).weight().getRow(i).toDoubleVector();
            double sigma = new SingularValueDecomposition(new Array2DRowRealMatrix(a, false)).getNorm();
            assertTrue(sigma <= ball.spectral()[l] * (1 + ModelBall.TOLERANCE), "layer " + l + " spectral " + sigma + " > " + ball.spectral()[l]);
            assertTrue(ls.get(l).weight().norm2Number().doubleValue() <= ball.frobenius()[l] * (1 + ModelBall.TOLERANCE), "layer " + l + " Frobenius");
            assertArrayEquals(fhat.linearLayers().get(l).bias().toDoubleVector(), ls.get(l).bias().toDoubleVector(), 0, "biases stay at f̂'s");
        }
        double mean = InputJacobians.norms(m, s.features(), 7).meanFrobenius();
        assertTrue(mean <= ball.jacobianMean() * (1 + ModelBall.TOLERANCE), "mean ‖J‖_F " + mean + " > " + ball.jacobianMean());
    }

    @Test
    void zeroStepsFromTheReferenceIsExactlyTheOneNetworkFiniteClass() {
        Dataset s = data(25, 6, 3, 8);
        Mlp fhat = net(6, new int[] {10}, 3, Activation.RELU, 1);
        ModelBall ball = ModelBall.around(fhat, s.features(), false, true);
        for (Kind kind : List.of(Kind.CE, Kind.RAMP, Kind.SURROGATE)) {
            LossTerm t = term(kind, AttackNorm.L2);
            RademacherEstimate fit = RademacherEstimator.of(20, 3).estimate(new LossClassFitting(ball, t, s, 1, 0, 0.1, 1));
            RademacherEstimate fin = RademacherEstimator.of(20, 3).estimate(FiniteClass.of(List.of(t.values(fhat, s, 1)), kind.label()));
            assertArrayEquals(fin.draws(), fit.draws(), 1e-12, kind.label());
        }
    }

    @Test
    void finiteClassOfFixedNetworksHasTheExactMaxOverNetworksValue() {
        Dataset s = data(25, 6, 3, 8);
        List<double[]> v = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) v.add(term(Kind.CE, AttackNorm.L2).values(net(6, new int[] {10}, 3, Activation.RELU, seed), s, 1));
        RademacherEstimator est = RademacherEstimator.of(30, 9);
        RademacherEstimate e = est.estimate(FiniteClass.of(v, "four networks"));
        INDArray signs = est.signs(0, 30, 25);
        for (int j = 0; j < 30; j++) {
            double best = Double.NEGATIVE_INFINITY;
            for (double[] f : v) best = Math.max(best, dot(signs.getRow(j).toDoubleVector(), f) / 25);
            assertEquals(best, e.draws()[j], 1e-12);
        }
    }

    @Test
    void searchImprovesOnTheReferenceAndEstimatesDoNotDependOnThreads() {
        Dataset s = data(20, 6, 3, 8);
        Mlp fhat = net(6, new int[] {8}, 3, Activation.RELU, 1);
        ModelBall ball = ModelBall.around(fhat, s.features(), false, true);
        LossTerm t = term(Kind.CE, AttackNorm.L2);
        RademacherEstimate one = new RademacherEstimator(52, 5, 1, 0.95).estimate(new LossClassFitting(ball, t, s, 1, 3, 0.1, 1));
        RademacherEstimate two = new RademacherEstimator(52, 5, 2, 0.95).estimate(new LossClassFitting(ball, t, s, 1, 3, 0.1, 1));
        assertArrayEquals(one.draws(), two.draws(), 0);
        RademacherEstimate ref = RademacherEstimator.of(52, 5).estimate(FiniteClass.of(List.of(t.values(fhat, s, 1)), "f̂"));
        assertTrue(one.mean() > ref.mean(), "the search should beat the reference network: " + one.mean() + " vs " + ref.mean());
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
