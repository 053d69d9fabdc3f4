package radlab.rademacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;

@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class RademacherEstimatorTest {
    static Dataset mnist;
    static INDArray x200;
    static double reference; // high-draw reference for the ℓ2 class on x200, B = 1

    @BeforeAll
    static void setUp() {
        mnist = MnistLoader.shippedSubset();
        x200 = Splits.subsample(mnist, 200, 1).features();
        reference = new RademacherEstimator(20_000, 999, 2, 0.95).estimate(new LinearL2Ball(x200, 1)).mean();
    }

    @Test
    void linearL2EstimateMatchesReferenceAndLiesBetweenKhintchineAndJensen() {
        LinearL2Ball f = new LinearL2Ball(x200, 1);
        RademacherEstimate e = RademacherEstimator.of(500, 3).estimate(f);
        assertTrue(Math.abs(e.mean() - reference) < 3 * e.standardError(), e + " vs reference " + reference);
        assertTrue(e.mean() < f.jensenUpperBound(), e.mean() + " ≥ Jensen " + f.jensenUpperBound());
        assertTrue(e.mean() > f.khintchineLowerBound(), e.mean() + " ≤ Khintchine " + f.khintchineLowerBound());
        assertTrue(e.ciLow() < e.mean() && e.mean() < e.ciHigh());
        assertTrue(e.mcDiarmidHalfWidth() > 0 && Double.isFinite(e.mcDiarmidHalfWidth()));
    }

    @Test
    void drawsComputedInTheChunkWorkspaceAreTheSuprema() {
        // exact classes run each chunk inside a reused workspace: every draw must be, to the bit, the supremum that
        // the class returns for the same signs outside it (and survive the workspace's reuse across chunks)
        LinearL2Ball f = new LinearL2Ball(x200, 1);
        RademacherEstimator est = RademacherEstimator.of(120, 9);
        double[] draws = est.estimate(f).draws();
        double[] direct = f.suprema(est.signs(0, 120, 200));
        assertArrayEquals(direct, draws, 0.0);
    }

    @Test
    void scalingTheNormBoundScalesTheEstimateLinearly() {
        RademacherEstimate a = RademacherEstimator.of(200, 5).estimate(new LinearL2Ball(x200, 1));
        RademacherEstimate b = RademacherEstimator.of(200, 5).estimate(new LinearL2Ball(x200, 3.5));
        assertEquals(3.5 * a.mean(), b.mean(), 1e-12 * b.mean());
        RademacherEstimate c = RademacherEstimator.of(200, 5).estimate(new LinearL1Ball(x200, 2));
        RademacherEstimate d = RademacherEstimator.of(200, 5).estimate(new LinearL1Ball(x200, 4));
        assertEquals(2 * c.mean(), d.mean(), 1e-12 * d.mean());
    }

    @Test
    void quadruplingTheSampleHalvesTheL2Estimate() {
        INDArray x400 = Splits.subsample(mnist, 400, 7).features();
        INDArray x1600 = Splits.subsample(mnist, 1600, 7).features();
        double small = RademacherEstimator.of(400, 1).estimate(new LinearL2Ball(x400, 1)).mean();
        double large = RademacherEstimator.of(400, 1).estimate(new LinearL2Ball(x1600, 1)).mean();
        assertEquals(0.5, large / small, 0.05, "ratio " + large / small);
    }

    @Test
    void confidenceIntervalCoversReferenceAtLeast90PercentOfTheTime() {
        LinearL2Ball f = new LinearL2Ball(x200, 1);
        int covered = 0;
        for (int rep = 0; rep < 50; rep++) {
            RademacherEstimate e = RademacherEstimator.of(100, 1000 + rep).estimate(f);
            if (e.ciLow() <= reference && reference <= e.ciHigh()) covered++;
        }
        assertTrue(covered >= 45, covered + "/50 intervals cover the reference");
    }

    @Test
    void sameSeedGivesIdenticalResultWithOneAndTwoThreads() {
        LinearL2Ball f = new LinearL2Ball(x200, 1);
        RademacherEstimate one = new RademacherEstimator(333, 17, 1, 0.95).estimate(f);
        RademacherEstimate two = new RademacherEstimator(333, 17, 2, 0.95).estimate(f);
        assertArrayEquals(one.draws(), two.draws());
        assertEquals(one.mean(), two.mean(), 0.0);
        RademacherEstimate other = new RademacherEstimator(333, 18, 2, 0.95).estimate(f);
        assertTrue(other.mean() != one.mean());
    }

    @Test
    void finiteClassStaysBelowMassart() {
        List<double[]> vs = new ArrayList<>();
        java.util.Random r = new java.util.Random(4);
        for (int f = 0; f < 50; f++) {
            double[] v = new double[300];
            for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
            vs.add(v);
        }
        FiniteClass fc = FiniteClass.of(vs, "gaussian vectors");
        RademacherEstimate e = RademacherEstimator.of(2000, 2).estimate(fc);
        assertTrue(e.mean() <= fc.massartUpperBound(), e.mean() + " > Massart " + fc.massartUpperBound());
        assertTrue(e.mean() > 0.3 * fc.massartUpperBound(), "not trivially small: " + e.mean());
        // A single function has zero complexity: E[σ]ᵀv = 0.
        RademacherEstimate single = RademacherEstimator.of(4000, 2).estimate(FiniteClass.of(List.of(vs.get(0)), "one"));
        assertTrue(Math.abs(single.mean()) < 3 * single.standardError(), single.toString());
    }

    @Test
    void l1BallStaysBelowMassartAndLinearKernelEqualsL2Ball() {
        LinearL1Ball l1 = new LinearL1Ball(x200, 1);
        assertTrue(RademacherEstimator.of(500, 1).estimate(l1).mean() <= l1.massartUpperBound());
        INDArray xd = x200.castTo(DataType.DOUBLE);
        KernelBall linearKernel = new KernelBall(xd.mmul(xd.transpose()), 2);
        double[] a = RademacherEstimator.of(100, 9).estimate(linearKernel).draws();
        double[] b = RademacherEstimator.of(100, 9).estimate(new LinearL2Ball(x200, 2)).draws();
        for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-9 * b[i]);
        KernelBall rbf = KernelBall.rbf(x200, 5.0, 1);
        assertTrue(RademacherEstimator.of(300, 1).estimate(rbf).mean() <= rbf.traceUpperBound());
    }

    @Test
    void vectorValuedFiniteClassSumsOverOutputs() {
        // K = 2 outputs where output 2 is a copy of output 1: sup over σ ∈ {±1}^{n×2} of (1/n)Σ_i Σ_k σ_ik v_k(x_i).
        double[][] vals = {{1, 1, -1, -1, 2, 2}};
        FiniteClass fc = new FiniteClass(Nd4j.create(vals), 2, "copy");
        double[] s = fc.suprema(Nd4j.create(new double[][] {{1, 1, 1, 1, 1, 1}, {1, -1, 1, -1, 1, -1}}));
        assertEquals((1 + 1 - 1 - 1 + 2 + 2) / 3.0, s[0], 1e-12);
        assertEquals(0.0, s[1], 1e-12);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LinearL2Ball(Nd4j.zeros(DataType.DOUBLE, 0, 5), 1))
                .getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RademacherEstimator.of(0, 1)).getMessage().contains("at least 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LinearL2Ball(x200, -1)).getMessage().contains("B must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LinearL2Ball(x200, 1).suprema(Nd4j.ones(3, 7)))
                .getMessage().contains("sign draws must be"));
        assertThrows(IllegalArgumentException.class, () -> FiniteClass.of(List.of(new double[3], new double[4]), "bad"));
    }

    @Test
    void fastSignGenerationIsExactlyTheSplittableRandomStream() {
        // the counter-based sign loop must reproduce new SplittableRandom(mix(seed, j)).nextBoolean() bit for bit, so
        // every estimate stays what it was for the same seed
        for (long seed : new long[] {0, 1, 3, 999, -7, Long.MAX_VALUE}) {
            RademacherEstimator e = new RademacherEstimator(10, seed, 1, 0.95);
            for (int width : new int[] {1, 7, 200, 1000}) {
                double[][] fast = e.signs(5, 9, width).toDoubleMatrix();
                for (int j = 5; j < 9; j++) assertArrayEquals(RademacherEstimator.referenceSigns(seed, j, width), fast[j - 5], 0.0);
            }
        }
    }
}
