package radlab.measures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import radlab.testing.Tolerance;

class RankCorrelationsTest {
    /** Two axes (lr ∈ {A, B}, width ∈ {1, 2}); see psiOnAHandComputedGrid for the hand computation. */
    static ModelTable grid() {
        return new ModelTable(List.of("lr", "width"), List.of(List.of("A", "1"), List.of("B", "1"), List.of("A", "2"), List.of("B", "2")),
                Map.of("measure", new double[] {1, 2, 3, 4}, "gap", new double[] {1, 2, 4, 3}));
    }

    /** τ_b by its definition, O(n²): (C − D)/√((n₀ − n₁)(n₀ − n₂)). */
    static double naiveTauB(double[] x, double[] y) {
        long c = 0, d = 0, tx = 0, ty = 0, n0 = (long) x.length * (x.length - 1) / 2;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double s = Math.signum(x[i] - x[j]) * Math.signum(y[i] - y[j]);
                if (s > 0) c++;
                else if (s < 0) d++;
                if (x[i] == x[j]) tx++;
                if (y[i] == y[j]) ty++;
            }
        }
        return (c - d) / Math.sqrt((double) (n0 - tx) * (n0 - ty));
    }

    @Test
    void tauOnAHandComputedExample() {
        // pairs of (1,2,3,4) vs (1,3,2,4): only (2,3) is discordant: (5 − 1)/6
        assertEquals(2.0 / 3, RankCorrelations.tau(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), Tolerance.FLOAT64);
        assertEquals(-1, RankCorrelations.tau(new double[] {1, 2, 3}, new double[] {3, 2, 1}), Tolerance.FLOAT64);
        assertTrue(Double.isNaN(RankCorrelations.tau(new double[] {1, 1, 1}, new double[] {3, 2, 1})), "constant side: undefined");
    }

    @Test
    void tauMatchesTheDefinitionWithTies() {
        SplittableRandom r = new SplittableRandom(3);
        for (int rep = 0; rep < 20; rep++) {
            double[] x = new double[15], y = new double[15];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(5);
                y[i] = x[i] + r.nextInt(4);
            }
            assertEquals(naiveTauB(x, y), RankCorrelations.tau(x, y), 1e-12);
        }
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
        double[] m = new double[n], g = new double[n];
        for (int i = 0; i < n; i++) {
            hyper.add(List.of("lr" + i % 3, "w" + (i / 3) % 4, "s" + i / 12));
            m[i] = i % 3 + 0.5 * ((i / 3) % 4) + 0.3 * r.nextDouble();
            g[i] = m[i] + 0.4 * r.nextDouble();
        }
        ModelTable t = new ModelTable(List.of("lr", "width", "seed"), hyper, Map.of("m", m, "g", g));
        MeasureCorrelation a = CorrelationAnalysis.correlate(t, "m", "g", 300, 5);
        MeasureCorrelation b = CorrelationAnalysis.correlate(t, "m", "g", 300, 5);
        MeasureCorrelation c = CorrelationAnalysis.correlate(t, "m", "g", 300, 6);
        assertEquals(a, b);
        assertNotEquals(a.tauLow(), c.tauLow());
        assertTrue(a.tauLow() <= a.tau() && a.tau() <= a.tauHigh(), a.toString());
        assertTrue(a.psiLow() <= a.psi() && a.psi() <= a.psiHigh(), a.toString());
        assertTrue(a.tauHigh() - a.tauLow() > 0.01 && a.tauHigh() <= 1, a.toString());
        assertEquals(3, a.psiPerAxis().size());
    }
}
