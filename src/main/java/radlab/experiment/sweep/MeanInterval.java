package radlab.experiment.sweep;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Mean of a metric over seeds with a 95 % Student-t confidence interval: x̄ ± t_{0.975, n−1}·s/√n, s the sample
 * standard deviation (n − 1 denominator). The interval treats the seeds as i.i.d. draws of the training randomness;
 * it is undefined (NaN half-width) for n = 1, and any NaN value makes mean and half-width NaN.
 *
 * @param halfWidth the ± term
 */
public record MeanInterval(double mean, double halfWidth, int n) {
    public static final double LEVEL = 0.95;

    public static MeanInterval of(double[] values) {
        int n = values.length;
        if (n == 0) return new MeanInterval(Double.NaN, Double.NaN, 0);
        double mean = StatUtils.mean(values);
        if (n == 1) return new MeanInterval(mean, Double.NaN, 1);
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - (1 - LEVEL) / 2);
        return new MeanInterval(mean, t * Math.sqrt(StatUtils.variance(values) / n), n);
    }

    public double lower() {
        return mean - halfWidth;
    }

    public double upper() {
        return mean + halfWidth;
    }

    @Override
    public String toString() {
        return String.format("%.4g ± %.2g (95%% t, n=%d)", mean, halfWidth, n);
    }
}
