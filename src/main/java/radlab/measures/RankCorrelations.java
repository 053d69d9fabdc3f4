package radlab.measures;

/**
 * Kendall's τ and the granulated Kendall coefficient Ψ exactly as Jiang et al. define them (ICLR 2020, "Fantastic
 * generalization measures and where to find them", Eqs. 2–3, §6) (docs/theory.md §10).
 *
 * <p>τ(T) = (1/(|T|(|T|−1))) Σ_{(μ₁,g₁)∈T} Σ_{(μ₂,g₂)∈T∖{(μ₁,g₁)}} sign(μ₁ − μ₂)·sign(g₁ − g₂): over ordered pairs of
 * distinct models, ties count 0 in the numerator and stay in the denominator (no τ_b correction), so a measure that is
 * constant over T has τ = 0. ψ_i = (1/m_i) Σ τ(models varying only in axis i) over the m_i settings of the other axes;
 * Ψ = (1/A) Σ_i ψ_i over the A axes.
 *
 * <p>Rows are given as index arrays and may repeat (a bootstrap resample): a pair of two draws of the same model is not
 * a pair of distinct models and is skipped, in the numerator and the denominator.
 */
public final class RankCorrelations {
    private RankCorrelations() {}

    /** Jiang et al.'s τ (Eq. 2) over all the given values; NaN with fewer than two values. */
    public static double tau(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("τ needs paired values, got " + x.length + " and " + y.length);
        return tau(x, y, all(x.length));
    }

    /**
     * Jiang et al.'s τ over the models {@code rows} (indices into x and y, repeats allowed): the mean of
     * sign(x_a − x_b)·sign(y_a − y_b) over the pairs of draws of distinct models, NaN when there is none.
     */
    public static double tau(double[] x, double[] y, int[] rows) {
        long sum = 0, pairs = 0;
        for (int k = 0; k < rows.length; k++) {
            for (int l = k + 1; l < rows.length; l++) {
                int a = rows[k], b = rows[l];
                if (a == b) continue;
                sum += (long) (Math.signum(x[a] - x[b]) * Math.signum(y[a] - y[b]));
                pairs++;
            }
        }
        // unordered pairs: each counted once, and the ordered sum of Eq. 2 is twice both the sum and the count
        return pairs == 0 ? Double.NaN : (double) sum / pairs;
    }

    /**
     * ψ_i (Jiang et al., Eq. 3): the mean, over the groups of rows that agree on every other axis and on the replicate
     * (seed), of τ(measure, gap) within the group. Groups with fewer than two distinct models (possible only in an
     * incomplete grid or a resample) are left out; NaN when no group is left.
     */
    public static double psiAxis(ModelTable t, int axis, double[] measure, double[] gap, int[] rows) {
        double sum = 0;
        int groups = 0;
        for (int[] g : t.groupsVaryingOnly(axis, rows)) {
            double tau = tau(measure, gap, g);
            if (Double.isNaN(tau)) continue;
            sum += tau;
            groups++;
        }
        return groups == 0 ? Double.NaN : sum / groups;
    }

    /** Ψ = mean over the hyper-parameter axes of ψ_i (axes where ψ_i is undefined are left out). */
    public static double psi(ModelTable t, double[] measure, double[] gap, int[] rows) {
        double sum = 0;
        int axes = 0;
        for (int i = 0; i < t.hyperNames().size(); i++) {
            double p = psiAxis(t, i, measure, gap, rows);
            if (Double.isNaN(p)) continue;
            sum += p;
            axes++;
        }
        return axes == 0 ? Double.NaN : sum / axes;
    }

    static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
