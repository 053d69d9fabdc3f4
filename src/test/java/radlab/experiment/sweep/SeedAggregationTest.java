package radlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import radlab.report.CsvTable;

class SeedAggregationTest {
    /** t_{0.975, 2} and t_{0.975, 3} from a printed t table. */
    static final double T2 = 4.302653, T3 = 3.182446;

    @Test
    void intervalMatchesAHandComputation() {
        // 0.91, 0.93, 0.95: mean 0.93, s = 0.02, half-width t·s/√3.
        MeanInterval m = MeanInterval.of(new double[] {0.91, 0.93, 0.95});
        assertEquals(0.93, m.mean(), 1e-12);
        assertEquals(T2 * 0.02 / Math.sqrt(3), m.halfWidth(), 1e-7);
        // 1, 2, 3, 6: mean 3, s² = (4 + 1 + 0 + 9)/3 = 14/3.
        MeanInterval m4 = MeanInterval.of(new double[] {1, 2, 3, 6});
        assertEquals(3, m4.mean(), 1e-12);
        assertEquals(T3 * Math.sqrt(14.0 / 3 / 4), m4.halfWidth(), 1e-6);
        assertTrue(Double.isNaN(MeanInterval.of(new double[] {5}).halfWidth()), "undefined for one seed");
        assertTrue(Double.isNaN(MeanInterval.of(new double[] {1, Double.NaN}).mean()), "NaN propagates");
    }

    static ResultRow row(String config, long seed, String status, double acc, String bound) {
        ResultRow.Builder b = new ResultRow.Builder().put(SpecColumns.CONFIG, config).put("spec.objective", config.equals("a") ? "plain" : "l2-jacobian")
                .put(SpecColumns.SEED, seed).put("provenance.point", "h" + config + seed).put(PointRunner.STATUS, status);
        if (status.equals("ok")) b.put("test_accuracy", acc).put("bound.flags", bound).put("time.train_seconds", 1.0 + seed);
        return b.build();
    }

    @Test
    void aggregatesOkRowsPerConfigurationWithPlusMinusColumns() {
        ResultTable t = ResultTable.of(List.of(row("a", 1, "ok", 0.91, "x"), row("b", 1, "ok", 1, "y"), row("a", 2, "ok", 0.93, "x"),
                row("a", 3, "ok", 0.95, "x"), row("b", 2, "diverged: λ too large", 0, ""), row("b", 3, "ok", 2, "y")));
        CsvTable agg = SeedAggregation.aggregate(t);
        assertEquals(List.of("config", "spec.objective", "n_seeds", "test_accuracy", "test_accuracy±", "time.train_seconds", "time.train_seconds±"),
                agg.header());
        List<List<Object>> rows = agg.rows();
        assertEquals(2, rows.size());
        assertEquals(List.of("a", "plain", 3), rows.get(0).subList(0, 3));
        assertEquals(0.93, Double.parseDouble((String) rows.get(0).get(3)), 1e-12);
        assertEquals(T2 * 0.02 / Math.sqrt(3), Double.parseDouble((String) rows.get(0).get(4)), 1e-7);
        assertEquals(2, rows.get(1).get(2), "the diverged seed is left out");
        assertEquals(1.5, Double.parseDouble((String) rows.get(1).get(3)), 1e-12);
        assertEquals(12.706205 * Math.sqrt(0.5 / 2), Double.parseDouble((String) rows.get(1).get(4)), 1e-5);
        assertFalse(agg.header().contains(SpecColumns.SEED));
    }
}
