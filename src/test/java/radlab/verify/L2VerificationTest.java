package radlab.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.attack.Apgd;
import radlab.attack.AttackLoss;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.nn.Mlp;
import radlab.nn.layer.Activation;

/**
 * Complete verification over an ℓ2 ball ∩ [0,1]^d: the set's projection and dual bound against closed forms and
 * brute force, branch and bound against an exhaustive oracle on 2-input networks, and soundness against ℓ2 attacks.
 */
class L2VerificationTest {
    /** The ball inside the box: the dual bound is the closed form r·x − ε‖r‖ and the projection the radial one. */
    @Test
    void setMatchesClosedFormsWhenTheBoxDoesNotBind() {
        double[] x = {0.5, 0.4, 0.6, 0.5}, r = {1, -2, 0.5, 3};
        double eps = 0.2, norm = Math.sqrt(1 + 4 + 0.25 + 9);
        InputSet set = InputSet.l2(x, eps);
        double dot = 0;
        for (int i = 0; i < 4; i++) dot += r[i] * x[i];
        assertEquals(dot - eps * norm, set.minLinear(r), 1e-9);
        double[] far = {0.9, 0.4, 0.6, 0.5};   // 0.4 from x along the first axis
        double[] p = set.project(far);
        assertEquals(0.7, p[0], 1e-12);
        assertEquals(eps, set.distance(p), 1e-12);
        double[] m = set.ballMinimizer(r);
        double at = 0;
        for (int i = 0; i < 4; i++) at += r[i] * m[i];
        assertEquals(dot - eps * norm, at, 1e-12);
        assertTrue(set.contains(m));
    }

    /** ε = 0: the set is x itself; the bound is r·x and every projection is x. */
    @Test
    void aZeroRadiusIsThePointItself() {
        double[] x = {0.2, 0.7}, r = {1, -3};
        InputSet set = InputSet.l2(x, 0);
        assertEquals(0.2 - 2.1, set.minLinear(r), 1e-15);
        assertEquals(java.util.Arrays.toString(x), java.util.Arrays.toString(set.project(new double[] {0.9, 0.1})));
        assertEquals(java.util.Arrays.toString(x), java.util.Arrays.toString(set.argminLinear(r)));
    }

