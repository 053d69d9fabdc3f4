package radlab.measures;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;

/**
 * Kendall's τ and the granulated Kendall coefficient Ψ of Jiang et al. (ICLR 2020, "Fantastic generalization measures
 * and where to find them", §4) (docs/theory.md §10).
 */
public final class RankCorrelations {
    private RankCorrelations() {}

    /** Kendall's τ_b (Commons Math), NaN when fewer than two values or either side is constant. */
    public static double tau(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("τ needs paired values, got " + x.length + " and " + y.length);
        if (x.length < 2) return Double.NaN;
        return new KendallsCorrelation().correlation(x, y);
    }

    /**
     * ψ_i: the mean, over the groups of rows that differ only in hyper-parameter {@code axis}, of τ(measure, gap) within
     * the group. Groups of one model, or whose τ is undefined (a constant side), are left out.
     */
    public static double psiAxis(ModelTable t, int axis, double[] measure, double[] gap, int[] rows) {
        double sum = 0;
        int groups = 0;
        for (int[] g : t.groupsVaryingOnly(axis, rows)) {
            if (g.length < 2) continue;
            double tau = tau(pick(measure, g), pick(gap, g));
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

    static double[] pick(double[] v, int[] rows) {
        double[] out = new double[rows.length];
        for (int k = 0; k < rows.length; k++) out[k] = v[rows[k]];
        return out;
    }

    static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
