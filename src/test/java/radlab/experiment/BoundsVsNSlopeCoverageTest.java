package radlab.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import radlab.measures.LogLogSlope;

/**
 * The slope interval of bounds-vs-n covers the true exponent 95 % of the time on data shaped like the sweep's: on the
 * quick and paper profiles' n grids and seed counts, ln y = ln 3 − 0.5·ln n + u_n + e_{n,s} with a per-n deviation u_n
 * ~ N(0, 0.1²) shared by the seeds at n (their common subsample) and seed noise e ~ N(0, 0.02²).
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class BoundsVsNSlopeCoverageTest {
    static final int REPLICATES = 4000;
    static final double SLOPE = -0.5;

    /** Fraction of replicates whose interval contains {@link #SLOPE}: {per-n means (the fix), every seed a point (the old fit)}. */
    static double[] coverage(BoundsVsN.Settings s, long seed) {
        List<Integer> ns = s.trainSizes();
        int seeds = s.seeds().size();
        double[] x = new double[ns.size() * seeds], y = new double[x.length];
        SplittableRandom r = new SplittableRandom(seed);
        int means = 0, points = 0;
        for (int rep = 0; rep < REPLICATES; rep++) {
            for (int i = 0, k = 0; i < ns.size(); i++) {
                double u = 0.1 * r.nextGaussian();
                for (int j = 0; j < seeds; j++, k++) {
                    x[k] = ns.get(i);
                    y[k] = 3 * Math.pow(ns.get(i), SLOPE) * Math.exp(u + 0.02 * r.nextGaussian());
                }
            }
            LogLogSlope m = LogLogSlope.fitMeans(x, y), p = LogLogSlope.fit(x, y);
            if (m.low() <= SLOPE && SLOPE <= m.high()) means++;
            if (p.low() <= SLOPE && SLOPE <= p.high()) points++;
        }
        return new double[] {(double) means / REPLICATES, (double) points / REPLICATES};
    }

    @Test
    void perNMeansIntervalCoversNinetyFivePercentOnTheQuickAndPaperGrids() {
        for (BoundsVsN.Settings s : List.of(BoundsVsN.Settings.quick(), BoundsVsN.Settings.paper())) {
            double[] c = coverage(s, 20261206);
            String msg = String.format("%s (%d n × %d seeds): per-n means %.3f, every seed a point %.3f", s.profile(), s.trainSizes().size(),
                    s.seeds().size(), c[0], c[1]);
            System.out.println("BoundsVsNSlopeCoverageTest: " + msg);
            // 4,000 replicates: binomial sd √(0.95·0.05/4000) = 0.0034, so [0.93, 0.97] is ±5.8 sd around 0.95
            assertTrue(c[0] >= 0.93 && c[0] <= 0.97, msg);
            // the old fit (every seed an independent point) is far too narrow here: ~0.76 quick, ~0.67 paper
            assertTrue(c[1] < 0.85, msg);
        }
    }
}
