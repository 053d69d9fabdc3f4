package radlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.experiment.SweepCorrelations;
import radlab.experiment.sweep.ResultTable;
import radlab.measures.MeasureCorrelation;
import radlab.report.CsvTable;

/**
 * Figure {@code correlation}: for every measure of a sweep's models, Kendall's τ and the granulated Ψ against each gap
 * with their bootstrap 95 % intervals (docs/theory.md §10), drawn as one labelled row per measure (dot: τ, horizontal
 * bar: its interval, diamond: Ψ), measures ordered by τ against the first gap. The CSV has one row per (gap, measure);
 * the README carries the same numbers as a markdown table.
 */
public final class CorrelationFigure {
    public static final String NAME = "correlation";
    public static final int DEFAULT_RESAMPLES = 1000;
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(148, 103, 189)};

    private CorrelationFigure() {}

    /** With the default gaps ({@link SweepCorrelations#DEFAULT_GAPS}), 1,000 resamples and seed 1. */
    public static Figure build(ResultTable table) {
        return build(table, SweepCorrelations.DEFAULT_GAPS, DEFAULT_RESAMPLES, 1);
    }

    /**
     * @param gaps      gap columns (those missing from the table are skipped)
     * @param resamples bootstrap resamples of the models
     * @param seed      bootstrap seed
     */
    public static Figure build(ResultTable table, List<String> gaps, int resamples, long seed) {
        return build(SweepCorrelations.run(table, gaps, resamples, seed), SweepProvenance.markdown(table, settings(resamples, seed)));
    }

    /** The figure of an already computed analysis; {@code provenance} is appended to the description. */
    public static Figure build(SweepCorrelations.Result r, String provenance) {
        String first = r.gaps().get(0);
        Map<String, Integer> rank = new HashMap<>();
        for (MeasureCorrelation m : r.forGap(first)) rank.put(m.measure(), rank.size() + 1);
        for (String m : r.measures()) rank.putIfAbsent(m, rank.size() + 1);
        int gapCount = r.gaps().size(), n = rank.size();
        CsvTable t = new CsvTable("gap", "rank", "y", "measure", "models", "tau", "tau_low", "tau_high", "psi", "psi_low", "psi_high", "psi_per_axis",
                "resamples");
        for (int g = 0; g < gapCount; g++) {
            for (MeasureCorrelation m : r.forGap(r.gaps().get(g))) {
                int k = rank.get(m.measure());
                t.add(m.gap(), k, rowY(k, n) - gapOffset(g, gapCount), m.measure(), m.models(), m.tau(), m.tauLow(), m.tauHigh(), m.psi(), m.psiLow(),
                        m.psiHigh(), String.join(";", m.psiPerAxis().stream().map(String::valueOf).toList()), m.resamples());
            }
        }
        XYChart c = chart(rowNames(rank), first, gapCount);
        for (int g = 0; g < gapCount; g++) {
            String gap = r.gaps().get(g);
            Color color = COLORS[g % COLORS.length];
            Predicate<List<Object>> ofGap = Figure.where(t, "gap", gap);
            interval(c, t, ofGap, "τ 95 % interval, " + gap, color);
            series(c, t, ofGap, "Ψ with " + gap, "psi", color.brighter(), SeriesMarkers.DIAMOND); // under the τ dot where the two coincide
            series(c, t, ofGap, "τ with " + gap + " (bar: 95 % interval)", "tau", color, SeriesMarkers.CIRCLE);
        }
        double[] ys = Figure.column(t, "y", row -> true); // the line spans the plotted rows, so its ends are in the CSV too
        XYSeries zero = c.addSeries("τ = 0", new double[] {0, 0}, ys.length == 0 ? new double[] {0, n + 1}
                : new double[] {java.util.Arrays.stream(ys).min().orElseThrow(), java.util.Arrays.stream(ys).max().orElseThrow()});
        zero.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        zero.setMarker(SeriesMarkers.NONE);
        zero.setLineColor(Color.GRAY);
        zero.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {5f, 4f}, 0f));
        zero.setShowInLegend(false);
        String description = "Every measure of the sweep's " + r.models() + " models (bound totals and terms, margin, Jacobian norms, per-layer norms "
                + "and their products, path norm, distance from initialisation, PAC-Bayes σ when present) ranked against each gap (test − train "
                + "cross-entropy, clean and robust) by Kendall's τ over all models and by the granulated Ψ of Jiang et al. (2020) over the axes "
                + (r.axes().isEmpty() ? "(none vary: Ψ is undefined)" : String.join(", ", r.axes())) + " (seeds are repeats: not an axis, but held fixed within Ψ's groups), "
                + "each with a percentile bootstrap 95 % interval over models (" + r.resamples() + " resamples, seed " + r.seed()
                + "; docs/theory.md §10). A τ near +1: the measure orders the models as the gap does; near −1: in reverse. One row per measure, "
                + "named on the axis, ordered by τ with " + first + " (highest first; the CSV's `rank`); in each row one line per gap: τ as a dot "
                + "with its bootstrap interval as a bar, Ψ as a diamond (`y` in the CSV is the plotted height). Undefined values are left out of "
                + "the chart and are NaN in the table."
                + (r.constant().isEmpty() ? "" : " Left out as constant over the models: " + String.join(", ", r.constant()) + ".")
                + "\n\n" + CorrelationCharts.markdown(r.rows(), r.models(), r.axes()) + "\n" + provenance;
        return new Figure(NAME, "Which measure tracks the generalization gap?", t, c, description);
    }

    /** Pixels per measure row: room for one line per gap. */
    private static int rowHeight(int gapCount) {
        return Math.max(22, 10 * gapCount + 4);
    }

    /** The height of rank {@code k}'s row: rank 1 at the top. */
    static double rowY(int k, int n) {
        return n + 1 - k;
    }

    /** Offset of gap {@code g}'s line within a row, first gap on top, all within ±1/3 of the row's centre. */
    static double gapOffset(int g, int gapCount) {
        return gapCount == 1 ? 0 : (g - (gapCount - 1) / 2.0) * (2.0 / 3) / gapCount;
    }

    /** The measure names from the bottom row (y = 1) up. */
    static List<String> rowNames(Map<String, Integer> rank) {
        List<String> names = new ArrayList<>(rank.keySet());
        names.sort(java.util.Comparator.comparingInt((String m) -> rank.get(m)).reversed());
        return names;
    }

    /**
     * A horizontal dot-and-interval chart: x is τ or Ψ in [−1, 1], y = 1…n the rows, each labelled with its measure's
     * name by the y axis's tick formatter. XChart draws no ticks at all when the labels of the axis ends are equal, and
     * rejects a tick step whose labels repeat, so the axis runs over the integers 0…n+1 (distinct blank labels at the
     * ends) and every row gets its tick and name.
     */
    private static XYChart chart(List<String> bottomUp, String first, int gapCount) {
        int n = bottomUp.size(), longest = bottomUp.stream().mapToInt(String::length).max().orElse(10);
        XYChart c = Charts.lineChart("Rank correlation of each measure with the generalization gaps",
                "Kendall τ (dot; bar: 95 % bootstrap interval) and granulated Ψ (diamond)", "measure, by τ with " + first,
                Math.max(900, 7 * longest + 800), Math.max(500, rowHeight(gapCount) * n + 330));
        AxesChartStyler s = c.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setXAxisMin(-1.05); // a dot at ±1 is drawn whole
        s.setXAxisMax(1.05);
        s.setYAxisMin(0.0);
        s.setYAxisMax(n + 1.0);
        s.setYAxisTickMarkSpacingHint(Math.max(12, rowHeight(gapCount) - 4));
        s.setyAxisTickLabelsFormattingFunction(Charts.namedTicks(bottomUp));
        s.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
        s.setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        s.setMarkerSize(8);
        return c;
    }

    static Map<String, Object> settings(int resamples, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bootstrap resamples", resamples);
        m.put("bootstrap seed", seed);
        return m;
    }

    private static XYSeries series(XYChart c, CsvTable t, Predicate<List<Object>> ofGap, String name, String column, Color color,
            org.knowm.xchart.style.markers.Marker marker) {
        Predicate<List<Object>> defined = ofGap.and(row -> Double.isFinite(((Number) row.get(t.header().indexOf(column))).doubleValue()));
        double[] x = Figure.column(t, column, defined), y = Figure.column(t, "y", defined);
        XYSeries s = c.addSeries(name, x.length == 0 ? new double[] {Double.NaN} : x, y.length == 0 ? new double[] {Double.NaN} : y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
        return s;
    }

    /** The τ interval of every measure as a horizontal bar; bars are separated by null (a break in the line). */
    private static void interval(XYChart c, CsvTable t, Predicate<List<Object>> ofGap, String name, Color color) {
        Predicate<List<Object>> defined = ofGap.and(row -> Double.isFinite(((Number) row.get(t.header().indexOf("tau_low"))).doubleValue()));
        double[] y = Figure.column(t, "y", defined), lo = Figure.column(t, "tau_low", defined), hi = Figure.column(t, "tau_high", defined);
        if (y.length == 0) return;
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            xs.add(lo[i]);
            ys.add(y[i]);
            xs.add(hi[i]);
            ys.add(y[i]);
            xs.add(hi[i]);
            ys.add(null);
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(2.5f));
        s.setShowInLegend(false);
    }
}
