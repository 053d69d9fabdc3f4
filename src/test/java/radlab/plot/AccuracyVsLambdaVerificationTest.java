package radlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;
import radlab.experiment.ReproductionProfile;
import radlab.experiment.ReproductionRun;
import radlab.experiment.sweep.ResultRow;
import radlab.report.CsvTable;

/**
 * The accuracy-vs-lambda figure with and without complete-verification columns in the rows: the CSV gets the outcome
 * fractions and the exact accuracy, the chart a verified line, and nothing changes when the rows have none.
 */
class AccuracyVsLambdaVerificationTest {
    static final int N = 20;

    /** The hand-built run of RobustnessVsCostFigureTest, each row given ℓ∞ verification (seed 1: all decided; seed 2: one undecided) and ℓ2 "not applicable". */
    static ReproductionRun verifiedRun() {
        ReproductionRun base = RobustnessVsCostFigureTest.run();
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < base.rows().size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>(base.rows().get(i).cells());
            boolean seed1 = i % 2 == 0; // the run adds seeds 1, 2 per configuration in turn
            long certified = seed1 ? 8 : 6, refuted = seed1 ? 12 : 13, undecided = N - certified - refuted;
            m.put("verify.linf.samples", (long) N);
            m.put("verify.linf.certified", certified);
            m.put("verify.linf.counterexamples", refuted);
            m.put("verify.linf.undecided", undecided);
            m.put("verify.linf.certified_accuracy", certified / (double) N);
            m.put("verify.linf.exact_accuracy", undecided == 0 ? certified / (double) N : Double.NaN);
            m.put("verify.linf.not_applicable", "");
            m.put("verify.l2.samples", (long) N);
            m.put("verify.l2.certified", 0L);
            m.put("verify.l2.counterexamples", 0L);
            m.put("verify.l2.undecided", (long) N);
            m.put("verify.l2.certified_accuracy", Double.NaN);
            m.put("verify.l2.exact_accuracy", Double.NaN);
            m.put("verify.l2.not_applicable", "ℓ2 needs a second-order-cone relaxation");
            rows.add(new ResultRow(m));
        }
        return new ReproductionRun(base.profile(), Path.of("/nonexistent"), base.plan(), rows, null, null, s -> { });
    }

    @Test
    void verificationColumnsGoToTheCsvAndTheVerifiedLineToTheChart(@TempDir Path tmp) throws Exception {
        Figure f = AccuracyVsLambdaFigure.build(verifiedRun());
        Path dir = f.write(tmp.resolve("accuracy-vs-lambda"), "provenance");
        List<List<String>> csv = CsvTable.read(dir.resolve("accuracy-vs-lambda.csv"));
        List<String> h = csv.get(0);
        for (String norm : List.of("l2", "linf")) {
            for (String c : List.of("verified_" + norm + "_test_accuracy_pct", "verified_" + norm + "_counterexample_pct",
                    "verified_" + norm + "_undecided_pct", "exact_" + norm + "_test_accuracy_pct")) {
                assertTrue(h.contains(c) && h.contains(c + "±"), c + " in " + h);
            }
        }
        for (List<String> row : csv.subList(1, csv.size())) {
            // seeds 8/20 and 6/20 certified, 12 and 13 refuted, 0 and 1 undecided: means 35 %, 62.5 %, 2.5 %
            assertEquals(35.0, Double.parseDouble(row.get(h.indexOf("verified_linf_test_accuracy_pct"))), 1e-9, row.toString());
            assertEquals(62.5, Double.parseDouble(row.get(h.indexOf("verified_linf_counterexample_pct"))), 1e-9, row.toString());
            assertEquals(2.5, Double.parseDouble(row.get(h.indexOf("verified_linf_undecided_pct"))), 1e-9, row.toString());
            assertEquals("", row.get(h.indexOf("exact_linf_test_accuracy_pct")), "seed 2 left a sample undecided: no exact accuracy");
            assertEquals("", row.get(h.indexOf("verified_l2_test_accuracy_pct")), "ℓ2: not applicable");
            assertEquals(100.0, Double.parseDouble(row.get(h.indexOf("verified_l2_undecided_pct"))), 1e-9);
        }
        XYSeries line = f.chart().getSeriesMap().get("ℓ2-reg: verified ℓ∞ ε=" + ReproductionProfile.baselines().epsilonLinf());
        assertNotNull(line, f.chart().getSeriesMap().keySet().toString());
        assertArrayEquals(new double[] {35}, line.getYData(), 1e-9, "the one ℓ2-Jacobian configuration");
        assertNull(f.chart().getSeriesMap().get("ℓ2-reg: verified ℓ2 ε=" + ReproductionProfile.baselines().epsilonL2()), "no line where nothing applies");
        assertTrue(f.description().contains("complete verification"), f.description());
    }

    @Test
    void withoutVerificationTheFigureIsUnchanged() {
        Figure f = AccuracyVsLambdaFigure.build(RobustnessVsCostFigureTest.run());
        List<String> h = f.table().header();
        assertTrue(h.stream().noneMatch(c -> c.startsWith("verified_") || c.startsWith("exact_")), h.toString());
        assertEquals(4 + 2 * 9, h.size(), "the keys and nine quantities with their intervals, as before: " + h);
        assertTrue(f.chart().getSeriesMap().keySet().stream().noneMatch(k -> k.contains("verified")));
        assertTrue(!f.description().contains("complete verification"), f.description());
    }
}
