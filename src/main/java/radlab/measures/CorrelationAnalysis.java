package radlab.measures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * For every measure column and every gap column of a {@link ModelTable}: τ, Ψ and bootstrap intervals. Rows missing
 * either value are left out of that pair.
 *
 * <p>The bootstrap keeps the design (the table's hyper-parameter and seed values) and resamples which of its trained
 * models enter: the N models are drawn N times with replacement (seeded), and τ and Ψ are recomputed on the draw with
 * the same groups ({@link RankCorrelations}: two draws of one model are not a pair). The 2.5–97.5 % percentile interval
 * shows how much τ and Ψ depend on the particular models of this fixed grid; it says nothing about other grids
 * (docs/theory.md §10.3).
 */
public final class CorrelationAnalysis {
    private CorrelationAnalysis() {}

    /** Results sorted by gap, then by decreasing τ. */
    public static List<MeasureCorrelation> run(ModelTable t, List<String> measures, List<String> gaps, int resamples, long seed) {
        if (resamples < 1) throw new IllegalArgumentException("--resamples must be positive, got " + resamples);
        List<MeasureCorrelation> out = new ArrayList<>();
        for (String g : gaps) {
            for (String m : measures) out.add(correlate(t, m, g, resamples, seed));
        }
        out.sort(Comparator.comparing(MeasureCorrelation::gap).thenComparing(Comparator.comparingDouble(MeasureCorrelation::tau).reversed()));
        return out;
    }

    public static MeasureCorrelation correlate(ModelTable t, String measure, String gap, int resamples, long seed) {
        double[] m = t.column(measure), g = t.column(gap);
        int[] rows = java.util.stream.IntStream.range(0, t.rows()).filter(r -> !Double.isNaN(m[r]) && !Double.isNaN(g[r])).toArray();
        double tau = RankCorrelations.tau(m, g, rows);
        double psi = RankCorrelations.psi(t, m, g, rows);
        List<Double> perAxis = new ArrayList<>();
        for (int i = 0; i < t.hyperNames().size(); i++) perAxis.add(RankCorrelations.psiAxis(t, i, m, g, rows));
        // one generator per (measure, gap) pair from the seed and the names, so adding a column leaves the others' intervals unchanged
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + (measure + "\u0000" + gap).hashCode());
        double[] taus = new double[resamples], psis = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            int[] sample = new int[rows.length];
            for (int k = 0; k < rows.length; k++) sample[k] = rows[rnd.nextInt(rows.length)];
            taus[b] = RankCorrelations.tau(m, g, sample);
            psis[b] = RankCorrelations.psi(t, m, g, sample);
        }
        double[] ti = interval(taus), pi = interval(psis);
        return new MeasureCorrelation(measure, gap, rows.length, tau, ti[0], ti[1], psi, pi[0], pi[1], perAxis, resamples);
    }

    /** The 2.5 % and 97.5 % percentiles of the defined replicates (NaN, NaN when none is defined). */
    static double[] interval(double[] replicates) {
        double[] ok = Arrays.stream(replicates).filter(v -> !Double.isNaN(v)).toArray();
        if (ok.length == 0) return new double[] {Double.NaN, Double.NaN};
        Percentile p = new Percentile();
        return new double[] {p.evaluate(ok, 2.5), p.evaluate(ok, 97.5)};
    }
}
