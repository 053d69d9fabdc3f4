package radlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import radlab.experiment.sweep.PointRunner;
import radlab.experiment.sweep.ResultRow;
import radlab.experiment.sweep.ResultTable;
import radlab.measures.LogLogSlope;

/** {@link BoundsVsN#analyze} on hand-built per-seed rows against means, t-intervals and the slope computed by hand. */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class BoundsVsNAggregationTest {
    static final double T1 = 12.706204736174705, T2 = 4.302652729911275; // t_{0.975,1}, t_{0.975,2} (tables)
    /** Commons Math inverts the t CDF to an absolute accuracy of 1e-9 (its default), so t-scaled values agree to ~1e-9 relative. */
    static final double T_REL = 1e-8;

    static ResultRow row(long n, double gap, String status) {
        return new ResultRow.Builder().put(PointRunner.STATUS, status).put("spec.train_size", n).put("gap.standard_loss", gap).build();
    }

    @Test
    void perNMeansIntervalsAndSlopeByHand() {
        List<ResultRow> rows = new ArrayList<>();
        rows.add(row(100, Math.exp(1.0), "ok"));
        rows.add(row(100, Math.exp(1.2), "ok"));
        rows.add(row(200, Math.exp(0.5), "ok"));
        rows.add(row(200, Math.exp(0.9), "ok"));
        rows.add(row(200, -0.1, "ok")); // a negative gap: in the n = 200 mean, not in the fit (no logarithm)
        rows.add(row(400, Math.exp(0.3), "ok"));
        rows.add(row(400, Math.exp(0.5), "ok"));
        rows.add(row(400, 99, "diverged: NaN loss")); // not a trained model
        BoundsVsN.Result r = BoundsVsN.analyze(ResultTable.of(rows), BoundsVsNTest.tiny());
        assertEquals(7, r.models());
        assertEquals(List.of("gap.standard_loss"), r.gaps());

        // per n: x̄ ± t_{0.975, s−1}·sd/√s
        BoundsVsN.AtSize p100 = r.points().get(0), p200 = r.points().get(1), p400 = r.points().get(2);
        assertEquals(100, p100.n());
        double a = Math.exp(1.0), b = Math.exp(1.2);
        assertEquals((a + b) / 2, p100.value().mean(), 1e-12);
        assertEquals(T1 * Math.abs(b - a) / 2, p100.value().halfWidth(), T_REL * T1 * Math.abs(b - a) / 2, "two values: sd/√2 = |b − a|/2");
        double[] v = {Math.exp(0.5), Math.exp(0.9), -0.1};
        double m = (v[0] + v[1] + v[2]) / 3, ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        assertEquals(200, p200.n());
        assertEquals(3, p200.value().n());
        assertEquals(m, p200.value().mean(), 1e-12);
        assertEquals(T2 * Math.sqrt(ss / 2 / 3), p200.value().halfWidth(), T_REL * T2 * Math.sqrt(ss / 2 / 3));
        assertEquals(2, p400.value().n());

        // slope: per-n means of ln y are z = 1.1, 0.7, 0.4 at ln n = ln 100 + u·ln 2, u = 0, 1, 2. In u: slope −0.35,
        // residuals (1/60, −1/30, 1/60), SSE = 1/600 on 3 − 2 = 1 degree of freedom, Sxx = 2: SE = √(1/1200)
        LogLogSlope s = r.fit("gap.standard_loss").slope();
        double ln2 = Math.log(2);
        assertEquals(-0.35 / ln2, s.slope(), 1e-12);
        double half = T1 * Math.sqrt(1.0 / 1200) / ln2;
        assertEquals(-0.35 / ln2 - half, s.low(), T_REL * half);
        assertEquals(-0.35 / ln2 + half, s.high(), T_REL * half);
        assertEquals(13.0 / 12 + 0.35 * Math.log(100) / ln2, s.intercept(), 1e-10);
        assertEquals(0.245 / (0.245 + 1.0 / 600), s.rSquared(), 1e-12, "SSR = 0.35²·2, SST = SSR + SSE");
        assertEquals(3, s.points(), "three sizes");
        assertEquals(1, s.leftOut(), "the negative gap");
    }
}
