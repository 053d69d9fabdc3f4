package radlab.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.testing.FiniteDifferences;

class AlphaCrownTest {
    /** More and smaller steps than auto_LiRPA's 20 from 0.5, for the test that needs the optimum (within ~5e-6 measured). */
    private static final AlphaCrown.Settings LONG = new AlphaCrown.Settings(150, 0.1, 0.98);

    private static INDArray uniform(SplittableRandom rnd, long rows, long cols, double lo, double hi) {
        double[][] v = new double[(int) rows][(int) cols];
        for (double[] r : v) for (int j = 0; j < r.length; j++) r[j] = lo + (hi - lo) * rnd.nextDouble();
        return Nd4j.create(v);
    }

    /** α-CROWN's raw optimized bound (before the max with CROWN) on the network's own predictions. */
    private static INDArray rawAlpha(Mlp net, INDArray x, int[] y, ThreatModel t, AlphaCrown.Settings s) {
        BoundedNetwork bn = new BoundedNetwork(net, y);
        InputRegion region = new InputRegion(x, t);
        return AlphaCrown.lower(bn, region, MarginBounds.inputBounds(bn, region), s);
    }

    /**
     * (1) On random small ReLU nets the raw optimized bound is never below CROWN's final pass (its warm start, kept by
     * keep-best) and is strictly above it somewhere; the reported bound is ≥ CROWN's by construction.
     */
    @ParameterizedTest
    @EnumSource(AttackNorm.class)
    void alphaCrownIsAtLeastCrownOnEveryMargin(AttackNorm norm) {
        ThreatModel t = new ThreatModel(norm, norm == AttackNorm.L2 ? 0.3 : 0.08);
        double gain = 0;
        for (int seed = 1; seed <= 3; seed++) {
            Mlp net = Mlp.initialize(MlpSpec.of(12, new int[] {16, 16}, 5, Activation.RELU), seed, DataType.DOUBLE);
            INDArray x = uniform(new SplittableRandom(seed), 20, 12, 0, 1);
            int[] y = net.predict(x);
            BoundedNetwork bn = new BoundedNetwork(net, y);
            InputRegion region = new InputRegion(x, t);
            INDArray crown = MarginBounds.crown(bn, region);
            INDArray alpha = rawAlpha(net, x, y, t, AlphaCrown.Settings.DEFAULT);
            double worst = alpha.sub(crown).minNumber().doubleValue();
            assertTrue(worst >= -1e-12 * (1 + crown.amaxNumber().doubleValue()), t + " seed " + seed + ": α-CROWN below CROWN by " + (-worst));
            gain = Math.max(gain, alpha.sub(crown).maxNumber().doubleValue());
            INDArray reportedAlpha = Certifier.marginBounds(net, x, y, t, Certifier.Method.ALPHA_CROWN);
            INDArray reportedCrown = Certifier.marginBounds(net, x, y, t, Certifier.Method.CROWN);
            assertTrue(reportedAlpha.sub(reportedCrown).minNumber().doubleValue() >= 0, "reported α-CROWN is at least reported CROWN");
        }
        assertTrue(gain > 1e-3, t + ": α-CROWN should improve some margin, best gain " + gain);
    }

    /**
     * (2) Soundness on 2-input nets: the optimized bound, and the bound at random α ∈ [0,1] (any α must be sound), are
     * at most the minimum of the margin on a dense grid of the region.
     */
    @ParameterizedTest
    @EnumSource(AttackNorm.class)
    void boundsAreBelowTheGridMinimumOnTwoInputNets(AttackNorm norm) {
        ThreatModel t = new ThreatModel(norm, norm == AttackNorm.L2 ? 0.25 : 0.2);
        for (int seed = 11; seed <= 12; seed++) {
            Mlp net = Mlp.initialize(MlpSpec.of(2, new int[] {12, 12}, 4, Activation.RELU), seed, DataType.DOUBLE);
            INDArray x0 = Nd4j.create(new double[][] {{0.35, 0.9}});
            int[] y = net.predict(x0);
            INDArray logits = net.logits(CertifyTest.gridOverRegion(x0, t, 201));
            BoundedNetwork bn = new BoundedNetwork(net, y);
            InputRegion region = new InputRegion(x0, t);
            Interval[] bounds = MarginBounds.inputBounds(bn, region);
            List<INDArray> candidates = new ArrayList<>();
            candidates.add(AlphaCrown.lower(bn, region, bounds, AlphaCrown.Settings.DEFAULT));
            SplittableRandom rnd = new SplittableRandom(seed);
            AlphaCrown.Relaxations r = new AlphaCrown.Relaxations(bn, bounds);
            for (int draw = 0; draw < 10; draw++) {
                INDArray[] alpha = AlphaCrown.initialAlpha(bn, r, 4);
                for (INDArray a : alpha) if (a != null) a.assign(uniform(rnd, 4, a.size(2), 0, 1).reshape(1, 4, a.size(2)));
                candidates.add(AlphaCrown.evaluate(bn, region, bounds, alpha).bound());
            }
            for (int j = 0; j < 4; j++) {
                if (j == y[0]) continue;
                double gridMin = logits.getColumn(y[0]).sub(logits.getColumn(j)).minNumber().doubleValue();
                for (INDArray c : candidates) {
                    assertTrue(c.getDouble(0, j) <= gridMin + 1e-9, t + " seed " + seed + " class " + j + ": bound " + c.getDouble(0, j) + " > grid " + gridMin);
                }
            }
        }
    }

