package radlab.measures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import radlab.testing.Tolerance;

@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class RankCorrelationsTest {
    /** Two axes (lr ∈ {A, B}, width ∈ {1, 2}); see psiOnAHandComputedGrid for the hand computation. */
    static ModelTable grid() {
        return new ModelTable(List.of("lr", "width"), List.of(List.of("A", "1"), List.of("B", "1"), List.of("A", "2"), List.of("B", "2")),
                Map.of("measure", new double[] {1, 2, 3, 4}, "gap", new double[] {1, 2, 4, 3}));
    }

    /** Jiang et al.'s Eq. 2 transcribed: (1/(|T|(|T|−1))) Σ over ordered pairs of distinct models of sign·sign. */
    static double jiangTau(double[] x, double[] y) {
        double sum = 0;
        int n = x.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) if (i != j) sum += Math.signum(x[i] - x[j]) * Math.signum(y[i] - y[j]);
        }
        return sum / (n * (n - 1.0));
    }

    @Test
    void tauOnAHandComputedExample() {
        // pairs of (1,2,3,4) vs (1,3,2,4): only (2,3) is discordant: (5 − 1)/6
        assertEquals(2.0 / 3, RankCorrelations.tau(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), Tolerance.FLOAT64);
        assertEquals(-1, RankCorrelations.tau(new double[] {1, 2, 3}, new double[] {3, 2, 1}), Tolerance.FLOAT64);
        assertEquals(0, RankCorrelations.tau(new double[] {1, 1, 1}, new double[] {3, 2, 1}), Tolerance.FLOAT64, "constant side: every pair a tie, τ = 0");
        // a tie counts 0 and stays in the denominator: (1,1,2) vs (1,2,3) has pairs 0, +1, +1 → 2/3 (τ_b would be 2/√6)
        assertEquals(2.0 / 3, RankCorrelations.tau(new double[] {1, 1, 2}, new double[] {1, 2, 3}), Tolerance.FLOAT64);
        assertTrue(Double.isNaN(RankCorrelations.tau(new double[] {1}, new double[] {1})), "one model: no pair");
    }

    @Test
    void tauMatchesJiangsDefinitionWithTies() {
        SplittableRandom r = new SplittableRandom(3);
        for (int rep = 0; rep < 20; rep++) {
            double[] x = new double[15], y = new double[15];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(5);
                y[i] = x[i] + r.nextInt(4);
            }
            assertEquals(jiangTau(x, y), RankCorrelations.tau(x, y), 1e-12);
        }
    }

    @Test
    void repeatedRowsOfOneModelAreNotAPair() {
        double[] x = {1, 2, 3}, y = {1, 3, 2};
        assertEquals(1, RankCorrelations.tau(x, y, new int[] {0, 0, 1, 1}), Tolerance.FLOAT64, "only the 4 draws-pairs (0,1): all concordant");
        // draws-pairs: two (0,1) +1, two (0,2) +1, one (1,2) −1; the (0,0) pair is skipped
        assertEquals(3.0 / 5, RankCorrelations.tau(x, y, new int[] {0, 0, 1, 2}), Tolerance.FLOAT64);
        assertTrue(Double.isNaN(RankCorrelations.tau(x, y, new int[] {2, 2})), "one model drawn twice: no pair");
    }

    @Test
    void psiOnAHandComputedGrid() {
        ModelTable t = grid();
        int[] all = {0, 1, 2, 3};
        double[] m = t.column("measure"), g = t.column("gap");
        // axis lr: width 1 → (1,2) vs (1,2) concordant +1; width 2 → (3,4) vs (4,3) discordant −1; ψ = 0
        assertEquals(0, RankCorrelations.psiAxis(t, 0, m, g, all), Tolerance.FLOAT64);
        // axis width: lr A → (1,3) vs (1,4) +1; lr B → (2,4) vs (2,3) +1; ψ = 1
        assertEquals(1, RankCorrelations.psiAxis(t, 1, m, g, all), Tolerance.FLOAT64);
        assertEquals(0.5, RankCorrelations.psi(t, m, g, all), Tolerance.FLOAT64);
        assertEquals(2.0 / 3, RankCorrelations.tau(m, g), Tolerance.FLOAT64);
    }

    @Test
    void bootstrapIntervalsAreSeededAndContainTheEstimate() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 24;
        List<List<String>> hyper = new java.util.ArrayList<>();
        List<String> seeds = new java.util.ArrayList<>();
        double[] m = new double[n], g = new double[n];
        for (int i = 0; i < n; i++) {
            hyper.add(List.of("lr" + i % 3, "w" + (i / 3) % 4));
            seeds.add("s" + i / 12);
            m[i] = i % 3 + 0.5 * ((i / 3) % 4) + 0.3 * r.nextDouble();
            g[i] = m[i] + 0.4 * r.nextDouble();
        }
        ModelTable t = new ModelTable(List.of("lr", "width"), hyper, seeds, Map.of("m", m, "g", g));
        MeasureCorrelation a = CorrelationAnalysis.correlate(t, "m", "g", 300, 5);
        MeasureCorrelation b = CorrelationAnalysis.correlate(t, "m", "g", 300, 5);
        MeasureCorrelation c = CorrelationAnalysis.correlate(t, "m", "g", 300, 6);
        assertEquals(a, b);
        assertNotEquals(a.tauLow(), c.tauLow());
        assertTrue(a.tauLow() <= a.tau() && a.tau() <= a.tauHigh(), a.toString());
        assertTrue(a.psiLow() <= a.psi() && a.psi() <= a.psiHigh(), a.toString());
        assertTrue(a.tauHigh() - a.tauLow() > 0.01 && a.tauHigh() <= 1, a.toString());
        assertEquals(2, a.psiPerAxis().size());
    }
}
