package radlab.rademacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * R̂_S(F) = E_σ[sup_f (1/n)Σσᵢf(xᵢ)] exactly, by enumerating all 2^n sign vectors (n = 12), for closed-form classes: the
 * supremum transcribed in the test (ℓ1 ball: the best of its 2d vertices ±B·e_j; finite class: the best function),
 * against the class's suprema on the same vectors and against the Monte Carlo estimator.
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class RademacherBruteForceTest {
    static final int N = 12, D = 3, DRAWS = 20_000;
    /** float64 through BLAS (a 4096×12 by 12×3 product): agreement to ~1e-12 relative. */
    static final double BLAS_REL = 1e-12;

    static double[][] data(long seed, int rows, int cols) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] a = new double[rows][cols];
        for (double[] row : a) for (int j = 0; j < cols; j++) row[j] = 2 * r.nextDouble() - 1;
        return a;
    }

    /** Every σ ∈ {±1}^n, row s has σᵢ = +1 when bit i of s is set. */
    static double[][] allSigns(int n) {
        double[][] s = new double[1 << n][n];
        for (int v = 0; v < s.length; v++) for (int i = 0; i < n; i++) s[v][i] = ((v >> i) & 1) == 1 ? 1 : -1;
        return s;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** The estimator with many draws is within 4 standard errors of the exact value, and McDiarmid's interval holds it. */
    static void estimatorAgrees(FunctionClass f, double exact) {
        RademacherEstimate e = new RademacherEstimator(DRAWS, 7, 1, 0.95).estimate(f);
        String msg = e + " vs exact " + exact;
        assertTrue(Math.abs(e.mean() - exact) <= 4 * e.standardError(), msg);
        assertTrue(Math.abs(e.mean() - exact) <= e.mcDiarmidHalfWidth(), msg);
        assertTrue(e.standardError() < 0.01 * exact, "the check is sharp: " + msg);
    }

    @Test
    void l1BallMatchesItsVerticesOverAllSignVectors() {
        double[][] x = data(1, N, D), signs = allSigns(N);
        double bound = 1.5;
        // sup over ‖w‖₁ ≤ B of the linear (1/n)⟨w, Σσᵢxᵢ⟩ is attained at a vertex ±B·e_j
        double[] brute = new double[signs.length];
        for (int s = 0; s < signs.length; s++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < D; j++) {
                double sum = 0;
                for (int i = 0; i < N; i++) sum += signs[s][i] * x[i][j];
                best = Math.max(best, Math.max(bound * sum, -bound * sum) / N);
            }
            brute[s] = best;
        }
        LinearL1Ball f = new LinearL1Ball(Nd4j.create(x), bound);
        double[] sup = f.suprema(Nd4j.create(signs));
        for (int s = 0; s < signs.length; s++) assertEquals(brute[s], sup[s], BLAS_REL * Math.abs(brute[s]) + 1e-15);
        double exact = mean(brute);
        estimatorAgrees(f, exact);
    }

    @Test
    void finiteClassMatchesItsBestFunctionOverAllSignVectors() {
        double[][] v = data(2, 4, N), signs = allSigns(N);
        double[] brute = new double[signs.length];
        for (int s = 0; s < signs.length; s++) {
            double best = Double.NEGATIVE_INFINITY;
            for (double[] fv : v) {
                double dot = 0;
                for (int i = 0; i < N; i++) dot += signs[s][i] * fv[i];
                best = Math.max(best, dot / N);
            }
            brute[s] = best;
        }
        FiniteClass f = FiniteClass.of(rows(v), "four functions");
        double[] sup = f.suprema(Nd4j.create(signs));
        for (int s = 0; s < signs.length; s++) assertEquals(brute[s], sup[s], BLAS_REL * Math.abs(brute[s]) + 1e-15);
        double exact = mean(brute);
        assertTrue(exact <= f.massartUpperBound(), exact + " > Massart " + f.massartUpperBound());
        estimatorAgrees(f, exact);
    }

    @Test
    void l2BallAndLinearKernelBallOverAllSignVectors() {
        double[][] x = data(3, N, D), signs = allSigns(N);
        double bound = 0.7, frob2 = 0;
        for (double[] row : x) for (double c : row) frob2 += c * c;
        LinearL2Ball f = new LinearL2Ball(Nd4j.create(x), bound);
        INDArray all = Nd4j.create(signs);
        double[] sup = f.suprema(all);
        // sup = (B/n)‖Σσᵢxᵢ‖₂, and over every sign vector E‖Σσᵢxᵢ‖² = Σᵢ‖xᵢ‖² exactly (E σᵢσⱼ = δᵢⱼ on the full cube)
        double[] sq = new double[sup.length];
        for (int s = 0; s < sup.length; s++) sq[s] = Math.pow(sup[s] * N / bound, 2);
        assertEquals(frob2, mean(sq), BLAS_REL * frob2);
        // the same class as an RKHS ball with the linear kernel K = XXᵀ: (B/n)√(σᵀKσ)
        double[][] gram = new double[N][N];
        for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) for (int k = 0; k < D; k++) gram[i][j] += x[i][k] * x[j][k];
        assertArrayEquals(sup, new KernelBall(Nd4j.create(gram), bound).suprema(all), 1e-12 * bound);
        double exact = mean(sup);
        assertTrue(exact <= f.jensenUpperBound() && exact >= f.khintchineLowerBound(), exact + " outside Khintchine–Jensen");
        estimatorAgrees(f, exact);
    }

    static List<double[]> rows(double[][] a) {
        return new ArrayList<>(List.of(a));
    }
}