    /** Where the box cuts the ball: the dual bound is below every point of the set and within 1e-3 of the brute-force minimum. */
    @Test
    void dualBoundAndProjectionAgainstBruteForceWhereTheBoxBinds() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            double[] x = {rnd.nextDouble() * 0.2, 1 - rnd.nextDouble() * 0.2};   // near a corner, so the box binds
            double[] r = {rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1};
            double eps = 0.1 + 0.3 * rnd.nextDouble();
            InputSet set = InputSet.l2(x, eps);
            double brute = Double.POSITIVE_INFINITY;
            int grid = 800;
            for (int a = 0; a <= grid; a++) {
                for (int b = 0; b <= grid; b++) {
                    double[] v = {x[0] - eps + 2 * eps * a / grid, x[1] - eps + 2 * eps * b / grid};
                    if (!set.contains(v)) continue;
                    brute = Math.min(brute, r[0] * v[0] + r[1] * v[1]);
                }
            }
            double bound = set.minLinear(r);
            assertTrue(bound <= brute + 1e-12, "trial " + trial + ": bound " + bound + " above a point of the set, " + brute);
            assertTrue(bound >= brute - 1e-3 * (Math.abs(r[0]) + Math.abs(r[1])), "trial " + trial + ": bound " + bound + " vs " + brute);
            double[] v = {rnd.nextDouble() * 2 - 0.5, rnd.nextDouble() * 2 - 0.5};
            double[] p = set.project(v);
            assertTrue(set.contains(p), "projection leaves the set");
            double dp = dist(p, v);
            for (int k = 0; k < 2000; k++) {   // no point of the set is nearer (up to the bisection's tolerance)
                double[] q = set.project(new double[] {x[0] + eps * (rnd.nextDouble() * 2 - 1), x[1] + eps * (rnd.nextDouble() * 2 - 1)});
                assertTrue(dist(q, v) >= dp - 1e-9, "nearer point " + java.util.Arrays.toString(q));
            }
        }
    }

    /**
     * In many dimensions, with the box binding on some coordinates: the bound equals the primal value at the minimiser
     * (a point of the set), so it is the minimum, and it is at least the best of a fine ternary search over the dual
     * (an independent transcription of φ).
     */
    @Test
    void dualBoundIsTheMinimumInManyDimensions() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int d = 1 + rnd.nextInt(60);
            double[] x = new double[d], r = new double[d];
            for (int i = 0; i < d; i++) {
                x[i] = rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? 0 : 1) : rnd.nextDouble();   // some on the box's faces
                r[i] = rnd.nextInt(6) == 0 ? 0 : rnd.nextDouble() * 2 - 1;
            }
            double eps = rnd.nextDouble() * (trial % 3 == 0 ? 3 : 0.5);
            assertDualIsTheMinimum("trial " + trial, x, r, eps, false);
        }
    }

    /**
     * Coefficients over many orders of magnitude, so that a few huge ones reach their faces first: the multiplier's
     * sum F over the other coordinates must not lose them (kept as a running sum that the huge r_i² were subtracted
     * from, it cancelled to about 1 % error in the first case and the bound fell to the box's 40 from 49.00005).
     */
    @Test
    void dualBoundIsTheMinimumWhenCoefficientsSpanManyOrdersOfMagnitude() {
        double[] x = new double[101], r = new double[101];
        x[0] = 1e-3;
        r[0] = 1e8;
        for (int i = 1; i < x.length; i++) {
            x[i] = 0.5;
            r[i] = 1;
        }
        assertDualIsTheMinimum("one huge coefficient", x, r, 0.1, true);
        SplittableRandom rnd = new SplittableRandom(12);
        for (int trial = 0; trial < 200; trial++) {
            int d = 2 + rnd.nextInt(60);
            x = new double[d];
            r = new double[d];
            for (int i = 0; i < d; i++) {
                x[i] = rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? 0 : 1) : rnd.nextDouble();
                r[i] = rnd.nextInt(6) == 0 ? 0 : (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, -6 + 16 * rnd.nextDouble());
            }
            assertDualIsTheMinimum("trial " + trial, x, r, rnd.nextDouble() * (trial % 3 == 0 ? 3 : 0.5), true);
        }
    }

    /**
     * The bound equals the primal value at the minimiser (a point of the set), so it is the minimum, and it is at least
     * the best of a fine ternary search over the dual (an independent transcription of φ). With {@code scaled}, the
     * absolute tolerances 1e-12 and 1e-9 are multiplied by 1 + Σ|r_i| (coefficients up to 10¹⁰).
     */
    private static void assertDualIsTheMinimum(String what, double[] x, double[] r, double eps, boolean scaled) {
        InputSet set = InputSet.l2(x, eps);
        double bound = set.minLinear(r);
        double[] at = set.argminLinear(r);
        assertTrue(set.contains(at), what + ": the minimiser leaves the set");
        double primal = 0, norm = 0, scale = 0;
        for (int i = 0; i < r.length; i++) {
            primal += r[i] * at[i];
            norm += r[i] * r[i];
            scale += Math.abs(r[i]);
        }
        double unit = scaled ? 1 + scale : 1;
        assertTrue(bound <= primal + 1e-12 * unit, what + ": bound " + bound + " above the point's value " + primal);
        assertEquals(primal, bound, 1e-9 * (1 + Math.sqrt(norm)), what);
        double best = ternaryDual(x, r, eps);
        assertTrue(bound >= best - 1e-9 * unit, what + ": bound " + bound + " below the dual's search, " + best);
    }

    /** max over μ ∈ [0, ‖r‖/ε] of φ(μ), by 200 ternary steps, and φ(0) (the box's bound). */
    private static double ternaryDual(double[] x, double[] r, double eps) {
        double norm = 0;
        for (double v : r) norm += v * v;
        norm = Math.sqrt(norm);
        double a = 0, b = eps == 0 ? 0 : norm / eps, best = phi(x, r, eps, 0);
        for (int s = 0; s < 200 && b > 0; s++) {
            double m1 = a + (b - a) / 3, m2 = b - (b - a) / 3, f1 = phi(x, r, eps, m1), f2 = phi(x, r, eps, m2);
            best = Math.max(best, Math.max(f1, f2));
            if (f1 < f2) a = m1;
            else b = m2;
        }
        return best;
    }

    private static double phi(double[] x, double[] r, double eps, double mu) {
        double s = -mu * eps * eps;
        for (int i = 0; i < x.length; i++) {
            double lo = Math.max(x[i] - eps, 0), hi = Math.min(x[i] + eps, 1);
            double v = mu == 0 ? (r[i] >= 0 ? lo : hi) : Math.min(Math.max(x[i] - r[i] / (2 * mu), lo), hi);
            s += r[i] * v + mu * (v - x[i]) * (v - x[i]);
        }
        return s;
    }

    private static double dist(double[] a, double[] b) {
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }

    /**
     * On 2-input networks, an exhaustive oracle: the margin at a polar grid of the set (each point clipped to the box,
     * which keeps it in the set) within covering radius δ of every point of the set, and a Lipschitz constant L of the
     * margin (products of Frobenius norms). min over the grid − L·δ &gt; 0 proves robustness; a grid point with margin
     * &lt; 0 is a counterexample; samples between the two are not counted. Branch and bound must agree on every decided one.
     */
    @Test
    void branchAndBoundAgreesWithAnExhaustiveOracleOnTwoInputNetworks() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        int compared = 0, branched = 0;
        // narrow nets for both verdicts, a wider one (at a radius where its pieces are many) for certificates that branch
        Object[][] configs = {{new int[] {2, 8, 8, 3}, 1L, new double[] {0.05, 0.15, 0.3}}, {new int[] {2, 8, 8, 3}, 2L, new double[] {0.05, 0.15, 0.3}},
                {new int[] {2, 16, 16, 3}, 1L, new double[] {0.3}}};
        for (Object[] config : configs) {
            long seed = (Long) config[1];
            Mlp net = Nets.random((int[]) config[0], Activation.RELU, seed);
            Dataset data = Nets.predictedSample(net, 12, seed + 10);
            ReluNetwork rn = ReluNetwork.of(net);
            double lipschitz = lipschitz(net);
            for (double eps : (double[]) config[2]) {
                for (int i = 0; i < data.size(); i++) {
                    double[] x = data.features().getRow(i).toDoubleVector();
                    int y = data.label(i);
                    InputSet set = InputSet.l2(x, eps);
                    Verdict v = BranchAndBound.verify(rn, set, y, null, System.nanoTime() + CompleteVerificationTest.DECIDE.toNanos(), Long.MAX_VALUE);
                    Outcome truth = oracle(net, set, y, lipschitz);
                    String where = "seed " + seed + " ε=" + eps + " sample " + i + ": " + v + ", oracle " + truth;
                    if (v.outcome() == Outcome.COUNTEREXAMPLE) {
                        assertNotNull(v.counterexample(), where);
                        assertTrue(set.contains(v.counterexample()), where);
                        assertTrue(margin(net, v.counterexample(), y) < 0, where);
                    }
                    if (v.outcome() == Outcome.CERTIFIED) assertTrue(v.lowerBound() > 0, where);
                    if (truth == null) continue;
                    compared++;
                    assertEquals(truth, v.outcome(), where);
                    counts.merge(truth, 1, Integer::sum);
                    if (v.domains() > 1) branched++;
                }
            }
        }
        assertTrue(compared >= 50, "decided by the oracle: " + compared);
        assertTrue(counts.getOrDefault(Outcome.CERTIFIED, 0) >= 10 && counts.getOrDefault(Outcome.COUNTEREXAMPLE, 0) >= 10, counts.toString());
        System.out.println("L2 oracle: " + counts + ", branched " + branched + ", compared " + compared);
    }

    /** CERTIFIED, COUNTEREXAMPLE, or null when the grid cannot tell. */
    private static Outcome oracle(Mlp net, InputSet set, int y, double lipschitz) {
        double eps = set.l2Radius();
        int radial = 200, angular = 1000;
        double[][] pts = new double[(radial + 1) * angular][];
        int k = 0;
        for (int a = 0; a <= radial; a++) {
            for (int b = 0; b < angular; b++) {
                double r = eps * a / radial, th = 2 * Math.PI * b / angular;
                double[] c = set.center();
                pts[k++] = new double[] {clip(c[0] + r * Math.cos(th), set.lower()[0], set.upper()[0]),
                        clip(c[1] + r * Math.sin(th), set.lower()[1], set.upper()[1])};
            }
        }
        double[] m = margins(net, pts, y);
        double min = Double.POSITIVE_INFINITY;
        for (double v : m) min = Math.min(min, v);
        double delta = 0.5 * eps / radial + eps * Math.PI / angular;   // radial half-step + half the arc between rays
        if (min < 0) return Outcome.COUNTEREXAMPLE;
        if (min - lipschitz * delta > 0) return Outcome.CERTIFIED;
        return null;
    }

    private static double clip(double v, double lo, double hi) {
        return Math.min(Math.max(v, lo), hi);
    }

    /** min_j f_y − f_j per point in float64, by this test's own forward pass over the model's weights. */
    private static double[] margins(Mlp net, double[][] pts, int y) {
        double[][][] w = new double[net.depth()][][];
        double[][] b = new double[net.depth()][];
        for (int k = 0; k < w.length; k++) {
            w[k] = net.weight(k).castTo(DataType.DOUBLE).toDoubleMatrix();   // in × out
            b[k] = net.bias(k).castTo(DataType.DOUBLE).toDoubleVector();
        }
        double[] m = new double[pts.length];
        for (int p = 0; p < pts.length; p++) {
            double[] a = pts[p];
            for (int k = 0; k < w.length; k++) {
                double[] z = b[k].clone();
                for (int i = 0; i < a.length; i++) for (int j = 0; j < z.length; j++) z[j] += a[i] * w[k][i][j];
                if (k + 1 < w.length) for (int j = 0; j < z.length; j++) z[j] = Math.max(z[j], 0);
                a = z;
            }
            m[p] = Double.POSITIVE_INFINITY;
            for (int j = 0; j < a.length; j++) if (j != y) m[p] = Math.min(m[p], a[y] - a[j]);
        }
        return m;
    }

    private static double margin(Mlp net, double[] p, int y) {
        return margins(net, new double[][] {p}, y)[0];
    }

    /** An ℓ2 Lipschitz constant of every margin f_y − f_j: 2·Π_k ‖W_k‖_F (ReLU is 1-Lipschitz; ‖e_y − e_j‖ ≤ √2 ≤ 2). */
    private static double lipschitz(Mlp net) {
        double l = 2;
        for (int k = 0; k < net.depth(); k++) l *= net.weight(k).norm2Number().doubleValue();
        return l;
    }

    /**
     * On a 20-input network: no sample certified under ℓ2 is broken by APGD (CE and DLR), counterexamples are real,
     * verdicts of both kinds occur, certificates that needed branching among them, and (nearly) nothing is left undecided.
     */
    @Test
    void certifiedSamplesSurviveL2Attacks() {
        Mlp net = Nets.random(new int[] {20, 12, 12, 4}, Activation.RELU, 7);
        Dataset data = Nets.predictedSample(net, 20, 8);
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        int branchedCertificates = 0;
        for (double eps : new double[] {0.1, 0.3}) {
            ThreatModel t = new ThreatModel(AttackNorm.L2, eps);
            VerificationSummary s = CompleteVerifier.verify(net, data, t, new CompleteVerifier.Settings(CompleteVerificationTest.DECIDE, Long.MAX_VALUE, 0, 0));
            for (AttackLoss loss : new AttackLoss[] {AttackLoss.CE, AttackLoss.DLR}) {
                int[] pred = net.predict(new Apgd(t, loss, 100, 3, 0, 7).perturb(net, data.features(), data.labels()));
                for (int i = 0; i < data.size(); i++) {
                    if (s.verdicts().get(i).outcome() == Outcome.CERTIFIED) {
                        assertEquals(data.label(i), pred[i], "ε=" + eps + " sample " + i + " certified but APGD-" + loss + " broke it");
                    }
                }
            }
            for (Verdict v : s.verdicts()) {
                counts.merge(v.outcome(), 1, Integer::sum);
                if (v.outcome() == Outcome.CERTIFIED && v.domains() > 1) branchedCertificates++;
            }
            for (int i = 0; i < data.size(); i++) {
                Verdict v = s.verdicts().get(i);
                if (v.outcome() == Outcome.COUNTEREXAMPLE) {
                    InputSet set = InputSet.l2(data.features().getRow(i).toDoubleVector(), eps);
                    assertTrue(set.contains(v.counterexample()) && margin(net, v.counterexample(), data.label(i)) < 0);
                }
            }
        }
        assertTrue(counts.getOrDefault(Outcome.CERTIFIED, 0) > 0 && counts.getOrDefault(Outcome.COUNTEREXAMPLE, 0) > 0, counts.toString());
        assertTrue(counts.getOrDefault(Outcome.UNDECIDED, 0) <= 1, "left undecided: " + counts);
        assertTrue(branchedCertificates >= 3, "certificates that needed branching (and the linear-piece bound): " + branchedCertificates);
    }
}
