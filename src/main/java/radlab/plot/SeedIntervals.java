package radlab.plot;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.experiment.ReproductionRun;
import radlab.experiment.ReproductionRun.Config;
import radlab.experiment.sweep.MeanInterval;
import radlab.report.CsvTable;

/**
 * The columns and series the seed-aggregating figures of {@code reproduce} share: one row per configuration, every
 * quantity as its mean with a 95 % Student-t interval over seeds (CSV columns {@code X} and {@code X±}, error bars in
 * the plot).
 */
public final class SeedIntervals {
    private SeedIntervals() {}

    /** On a log axis an error bar may not reach 0: it is drawn to at most this fraction of the mean (the CSV keeps the full ±). */
    private static final double LOG_BAR_CAP = 0.9;

    static final List<String> KEYS = List.of("model", "regularizer", "lambda", "n_seeds");

    /** The sentence every seed-aggregating figure's README carries. */
    public static String intervals(ReproductionRun r) {
        int[] n = r.configs().stream().mapToInt(Config::seeds).distinct().sorted().toArray();
        String seeds = n.length == 1 ? String.valueOf(n[0]) : java.util.Arrays.toString(n);
        return " Every point is the mean over " + seeds + " seeds (" + java.util.Arrays.toString(r.profile().seeds())
                + "), 95 % t-interval: error bars and the CSV's `X±` columns are the half-width t_{0.975,n−1}·s/√n of column `X`"
                + " (on log axes a bar is drawn down to at most " + Math.round(100 * LOG_BAR_CAP) + " % below the mean).";
    }

    /** Header cells "X", "X±" for each quantity. */
    public static List<String> withIntervals(List<String> keys, String... quantities) {
        List<String> h = new ArrayList<>(keys);
        for (String q : quantities) {
            h.add(q);
            h.add(q + "±");
        }
        return h;
    }

    /** Mean and half-width cells (empty where undefined: one seed, or no value). */
    public static void add(List<Object> row, MeanInterval m) {
        row.add(Double.isFinite(m.mean()) ? m.mean() : "");
        row.add(Double.isFinite(m.halfWidth()) ? m.halfWidth() : "");
    }

    static MeanInterval scaled(MeanInterval m, double f) {
        return new MeanInterval(f * m.mean(), f * m.halfWidth(), m.n());
    }

    static List<Object> keyCells(Config c) {
        return new ArrayList<>(List.of(c.key(), c.regularizer(), c.lambda(), (long) c.seeds()));
    }

    /** Numbers of a column where defined (empty cells are skipped together with their rows by the filter). */
    public static Predicate<List<Object>> defined(CsvTable t, String column) {
        int c = t.header().indexOf(column);
        return r -> r.get(c) instanceof Number;
    }

    /** Half-widths of {@code column}± (0 where undefined), capped for a log axis. */
    public static double[] errors(CsvTable t, String column, Predicate<List<Object>> filter, boolean log) {
        int c = t.header().indexOf(column), e = t.header().indexOf(column + "±");
        List<Double> v = new ArrayList<>();
        for (List<Object> r : t.rows()) {
            if (!filter.test(r)) continue;
            double err = r.get(e) instanceof Number n ? n.doubleValue() : 0;
            double y = ((Number) r.get(c)).doubleValue();
            v.add(log ? Math.min(err, LOG_BAR_CAP * y) : err);
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A series of the rows passing {@code filter}: x from {@code xColumn}, y from {@code yColumn} with its ± as error bars. */
    public static XYSeries series(XYChart c, String name, CsvTable t, String xColumn, String yColumn, Predicate<List<Object>> filter) {
        Predicate<List<Object>> f = filter.and(defined(t, yColumn));
        boolean log = c.getStyler().isYAxisLogarithmic();
        return c.addSeries(name, Figure.column(t, xColumn, f), Figure.column(t, yColumn, f), errors(t, yColumn, f, log));
    }

    static List<Config> sorted(ReproductionRun r) {
        List<Config> cs = new ArrayList<>(r.configs());
        cs.sort(Comparator.comparing(Config::regularizer).thenComparingDouble(Config::lambda));
        return cs;
    }

    /** A dashed horizontal line at the single value {@code y[0]} across the λ range. */
    static void baseline(XYChart c, String name, double[] lambdas, double[] y) {
        if (y.length == 0 || lambdas.length == 0) return;
        double lo = java.util.Arrays.stream(lambdas).min().orElse(1), hi = java.util.Arrays.stream(lambdas).max().orElse(1);
        XYSeries s = c.addSeries(name, new double[] {lo, hi}, new double[] {y[0], y[0]});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
    }
}
