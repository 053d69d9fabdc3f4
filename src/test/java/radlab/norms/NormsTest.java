package radlab.norms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;

@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class NormsTest {
    static double[][] gaussian(int r, int c, long seed) {
        Random rnd = new Random(seed);
        double[][] a = new double[r][c];
        for (double[] row : a) for (int j = 0; j < c; j++) row[j] = rnd.nextGaussian();
        return a;
    }

    /** A random orthogonal matrix (the Q of a Gaussian matrix's QR). */
    static double[][] orthogonal(int n, long seed) {
        return new org.apache.commons.math3.linear.QRDecomposition(new Array2DRowRealMatrix(gaussian(n, n, seed))).getQ().getData();
    }

    static double svdMax(double[][] a) {
        return new SingularValueDecomposition(new Array2DRowRealMatrix(a)).getSingularValues()[0];
    }

    @Test
    void powerIterationMatchesFullSvdOnRandomMatrices() {
        for (int[] shape : new int[][] {{30, 50}, {64, 20}, {100, 100}}) {
            double[][] a = gaussian(shape[0], shape[1], shape[0] * 7L + shape[1]);
            PowerIteration.Result r = PowerIteration.spectralNorm(Nd4j.create(a), 1e-12, 20000, 1);
            double truth = svdMax(a);
            assertTrue(r.converged(), "converged for " + shape[0] + "×" + shape[1]);
            assertEquals(truth, r.value(), 1e-6 * truth, shape[0] + "×" + shape[1] + " after " + r.iterations() + " iterations");
        }
    }

    @Test
    void powerIterationMatchesSvdOnRankDeficientMatrices() {
        double[][] u = gaussian(40, 3, 1), v = gaussian(3, 60, 2);
        double[][] a = new Array2DRowRealMatrix(u).multiply(new Array2DRowRealMatrix(v)).getData();
        PowerIteration.Result r = PowerIteration.spectralNorm(Nd4j.create(a), 1e-12, 20000, 3);
        assertEquals(svdMax(a), r.value(), 1e-6 * svdMax(a));
        double[][] zero = new double[5][4];
        assertEquals(0.0, PowerIteration.spectralNorm(Nd4j.create(zero), 1e-12, 100, 1).value());
    }

    @Test
    void layerNormsPathNormAndLipschitzOnAHandWorkedNet() {
        // Storage W is in × out; the math matrix A = Wᵀ. Layer 1: A1 = [[3, 0], [4, 0]] (out × in), layer 2: A2 = [[1, -2]].
        INDArray w1 = Nd4j.create(new double[][] {{3, 4}, {0, 0}});
        INDArray w2 = Nd4j.create(new double[][] {{1}, {-2}});
        Mlp m = new Mlp(new MlpSpec(new int[] {2, 2, 1}, Activation.RELU), List.of(w1, w2),
                List.of(Nd4j.zeros(DataType.DOUBLE, 1, 2), Nd4j.zeros(DataType.DOUBLE, 1, 1)));
        NetworkNorms n = NetworkNorms.of(m, null, Nd4j.create(new double[][] {{1, 0}, {0.5, 1}}));
        LayerNorms l1 = n.layers().get(0), l2 = n.layers().get(1);
        assertEquals(5.0, l1.spectral(), 1e-9);       // A1 has rank 1, σ = ‖(3,4)‖ = 5
        assertEquals(5.0, l1.frobenius(), 1e-12);
        assertEquals(3.0 + 4.0, l1.l21(), 1e-12);      // rows of A1: (3,0), (4,0)
        assertEquals(4.0, l1.l1Inf(), 1e-12);          // max row ℓ1
        assertEquals(Math.sqrt(5), l2.spectral(), 1e-9);
        assertEquals(Math.sqrt(5), l2.l21(), 1e-12);   // one row (1,-2)
        assertEquals(3.0, l2.l1Inf(), 1e-12);
        // Path norm: paths x1→h1→y (3·1), x1→h2→y (4·−2), x2→… (0): √(9 + 64) = √73.
        assertEquals(Math.sqrt(73), n.pathNormL2(), 1e-12);
        assertEquals(5 * Math.sqrt(5), n.lipschitzUpperBound(), 1e-8);
        assertTrue(n.empiricalLipschitz() <= n.lipschitzUpperBound() + 1e-9);
        // For x = (1, 0) both hidden units are active: J = A2·A1 = [3 − 8, 0] → ‖J‖₂ = 5.
        assertEquals(5.0, n.empiricalLipschitz(), 1e-9);
        // BFT sum: (7/5)^{2/3} + (√5/√5)^{2/3}.
        assertEquals(Math.pow(7 / 5.0, 2.0 / 3) + 1, n.bftSum(false), 1e-9);
        NetworkNorms fromSelf = NetworkNorms.of(m, m, null); // exact by construction: W − W is 0 on any CPU
        assertEquals(0.0, fromSelf.layers().get(0).frobeniusFromInit());
        assertEquals(0.0, fromSelf.layers().get(1).l1InfFromInit());
        // From a zero initialisation the distances are the norms themselves.
        assertEquals(l1.l1Inf(), l1.l1InfFromInit(), 0.0);
        assertEquals(l1.l21(), l1.l21FromInit(), 0.0);
    }

    /** Reference (p,q) group norm: the ℓq norm of the vector of ℓp norms of M's columns. */
    static double groupNorm(double[][] m, double p, double q) {
        double[] cols = new double[m[0].length];
        for (int j = 0; j < cols.length; j++) {
            double s = 0, mx = 0;
            for (double[] row : m) {
                s += Math.pow(Math.abs(row[j]), p);
                mx = Math.max(mx, Math.abs(row[j]));
            }
            cols[j] = Double.isInfinite(p) ? mx : Math.pow(s, 1 / p);
        }
        if (Double.isInfinite(q)) return java.util.Arrays.stream(cols).max().orElse(0);
        return Math.pow(java.util.Arrays.stream(cols).map(c -> Math.pow(c, q)).sum(), 1 / q);
    }

    @Test
    void l21AndL1InfAreGroupNormsOfTheTransposeInOneConvention() {
        double[][] a = {{1, -2, 0}, {3, 0, 4}}; // A is out × in = 2 × 3; its rows are the output units' incoming weights
        double[][] at = {{1, 3}, {-2, 0}, {0, 4}};
        INDArray m = Nd4j.create(a);
        assertEquals(groupNorm(at, 2, 1), NetworkNorms.l21(m), 1e-12);                 // √5 + 5
        assertEquals(groupNorm(at, 1, Double.POSITIVE_INFINITY), NetworkNorms.l1Inf(m), 1e-12); // max(3, 7) = 7
        // Exact by construction: sums and maxima of small integers are exact in IEEE arithmetic on any CPU.
        assertEquals(7.0, NetworkNorms.l1Inf(m), 0.0);
        assertEquals(4.0, groupNorm(a, 1, Double.POSITIVE_INFINITY), 0.0); // ‖A‖_{1,∞} (not what is computed) would be 4
        // Labels say the same: both group norms are of Aᵀ.
        Mlp net = new Mlp(new MlpSpec(new int[] {3, 2}, Activation.RELU), List.of(m.transpose().dup()), List.of(Nd4j.zeros(DataType.DOUBLE, 1, 2)));
        String table = NetworkNorms.of(net, null, null).toString();
        assertTrue(table.contains("‖Aᵀ‖_2,1") && table.contains("‖Aᵀ‖_1,∞") && !table.contains("‖A‖_1,∞"), table);
        assertEquals(7.0, NetworkNorms.of(net, null, null).layers().get(0).l1Inf(), 0.0);
    }

    @Test
    void spectralProjectorMeetsTheConstraintToOneInABillion() {
        for (int[] shape : new int[][] {{30, 50}, {64, 20}, {100, 100}}) {
            double[][] a = gaussian(shape[0], shape[1], 99L + shape[0]);
            double truth = svdMax(a);
            INDArray w = Nd4j.create(a);
            SpectralProjector p = new SpectralProjector(0.5 * truth);
            assertEquals(truth, p.project(w), 1e-9 * truth, "σ before rescaling");
            double after = svdMax(w.toDoubleMatrix());
            assertEquals(0.5 * truth, after, 1e-9 * truth, shape[0] + "×" + shape[1] + ": ‖W‖_σ after projection");
            // A repeat after a gradient-like perturbation still lands on the constraint.
            w.addi(Nd4j.create(gaussian(shape[0], shape[1], 7)).muli(0.05));
            p.project(w);
            double bound = 0.5 * truth, again = svdMax(w.toDoubleMatrix());
            assertTrue(again <= bound * (1 + 1e-9), "after a second step: " + again + " > " + bound);
        }
        // σ1 ≈ σ2 (1 and 1 − 1e-6), singular vectors rotated away from the axes: power iteration's estimate (what
        // the projector used before) creeps up by ~1e-6 per 1e6 steps, stops early and underestimates
        double[][] r1 = orthogonal(40, 5), r2 = orthogonal(40, 6);
        double[] s = new double[40];
        for (int i = 0; i < 40; i++) s[i] = i == 0 ? 1 : i == 1 ? 1 - 1e-6 : 0.5 / (i + 1);
        double[][] close = new double[40][40];
        for (int i = 0; i < 40; i++) for (int j = 0; j < 40; j++) for (int k = 0; k < 40; k++) close[i][j] += r1[i][k] * s[k] * r2[j][k];
        INDArray wc = Nd4j.create(close);
        new SpectralProjector(0.5).project(wc);
        assertTrue(svdMax(wc.toDoubleMatrix()) <= 0.5 * (1 + 1e-9), "σ1 ≈ σ2: " + svdMax(wc.toDoubleMatrix()));
        INDArray inside = Nd4j.create(new double[][] {{0.1, 0}, {0, 0.2}});
        assertEquals(0.2, new SpectralProjector(1).project(inside), 1e-12);
        assertEquals(0.2, inside.getDouble(1, 1), 0.0); // inside the set: unchanged
    }
}
