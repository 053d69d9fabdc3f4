package radlab.measures;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The exponent b of a power law y ≈ a·x^b, fitted by least squares on (ln x, ln y), with its 95 % confidence interval
 * b ± t_{0.975, k−2}·SE(b) (docs/theory.md §11). Points with x ≤ 0 or y ≤ 0 (no logarithm) are left out and counted.
 *
 * @param slope      fitted exponent b (NaN with fewer than two usable points or a single distinct x)
 * @param low        lower end of its 95 % interval (NaN with fewer than three points)
 * @param high       upper end
 * @param intercept  fitted ln a
 * @param rSquared   R² of the fit on the log scale
 * @param points     usable points k
 * @param leftOut    points left out because x ≤ 0 or y ≤ 0 (or not finite)
 */
public record LogLogSlope(double slope, double low, double high, double intercept, double rSquared, int points, int leftOut) {
    public static final double LEVEL = 0.95;

    public static LogLogSlope fit(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("a slope needs paired values, got " + x.length + " and " + y.length);
        SimpleRegression r = new SimpleRegression(true);
        int used = 0;
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i]))) continue;
            r.addData(Math.log(x[i]), Math.log(y[i]));
            used++;
        }
        double slope = r.getSlope(); // NaN below two points or with one distinct x
        double half = used >= 3 && !Double.isNaN(slope) ? r.getSlopeConfidenceInterval(1 - LEVEL) : Double.NaN;
        return new LogLogSlope(slope, slope - half, slope + half, r.getIntercept(), r.getRSquare(), used, x.length - used);
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
