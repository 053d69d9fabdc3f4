package radlab.rademacher;

import java.util.Arrays;

/**
 * A Monte Carlo estimate of the empirical Rademacher complexity R̂_S(F) = E_σ[sup_f (1/n)Σσ_i f(x_i)].
 *
 * @param functionClass  description of F
 * @param n              sample size
 * @param draws          per-draw suprema (kept so convergence can be plotted and results re-analysed)
 * @param mean           the estimate, the mean of the draws
 * @param standardError  sample standard deviation / √m
 * @param confidence     confidence level of the interval, e.g. 0.95
 * @param ciLow          lower end of the Student-t confidence interval for E_σ[sup]
 * @param ciHigh         upper end
 * @param mcDiarmidHalfWidth half-width t such that |mean − R̂_S| ≤ t with probability ≥ confidence, from McDiarmid's
 *                       bounded-differences inequality; only for exact classes (closed-form suprema): NaN for fitted
 *                       classes, whose mean is of biased optimizer outputs, and for classes without value bounds
 * @param exact          whether each supremum was exact (closed form) or a lower estimate (optimisation)
 * @param seed           seed of the sign draws
 * @param seconds        wall time
 */
public record RademacherEstimate(String functionClass, int n, double[] draws, double mean, double standardError,
                                 double confidence, double ciLow, double ciHigh, double mcDiarmidHalfWidth,
                                 boolean exact, long seed, double seconds) {
    public RademacherEstimate {
        draws = draws.clone();
    }

    /** The sign draws' suprema (a copy). */
    @Override
    public double[] draws() {
        return draws.clone();
    }

    public int drawCount() {
        return draws.length;
    }

    /** Running mean after each draw (for convergence plots). */
    public double[] runningMean() {
        double[] r = new double[draws.length];
        double s = 0;
        for (int i = 0; i < draws.length; i++) {
            s += draws[i];
            r[i] = s / (i + 1);
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RademacherEstimate e && Arrays.equals(draws, e.draws) && functionClass.equals(e.functionClass) && seed == e.seed;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(draws);
    }

    @Override
    public String toString() {
        String mcDiarmid = Double.isNaN(mcDiarmidHalfWidth) ? "" : String.format(", McDiarmid ±%.3g", mcDiarmidHalfWidth);
        return String.format("R̂_S(%s) ≈ %.6g ± %.2g (s.e.), %.0f%% CI [%.6g, %.6g]%s; m=%d draws, n=%d, %s, %.2fs",
                functionClass, mean, standardError, 100 * confidence, ciLow, ciHigh, mcDiarmid, draws.length, n,
                exact ? "exact suprema" : "suprema are lower estimates", seconds);
    }
}