    /**
     * (3) Known answer: with one hidden ReLU layer and exact pre-activation bounds (ℓ∞: the first layer's image of the
     * box), max over α of the bound equals the minimum of the triangle-relaxation LP (Salman et al. 2019, NeurIPS, "A
     * convex relaxation barrier…": min over x of Σ c⁺·relu + c⁻·chord, relu(z) = max_{α∈[0,1]} α·z, and min–max swaps
     * by Sion's theorem, the function being linear in each of x and α over compact convex sets). Computed here with
     * Commons Math's simplex. α-CROWN must reach it within 1e-4 relative (to max(1, |LP|)); plain CROWN must be below it
     * by more than that on some margin, so the test fails for CROWN.
     */
    @Test
    void oneHiddenLayerReachesTheTriangleLpOptimum() {
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.25);
        double crownGap = 0;
        int compared = 0;
        for (int seed = 1; seed <= 4; seed++) {
            int d = 3, h = 5, k = 3;
            Mlp net = Mlp.initialize(MlpSpec.of(d, new int[] {h}, k, Activation.RELU), 30 + seed, DataType.DOUBLE);
            INDArray x = uniform(new SplittableRandom(seed), 2, d, 0.3, 0.7);   // boxes inside [0,1]^3
            int[] y = net.predict(x);
            BoundedNetwork bn = new BoundedNetwork(net, y);
            InputRegion region = new InputRegion(x, t);
            INDArray crown = MarginBounds.crown(bn, region);
            INDArray alpha = rawAlpha(net, x, y, t, LONG);
            INDArray w1 = net.linearLayers().get(0).weight(), b1 = net.linearLayers().get(0).bias();
            INDArray w2 = net.linearLayers().get(1).weight(), b2 = net.linearLayers().get(1).bias();
            for (int i = 0; i < x.rows(); i++) {
                for (int j = 0; j < k; j++) {
                    if (j == y[i]) continue;
                    double lp = triangleLp(w1, b1, w2, b2, x.getRow(i).toDoubleVector(), t.epsilon(), y[i], j);
                    double tol = 1e-4 * Math.max(1, Math.abs(lp));
                    assertEquals(lp, alpha.getDouble(i, j), tol, "seed " + seed + " sample " + i + " class " + j + ": α-CROWN vs LP");
                    assertTrue(crown.getDouble(i, j) <= lp + 1e-9, "CROWN above the LP optimum");
                    crownGap = Math.max(crownGap, (lp - crown.getDouble(i, j)) / Math.max(1, Math.abs(lp)));
                    compared++;
                }
            }
        }
        assertEquals(16, compared);
        assertTrue(crownGap > 1e-2, "plain CROWN should be measurably below the LP optimum somewhere: " + crownGap);
    }

    /**
     * min over x ∈ [x0 − ε, x0 + ε] of Σ_k c_k·h_k + c0, c = W2[:, y] − W2[:, j], with h_k = z_k (stably active),
     * 0 (stably inactive), or in the triangle h ≥ 0, h ≥ z, h ≤ u(z − l)/(u − l) (unstable), z = x·W1 + b1 and [l, u]
     * its exact range over the box. Variables (x, h), free signs, bounds as constraints.
     */
    static double triangleLp(INDArray w1, INDArray b1, INDArray w2, INDArray b2, double[] x0, double eps, int y, int j) {
        int d = (int) w1.rows(), h = (int) w1.columns(), nv = d + h;
        List<LinearConstraint> cons = new ArrayList<>();
        for (int p = 0; p < d; p++) {
            double[] e = new double[nv];
            e[p] = 1;
            cons.add(new LinearConstraint(e, Relationship.GEQ, Math.max(0, x0[p] - eps)));
            cons.add(new LinearConstraint(e, Relationship.LEQ, Math.min(1, x0[p] + eps)));
        }
        for (int q = 0; q < h; q++) {
            double l = b1.getDouble(q), u = b1.getDouble(q);
            for (int p = 0; p < d; p++) {
                double w = w1.getDouble(p, q);
                l += Math.min(w * Math.max(0, x0[p] - eps), w * Math.min(1, x0[p] + eps));
                u += Math.max(w * Math.max(0, x0[p] - eps), w * Math.min(1, x0[p] + eps));
            }
            double[] hq = new double[nv];   // h_q
            hq[d + q] = 1;
            double[] hMinusZ = new double[nv];   // h_q − (x·W1[:, q]); z = that + b1
            hMinusZ[d + q] = 1;
            for (int p = 0; p < d; p++) hMinusZ[p] = -w1.getDouble(p, q);
            if (l >= 0) {
                cons.add(new LinearConstraint(hMinusZ, Relationship.EQ, b1.getDouble(q)));
            } else if (u <= 0) {
                cons.add(new LinearConstraint(hq, Relationship.EQ, 0));
            } else {
                cons.add(new LinearConstraint(hq, Relationship.GEQ, 0));
                cons.add(new LinearConstraint(hMinusZ, Relationship.GEQ, b1.getDouble(q)));
                double s = u / (u - l);   // h − s·(x·W1 + b1) ≤ −s·l
                double[] chord = new double[nv];
                chord[d + q] = 1;
                for (int p = 0; p < d; p++) chord[p] = -s * w1.getDouble(p, q);
                cons.add(new LinearConstraint(chord, Relationship.LEQ, s * b1.getDouble(q) - s * l));
            }
        }
        double[] obj = new double[nv];
        for (int q = 0; q < h; q++) obj[d + q] = w2.getDouble(q, y) - w2.getDouble(q, j);
        double c0 = b2.getDouble(y) - b2.getDouble(j);
        PointValuePair p = new SimplexSolver(1e-9, 10, 1e-14).optimize(new MaxIter(10_000), new LinearObjectiveFunction(obj, c0),
                new LinearConstraintSet(cons), GoalType.MINIMIZE, new NonNegativeConstraint(false));
        return p.getValue();
    }

    /** (4) The hand-derived ∂(Σ bounds)/∂α against central differences, for both ReLU layers of a 2-hidden-layer net. */
    @ParameterizedTest
    @EnumSource(AttackNorm.class)
    void alphaGradientMatchesCentralDifferences(AttackNorm norm) {
        ThreatModel t = new ThreatModel(norm, norm == AttackNorm.L2 ? 0.4 : 0.15);
        Mlp net = Mlp.initialize(MlpSpec.of(6, new int[] {8, 8}, 4, Activation.RELU), 5, DataType.DOUBLE);
        SplittableRandom rnd = new SplittableRandom(3);
        INDArray x = uniform(rnd, 2, 6, 0, 1);
        int[] y = net.predict(x);
        BoundedNetwork bn = new BoundedNetwork(net, y);
        InputRegion region = new InputRegion(x, t);
        Interval[] bounds = MarginBounds.inputBounds(bn, region);
        AlphaCrown.Relaxations r = new AlphaCrown.Relaxations(bn, bounds);
        INDArray[] alpha = AlphaCrown.initialAlpha(bn, r, 4);
        int checked = 0;
        for (INDArray a : alpha) if (a != null) a.assign(uniform(rnd, 8, a.size(2), 0.1, 0.9).reshape(2, 4, a.size(2)));
        AlphaCrown.Evaluation e = AlphaCrown.evaluate(bn, region, bounds, alpha);
        for (int i = 0; i < alpha.length; i++) {
            if (alpha[i] == null) continue;
            INDArray numeric = FiniteDifferences.central(alpha[i], 1e-6, () -> AlphaCrown.evaluate(bn, region, bounds, alpha).bound().sumNumber().doubleValue());
            double scale = Math.max(1e-3, numeric.amaxNumber().doubleValue());
            double err = numeric.sub(e.gradient()[i]).amaxNumber().doubleValue();
            assertTrue(err <= 1e-6 * scale, "layer " + i + " " + t + ": max |analytic − numeric| " + err + " (scale " + scale + ")");
            // only unstable neurons carry a gradient, and the test needs some
            checked += r.unstable[i].sumNumber().intValue();
        }
        assertTrue(checked > 0, "the test needs unstable ReLUs");
        assertTrue(e.gradient()[1].amaxNumber().doubleValue() > 0 && e.gradient()[3].amaxNumber().doubleValue() > 0, "non-zero gradients on both layers");
    }
}
