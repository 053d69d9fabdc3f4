package radlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;
import radlab.experiment.SweepCorrelations;
import radlab.experiment.sweep.ResultRow;
import radlab.experiment.sweep.ResultTable;
import radlab.measures.MeasureCorrelation;
import radlab.report.CsvTable;

class CorrelationFigureTest {
    /**
     * Six models (2 objectives × 3 seeds). gap.standard_loss = 1..6; bound.a.total = the gap (τ = 1),
     * norms.path_l2 = −gap (τ = −1), jacobian.frobenius_mean = (1, 3, 2, 4, 6, 5): 15 pairs, 2 discordant → τ = 11/15.
     */
    static ResultTable table() {
        double[] gap = {1, 2, 3, 4, 5, 6}, jac = {1, 3, 2, 4, 6, 5};
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < gap.length; i++) {
            rows.add(new ResultRow.Builder().put("config", i < 3 ? "c1" : "c2").put("spec.objective", i < 3 ? "plain" : "l2-jacobian")
                    .put("spec.seed", (long) (i % 3 + 1)).put("provenance.data_hash", "abc").put("status", "ok")
                    .put("gap.standard_loss", gap[i]).put("gap.robust_l2_loss", 2 * gap[i])
                    .put("bound.a.total", gap[i]).put("bound.a.confidence", 0.5).put("bound.a.assumptions_met", 1L)
                    .put("norms.path_l2", -gap[i]).put("jacobian.frobenius_mean", jac[i])
                    .put("norms.layer1.spectral", 1 + gap[i]).put("norms.layer1.frobenius", 2.0).put("norms.layer1.frobenius_from_init", 3.0)
                    .put("norms.layer2.spectral", 2.0).put("norms.layer2.frobenius", 1.0).put("norms.layer2.frobenius_from_init", 4.0)
                    .put("test_accuracy", 0.9).build());
        }
        rows.add(new ResultRow.Builder().put("config", "c3").put("spec.objective", "plain").put("spec.seed", 9L).put("status", "diverged: nan").build());
        return ResultTable.of(rows);
    }

    static MeasureCorrelation find(SweepCorrelations.Result r, String gap, String measure) {
        return r.rows().stream().filter(m -> m.gap().equals(gap) && m.measure().equals(measure)).findFirst().orElseThrow();
    }

    @Test
    void knownTausAndDerivedMeasures() {
        SweepCorrelations.Result r = SweepCorrelations.run(table(), SweepCorrelations.DEFAULT_GAPS, 200, 1);
        assertEquals(6, r.models(), "the diverged row is left out");
        assertEquals(List.of("gap.standard_loss", "gap.robust_l2_loss"), r.gaps(), "absent gaps are skipped");
        assertEquals(List.of("spec.objective"), r.axes(), "seed is not an axis");
        assertEquals(1, find(r, "gap.standard_loss", "bound.a.total").tau(), 1e-12);
        assertEquals(-1, find(r, "gap.standard_loss", "norms.path_l2").tau(), 1e-12);
        assertEquals(11.0 / 15, find(r, "gap.robust_l2_loss", "jacobian.frobenius_mean").tau(), 1e-12);
        assertEquals(1, find(r, "gap.standard_loss", SweepCorrelations.PRODUCT_SPECTRAL).tau(), 1e-12, "(1 + gap)·2 is increasing");
        assertTrue(r.constant().contains("bound.a.confidence") && r.constant().contains(SweepCorrelations.DISTANCE_FROM_INIT), r.constant().toString());
        assertTrue(r.measures().stream().noneMatch(m -> m.endsWith("assumptions_met") || m.equals("test_accuracy")), r.measures().toString());
        // Ψ: the only axis is the objective, varied with the seed held fixed: seed s compares model s with model s + 3, and
        // jac (1,3,2 | 4,6,5) rises with the gap in all three groups, so Ψ = 1 (pooling the seeds gave τ = 11/15)
        assertEquals(1, find(r, "gap.standard_loss", "jacobian.frobenius_mean").psi(), 1e-12);
        List<MeasureCorrelation> std = r.forGap("gap.standard_loss");
        for (int i = 1; i < std.size(); i++) assertTrue(std.get(i - 1).tau() >= std.get(i).tau(), "sorted by decreasing τ");
        MeasureCorrelation a = find(r, "gap.standard_loss", "bound.a.total");
        assertEquals(1, a.tauLow(), 1e-12, "every resample of a perfectly concordant pair gives τ = 1");
    }

    @Test
    void writesFiniteFigureWithMarkdownTable(@TempDir Path dir) throws Exception {
        Figure f = CorrelationFigure.build(table(), SweepCorrelations.DEFAULT_GAPS, 100, 3);
        Path out = f.write(dir.resolve("correlation"), "");
        for (String file : List.of("correlation.png", "correlation.svg", "correlation.csv", "README.md")) assertTrue(Files.size(out.resolve(file)) > 0, file);
        List<List<String>> csv = CsvTable.read(out.resolve("correlation.csv"));
        int tau = csv.get(0).indexOf("tau");
        assertEquals(1 + 2 * 5, csv.size(), "two gaps × five varying measures");
        for (List<String> row : csv.subList(1, csv.size())) assertTrue(Double.isFinite(Double.parseDouble(row.get(tau))), row.toString());
        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("| gap.standard_loss | bound.a.total | 1.000 |"), readme);
        assertTrue(readme.contains("Seeds: 1, 2, 3, 9") && readme.contains("Data SHA-256: abc") && readme.contains("ND4J"), readme);
    }

    /**
     * One row per measure, named on the y axis: every dot of the τ series sits on the row whose tick label is its
     * measure's name at that measure's τ, every bar spans the bootstrap interval on the same row, the highest τ is on
     * top and the only τ = −1 (norms.path_l2) at the bottom.
     */
    @Test
    void namesEachMeasureOnItsRow() {
        SweepCorrelations.Result r = SweepCorrelations.run(table(), SweepCorrelations.DEFAULT_GAPS, 100, 3);
        Figure f = CorrelationFigure.build(table(), SweepCorrelations.DEFAULT_GAPS, 100, 3);
        Function<Double, String> label = f.chart().getStyler().getyAxisTickLabelsFormattingFunction();
        assertNotNull(label, "the y axis names the measures");
        int n = r.measures().size();
        assertEquals(5, n);
        List<String> rows = new ArrayList<>();
        for (int y = n; y >= 1; y--) rows.add(label.apply((double) y));
        assertEquals(new java.util.TreeSet<>(r.measures()), new java.util.TreeSet<>(rows), "each measure names exactly one row");
        assertEquals(1, find(r, "gap.standard_loss", rows.get(0)).tau(), 1e-12, "highest τ on top");
        assertEquals("norms.path_l2", rows.get(n - 1), "lowest τ at the bottom");
        double[] plotted = Figure.column(f.table(), "y", row -> true);
        for (XYSeries s : f.chart().getSeriesMap().values()) {
            for (double y : s.getYData()) {
                assertTrue(Double.isNaN(y) || java.util.Arrays.stream(plotted).anyMatch(v -> v == y), s.getName() + ": y = " + y + " is not in the CSV");
            }
        }
        for (String gap : r.gaps()) {
            XYSeries dots = f.chart().getSeriesMap().get("τ with " + gap + " (bar: 95 % interval)");
            assertEquals(n, dots.getXData().length);
            for (int i = 0; i < n; i++) {
                String measure = label.apply((double) Math.round(dots.getYData()[i]));
                assertEquals(find(r, gap, measure).tau(), dots.getXData()[i], 0.0, gap + " " + measure);
            }
            XYSeries bars = f.chart().getSeriesMap().get("τ 95 % interval, " + gap);
            double[] x = bars.getXData(), y = bars.getYData();
            for (int i = 0; i + 1 < x.length; i += 3) {
                MeasureCorrelation m = find(r, gap, label.apply((double) Math.round(y[i])));
                assertEquals(y[i], y[i + 1], 0.0, "a horizontal bar");
                assertEquals(m.tauLow(), x[i], 0.0, m.measure());
                assertEquals(m.tauHigh(), x[i + 1], 0.0, m.measure());
            }
        }
    }
}
