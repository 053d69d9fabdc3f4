package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;

/**
 * APGD's schedule and step-size rule against Croce &amp; Hein 2020 (ICML), Algorithm 1 and §3.2, and the reference
 * code fra31/auto-attack, autopgd_base.py {@code attack_single_run}, transcribed here independently in plain doubles
 * for a network with one tanh hidden layer and the cross-entropy loss under ℓ∞.
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class ApgdScheduleTest {
    @Test
    void checkpointsForOneHundredStepsAreThePapers() {
        assertArrayEquals(new int[] {22, 41, 57, 70, 80, 87, 93, 99}, ApgdRun.checkpoints(100));
        // the paper: p_0 = 0, p_1 = 0.22, p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06), checkpoints ⌈p_j·N⌉ (in
        // hundredths, exact integer arithmetic)
        List<Integer> paper = new ArrayList<>();
        int prev = 0, p = 22;
        while (p <= 100) {
            paper.add((p * 100 + 99) / 100);
            int next = p + Math.max(p - prev - 3, 6);
            prev = p;
            p = next;
        }
        assertArrayEquals(paper.stream().mapToInt(Integer::intValue).toArray(), ApgdRun.checkpoints(100));
        assertArrayEquals(new int[] {2, 3, 4, 5, 6, 7, 8, 9, 10}, ApgdRun.checkpoints(10), "10 steps (the quick profile): a window of ⌊2.2⌋, then of 1");
    }

    @Test
    void oneRunFollowsAlgorithmOneStepByStep() {
        int n = 12, d = 5, classes = 3, steps = 100;
        Mlp net = Mlp.initialize(MlpSpec.of(d, new int[] {6}, classes, Activation.TANH), 4, DataType.DOUBLE);
        net.linearLayers().get(0).weight().muli(3); // a curved loss surface, so that iterates oscillate and restarts matter
        SplittableRandom rx = new SplittableRandom(2);
        double[][] xs = new double[n][d];
        for (double[] row : xs) for (int j = 0; j < d; j++) row[j] = rx.nextDouble();
        INDArray x = Nd4j.createFromArray(xs);
        int[] labels = net.predict(x);
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.2);
        INDArray y = Dataset.oneHot(labels, classes, DataType.DOUBLE);
        ApgdRun.Outcome o = ApgdRun.run(net, x, y, Nd4j.createFromArray(labels).castTo(DataType.LONG), null, AttackLoss.CE, t, steps,
                new SplittableRandom(8));
        INDArray start = Perturbations.clipToBox(x.add(Perturbations.randomOnSphere(n, d, t, new SplittableRandom(8), DataType.DOUBLE)));
        Reference r = new Reference(net.linearLayers().get(0).weight().toDoubleMatrix(), net.linearLayers().get(0).bias().toDoubleVector(),
                net.linearLayers().get(1).weight().toDoubleMatrix(), net.linearLayers().get(1).bias().toDoubleVector(), t.epsilon());
        double[][] best = r.run(x.toDoubleMatrix(), labels, start.toDoubleMatrix(), steps);
        assertTrue(r.halvings > 0 && r.restartsAwayFromCurrent > 0, "the run must exercise halving and restart-from-best: " + r.halvings
                + " halvings, " + r.restartsAwayFromCurrent + " restarts away from the current iterate");
        double[][] got = o.best().toDoubleMatrix();
        for (int i = 0; i < n; i++) assertArrayEquals(best[i], got[i], 1e-12, "sample " + i);
        for (int i = 0; i < n; i++) assertEquals(r.fooled[i] ? 1.0 : 0.0, o.fooled().getDouble(i, 0), "fooled " + i);
    }

    /** attack_single_run for ℓ∞ and CE, one sample at a time, logits z = tanh(x·V + c)·W + b (V is d × h, W is h × K). */
    static final class Reference {
        final double[][] v, w;
        final double[] c, b;
        final double eps;
        int halvings, restartsAwayFromCurrent;
        boolean[] fooled;

        Reference(double[][] v, double[] c, double[][] w, double[] b, double eps) {
            this.v = v;
            this.c = c;
            this.w = w;
            this.b = b;
            this.eps = eps;
        }

        double[] hidden(double[] x) {
            double[] h = c.clone();
            for (int u = 0; u < h.length; u++) {
                for (int j = 0; j < x.length; j++) h[u] += x[j] * v[j][u];
                h[u] = Math.tanh(h[u]);
            }
            return h;
        }

        double[][] run(double[][] x, int[] y, double[][] start, int steps) {
            int n = x.length;
            double[][] best = new double[n][];
            fooled = new boolean[n];
            for (int i = 0; i < n; i++) best[i] = one(x[i], y[i], start[i], steps, i);
            return best;
        }

        double[] one(double[] x0, int y, double[] start, int nIter, int sample) {
            int nIter2 = Math.max((int) (0.22 * nIter), 1), nIterMin = Math.max((int) (0.06 * nIter), 1), sizeDecr = Math.max((int) (0.03 * nIter), 1);
            double[] xAdv = start.clone();
            double[] grad = grad(xAdv, y);
            double lossBest = loss(xAdv, y);
            double[] xBest = xAdv.clone(), gradBest = grad.clone();
            fooled[sample] |= wrong(xAdv, y);
            double stepSize = 2 * eps;
            double[] xAdvOld = xAdv.clone();
            int k = nIter2, counter3 = 0;
            double[] lossSteps = new double[nIter + 1];
            lossSteps[0] = loss(xAdv, y); // radlab compares the first window's oldest step with the start (the reference: with 0)
            double lossBestLastCheck = lossBest;
            boolean reducedLastCheck = true;
            for (int i = 0; i < nIter; i++) {
                double[] grad2 = sub(xAdv, xAdvOld);
                xAdvOld = xAdv.clone();
                double a = i > 0 ? 0.75 : 1.0;
                double[] x1 = new double[x0.length];
                for (int j = 0; j < x1.length; j++) x1[j] = clip(xAdv[j] + stepSize * Math.signum(grad[j]), x0[j]);
                for (int j = 0; j < x1.length; j++) x1[j] = clip(xAdv[j] + (x1[j] - xAdv[j]) * a + grad2[j] * (1 - a), x0[j]);
                xAdv = x1;
                grad = grad(xAdv, y);
                double l = loss(xAdv, y);
                fooled[sample] |= wrong(xAdv, y);
                lossSteps[i + 1] = l;
                if (l > lossBest) {
                    xBest = xAdv.clone();
                    gradBest = grad.clone();
                    lossBest = l;
                }
                if (++counter3 == k) {
                    int increases = 0;
                    for (int c = 0; c < k; c++) if (lossSteps[i + 1 - c] > lossSteps[i - c]) increases++;
                    boolean oscillation = increases <= k * 0.75;
                    boolean reduceNoImprovement = !reducedLastCheck && lossBestLastCheck >= lossBest;
                    boolean halve = oscillation || reduceNoImprovement;
                    reducedLastCheck = halve;
                    lossBestLastCheck = lossBest;
                    if (halve) {
                        stepSize /= 2;
                        halvings++;
                        if (!java.util.Arrays.equals(xAdv, xBest)) restartsAwayFromCurrent++;
                        xAdv = xBest.clone();
                        grad = gradBest.clone();
                    }
                    k = Math.max(k - sizeDecr, nIterMin);
                    counter3 = 0;
                }
            }
            return xBest;
        }

        double clip(double v, double x0) {
            return Math.min(Math.max(Math.min(Math.max(v, x0 - eps), x0 + eps), 0.0), 1.0);
        }

        double[] logits(double[] x) {
            double[] h = hidden(x), z = b.clone();
            for (int k = 0; k < z.length; k++) for (int u = 0; u < h.length; u++) z[k] += h[u] * w[u][k];
            return z;
        }

        double[] softmax(double[] z) {
            double m = java.util.Arrays.stream(z).max().orElseThrow(), s = 0;
            double[] p = new double[z.length];
            for (int c = 0; c < z.length; c++) s += p[c] = Math.exp(z[c] - m);
            for (int c = 0; c < z.length; c++) p[c] /= s;
            return p;
        }

        double loss(double[] x, int y) {
            double[] z = logits(x);
            double m = java.util.Arrays.stream(z).max().orElseThrow(), s = 0;
            for (double v : z) s += Math.exp(v - m);
            return m + Math.log(s) - z[y];
        }

        /** ∇ₓ CE = V·((1 − h²) ⊙ W·(softmax(z) − e_y)). */
        double[] grad(double[] x, int y) {
            double[] h = hidden(x), p = softmax(logits(x));
            p[y] -= 1;
            double[] gh = new double[h.length];
            for (int u = 0; u < h.length; u++) {
                for (int k = 0; k < p.length; k++) gh[u] += w[u][k] * p[k];
                gh[u] *= 1 - h[u] * h[u];
            }
            double[] g = new double[x.length];
            for (int j = 0; j < x.length; j++) for (int u = 0; u < h.length; u++) g[j] += v[j][u] * gh[u];
            return g;
        }

        boolean wrong(double[] x, int y) {
            double[] z = logits(x);
            for (int c = 0; c < z.length; c++) if (c != y && z[c] >= z[y] && (z[c] > z[y] || c < y)) return true;
            return false;
        }

        static double[] sub(double[] a, double[] b) {
            double[] o = new double[a.length];
            for (int j = 0; j < a.length; j++) o[j] = a[j] - b[j];
            return o;
        }
    }
}
