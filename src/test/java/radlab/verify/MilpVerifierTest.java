package radlab.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.certify.Certifier;
import radlab.certify.CertifiedAccuracy;
import radlab.data.Dataset;
import radlab.nn.layer.Activation;
import radlab.nn.Mlp;

/** The MILP's exact minimum against exhaustive search, and the LP and IBP pieces against independent references. */
class MilpVerifierTest {
    static final Duration BUDGET = Duration.ofSeconds(60);

    /**
     * (b) On a 2-input net the MILP minimum of f_y − f_j over the box equals the minimum over a grid of (G+1)² points
     * (vertices included) up to the grid's resolution: every point of the box is within h/2 (ℓ∞) of a grid point, and
     * the margin changes by at most L·h/2 between them, L = max_j ‖ |c_j|ᵀ|W_2||W_1| ‖₁ (a bound of the
     * gradient's ℓ1 norm, the Lipschitz constant for ℓ∞ steps). So MILP ≤ grid minimum ≤ MILP + L·h/2 (+ the solver's 1e-6 tolerances).
     */
    @Test
    void milpMinimumMatchesAGridSearchOnATwoInputNet() {
        int g = 600;
        for (long seed = 1; seed <= 3; seed++) {
            Mlp net = Nets.random(new int[] {2, 7, 7, 3}, Activation.RELU, seed);
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] x = {rnd.nextDouble(), rnd.nextDouble()};
            int y = net.predict(Nd4j.create(new double[][] {x}))[0];
            for (double eps : new double[] {0.05, 0.3}) {
                InputSet box = InputSet.linf(x, eps);
                double[][] pts = new double[(g + 1) * (g + 1)][];
                int n = 0;
                for (int a = 0; a <= g; a++) {
                    for (int b = 0; b <= g; b++) {
                        pts[n++] = new double[] {box.lower()[0] + (box.upper()[0] - box.lower()[0]) * a / g, box.lower()[1] + (box.upper()[1] - box.lower()[1]) * b / g};
                    }
                }
                double[] f = net.logits(Nd4j.create(pts)).reshape(-1).toDoubleVector();
                int k = net.outputDim();
                double gridMin = Double.POSITIVE_INFINITY;
                for (int p = 0; p < pts.length; p++) for (int j = 0; j < k; j++) if (j != y) gridMin = Math.min(gridMin, f[p * k + y] - f[p * k + j]);
                double h = Math.max(box.upper()[0] - box.lower()[0], box.upper()[1] - box.lower()[1]) / g;
                double slack = lipschitz(net, y) * h / 2 + 1e-6;
                MilpVerifier.Minimum m = MilpVerifier.minimumMargin(net, x, y, eps, BUDGET);
                String where = "seed " + seed + " ε=" + eps + ": MILP " + m.value() + ", grid " + gridMin + ", slack " + slack;
                assertTrue(m.optimal(), where);
                assertTrue(m.value() <= gridMin + 1e-6, where);
                assertTrue(gridMin <= m.value() + slack, where);
                assertTrue(m.bestBound() <= m.value() + 1e-9 && m.bestBound() >= m.value() - 1e-6, where + ", best bound " + m.bestBound());
                assertEquals(m.value(), ReluNetwork.of(net).minMargin(m.minimizer(), y), 1e-5, "the minimiser attains the minimum");
            }
        }
    }

    /** L = max_j ‖ |c_j|ᵀ |W_2| |W_1| ‖₁, c_j the margin row of class j: a bound of ‖∇(f_y − f_j)‖₁ everywhere. */
    static double lipschitz(Mlp net, int y) {
        double[][] w1 = net.weight(0).toDoubleMatrix(), w2 = net.weight(1).toDoubleMatrix(), w3 = net.weight(2).toDoubleMatrix(); // in × out
        double l = 0;
        for (int j = 0; j < w3[0].length; j++) {
            if (j == y) continue;
            double[] c = new double[w3.length];
            for (int i = 0; i < c.length; i++) c[i] = Math.abs(w3[i][y] - w3[i][j]);
            double[] c2 = new double[w2.length];
            for (int i = 0; i < w2.length; i++) for (int o = 0; o < c.length; o++) c2[i] += Math.abs(w2[i][o]) * c[o];
            double s = 0;
            for (int i = 0; i < w1.length; i++) for (int o = 0; o < c2.length; o++) s += Math.abs(w1[i][o]) * c2[o];
            l = Math.max(l, s);
        }
        return l;
    }

    /** The LP's safe bound equals GLOP's optimum (to 1e-7) and never exceeds the MILP's exact minimum. */
    @Test
    void safeLpBoundMatchesTheSolverAndStaysBelowTheMilp() {
        Mlp net = Nets.random(new int[] {6, 10, 10, 4}, Activation.RELU, 4);
        Dataset data = Nets.predictedSample(net, 8, 9);
        ReluNetwork rn = ReluNetwork.of(net);
        int looser = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] x = data.features().getRow(i).toDoubleVector();
            int y = data.label(i);
            InputSet box = InputSet.linf(x, 0.1);
            NeuronBounds nb = NeuronBounds.ibp(rn, box);
            MilpVerifier.Minimum exact = MilpVerifier.minimumMargin(net, x, y, 0.1, BUDGET);
            try (LpRelaxation lp = new LpRelaxation(rn, box, nb)) {
                double lpMin = Double.POSITIVE_INFINITY;
                for (int j = 0; j < rn.classes(); j++) {
                    if (j == y) continue;
                    LpRelaxation.Solution s = lp.minimize(lp.marginObjective(y, j), rn.marginConstant(y, j), 10);
                    assertEquals(lp.solverObjective() + rn.marginConstant(y, j), s.bound(), 1e-7, "sample " + i + " class " + j);
                    assertTrue(s.bound() >= NeuronBounds.marginLowerBound(rn, nb, box, y, j) - 1e-9, "the LP is at least as tight as IBP");
                    lpMin = Math.min(lpMin, s.bound());
                }
                assertTrue(lpMin <= exact.value() + 1e-6, "sample " + i + ": LP " + lpMin + " above the exact minimum " + exact.value());
                if (lpMin < exact.value() - 1e-3) looser++;
            }
        }
        assertTrue(looser > 0, "the relaxation should be strictly looser somewhere, else the test shows nothing");
    }

    /** The per-sample IBP here equals radlab.certify's batched IBP (the same arithmetic). */
    @Test
    void intervalBoundsMatchTheCertifier() {
        Mlp net = Nets.random(new int[] {6, 10, 10, 4}, Activation.RELU, 5);
        Dataset data = Nets.predictedSample(net, 10, 3);
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.03);
        CertifiedAccuracy ibp = Certifier.certify(net, data, t, Certifier.Method.IBP);
        ReluNetwork rn = ReluNetwork.of(net);
        for (int i = 0; i < data.size(); i++) {
            InputSet box = InputSet.linf(data.features().getRow(i).toDoubleVector(), t.epsilon());
            NeuronBounds nb = NeuronBounds.ibp(rn, box);
            double min = Double.POSITIVE_INFINITY;
            for (int j = 0; j < rn.classes(); j++) if (j != data.label(i)) min = Math.min(min, NeuronBounds.marginLowerBound(rn, nb, box, data.label(i), j));
            assertEquals(ibp.marginLowerBound()[i], min, 1e-12 * Math.max(1, Math.abs(min)), "sample " + i);
        }
    }

    /** OR-Tools' natives load from the class path (the runnable jar's lib/ has the same platform jar). */
    @Test
    void nativesLoad() {
        OrTools.load();
        INDArray unused = Nd4j.zeros(DataType.DOUBLE, 1);
        assertTrue(unused.length() == 1);
        OrTools.solver("GLOP").delete();
    }
}
