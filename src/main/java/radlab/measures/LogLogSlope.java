package radlab.measures;

import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The exponent b of a power law y ≈ a·x^b, fitted by least squares on (ln x, ln y), with its 95 % confidence interval
 * b ± t_{0.975, k−2}·SE(b) (docs/theory.md §11). Points with x ≤ 0 or y ≤ 0 (no logarithm) are left out and counted.
 *
 * <p>{@link #fitMeans} is the fit for replicated designs (several seeds per x): seeds at one x share that x's deviation
 * from the power law (in bounds-vs-n, the same training subsample), so they are not independent points. It fits the
 * per-x means of ln y, k = the number of distinct x, and its interval has k − 2 degrees of freedom.
 *
 * @param slope      fitted exponent b (NaN with fewer than two usable points or a single distinct x)
 * @param low        lower end of its 95 % interval (NaN with fewer than three points)
 * @param high       upper end
 * @param intercept  fitted ln a
 * @param rSquared   R² of the fit on the log scale
 * @param points     points k of the regression (for {@link #fitMeans}: distinct x values)
 * @param leftOut    values left out because x ≤ 0 or y ≤ 0 (or not finite)
 */
public record LogLogSlope(double slope, double low, double high, double intercept, double rSquared, int points, int leftOut) {
    public static final double LEVEL = 0.95;

    /** Ordinary least squares on every (ln x, ln y) as an independent point. */
    public static LogLogSlope fit(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("a slope needs paired values, got " + x.length + " and " + y.length);
        SimpleRegression r = new SimpleRegression(true);
        int used = 0;
        for (int i = 0; i < x.length; i++) {
            if (!usable(x[i], y[i])) continue;
            r.addData(Math.log(x[i]), Math.log(y[i]));
            used++;
        }
        return of(r, used, x.length - used);
    }

    /**
     * Least squares on the per-x means: for each distinct x, the mean of ln y over its usable values (the log of their
     * geometric mean), then OLS of those k means on ln x with the t_{0.975, k−2} interval. Under ln y = ln a + b·ln x +
     * u_x + e (u_x shared by the replicates at x, e independent, both normal, equal replicates per x) the k means have
     * i.i.d. errors u_x + ē_x, so the interval's coverage is exact; fitting every replicate as a point ignores u_x's
     * sharing and is too narrow.
     */
    public static LogLogSlope fitMeans(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("a slope needs paired values, got " + x.length + " and " + y.length);
        Map<Double, double[]> sums = new TreeMap<>(); // x → {Σ ln y, count}
        int leftOut = 0;
        for (int i = 0; i < x.length; i++) {
            if (!usable(x[i], y[i])) {
                leftOut++;
                continue;
            }
            double[] s = sums.computeIfAbsent(x[i], k -> new double[2]);
            s[0] += Math.log(y[i]);
            s[1]++;
        }
        SimpleRegression r = new SimpleRegression(true);
        sums.forEach((xi, s) -> r.addData(Math.log(xi), s[0] / s[1]));
        return of(r, sums.size(), leftOut);
    }

    private static boolean usable(double x, double y) {
        return x > 0 && y > 0 && Double.isFinite(x) && Double.isFinite(y);
    }

    private static LogLogSlope of(SimpleRegression r, int points, int leftOut) {
        double slope = r.getSlope(); // NaN below two points or with one distinct x
        // SimpleRegression's interval: t_{1−α/2, k−2} (Commons Math TDistribution) times SE(b)
        double half = points >= 3 && !Double.isNaN(slope) ? r.getSlopeConfidenceInterval(1 - LEVEL) : Double.NaN;
        return new LogLogSlope(slope, slope - half, slope + half, r.getIntercept(), r.getRSquare(), points, leftOut);
    }

    /** +1 when the whole interval lies above 0 (grows with x), −1 when below (shrinks), 0 otherwise or when undefined. */
    public int direction() {
        if (low > 0) return 1;
        if (high < 0) return -1;
        return 0;
    }

    @Override
    public String toString() {
        return String.format("%.3f [%.3f, %.3f]", slope, low, high);
    }
}
