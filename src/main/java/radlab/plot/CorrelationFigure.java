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
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.experiment.SweepCorrelations;
import radlab.experiment.sweep.ResultTable;
import radlab.measures.MeasureCorrelation;
import radlab.report.CsvTable;

/**
 * Figure {@code correlation}: for every measure of a sweep's models, Kendall's τ and the granulated Ψ against each gap
 * with their bootstrap 95 % intervals (docs/theory.md §10), measures ordered by τ against the first gap. The CSV has
 * one row per (gap, measure); the README carries the same numbers as a markdown table.
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
        int gapCount = r.gaps().size();
        CsvTable t = new CsvTable("gap", "rank", "x", "measure", "models", "tau", "tau_low", "tau_high", "psi", "psi_low", "psi_high", "psi_per_axis",
                "resamples");
        for (int g = 0; g < gapCount; g++) {
            for (MeasureCorrelation m : r.forGap(r.gaps().get(g))) {
                int k = rank.get(m.measure());
                double x = k + 0.5 * (g - (gapCount - 1) / 2.0) / Math.max(1, gapCount);
                t.add(m.gap(), k, x, m.measure(), m.models(), m.tau(), m.tauLow(), m.tauHigh(), m.psi(), m.psiLow(), m.psiHigh(),
                        String.join(";", m.psiPerAxis().stream().map(String::valueOf).toList()), m.resamples());
            }
        }
        List<String> names = new ArrayList<>(r.measures());
        names.sort(java.util.Comparator.comparingInt(rank::get));
        XYChart c = Charts.lineChart("Rank correlation of each measure with the generalization gaps", "rank of the measure by τ with " + first + " (names: README table, CSV column rank)",
                "Kendall τ (dots, with 95 % bootstrap interval) / granulated Ψ (diamonds)", Math.max(1000, 28 * names.size() + 250), 1100);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setYAxisMin(-1.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(names.size() + 1.0);
        c.getStyler().setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        // The x axis is the rank; the README table and the CSV's `rank` column name each measure. (Measure names as tick
        // labels sent XChart 3.8.8's tick calculator into an endless loop on some tables, so they are not drawn.)
        for (int g = 0; g < gapCount; g++) {
            String gap = r.gaps().get(g);
            Color color = COLORS[g % COLORS.length];
            Predicate<List<Object>> ofGap = Figure.where(t, "gap", gap);
            series(c, t, ofGap, "τ with " + gap, "tau", color, SeriesMarkers.CIRCLE);
            series(c, t, ofGap, "Ψ with " + gap, "psi", color, SeriesMarkers.DIAMOND).setMarkerColor(color.brighter());
            interval(c, t, ofGap, "τ 95 % interval, " + gap, color);
        }
        String description = "Every measure of the sweep's " + r.models() + " models (bound totals and terms, margin, Jacobian norms, per-layer norms "
                + "and their products, path norm, distance from initialisation, PAC-Bayes σ when present) ranked against each gap (test − train "
                + "cross-entropy, clean and robust) by Kendall's τ over all models and by the granulated Ψ of Jiang et al. (2020) over the axes "
                + (r.axes().isEmpty() ? "(none vary: Ψ is undefined)" : String.join(", ", r.axes())) + " (seeds are repeats: not an axis, but held fixed within Ψ's groups), "
                + "each with a percentile bootstrap 95 % interval over models (" + r.resamples() + " resamples, seed " + r.seed()
                + "; docs/theory.md §10). A τ near +1: the measure orders the models as the gap does; near −1: in reverse. x = `rank` of the measure "
                + "by τ with " + first + " (gaps side by side); undefined values are left out of the chart and are NaN in the table."
                + (r.constant().isEmpty() ? "" : " Left out as constant over the models: " + String.join(", ", r.constant()) + ".")
                + "\n\n" + CorrelationCharts.markdown(r.rows(), r.models(), r.axes()) + "\n" + provenance;
        return new Figure(NAME, "Which measure tracks the generalization gap?", t, c, description);
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
        double[] x = Figure.column(t, "x", defined), y = Figure.column(t, column, defined);
        XYSeries s = c.addSeries(name, x.length == 0 ? new double[] {Double.NaN} : x, y.length == 0 ? new double[] {Double.NaN} : y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
        return s;
    }

    /** The τ interval of every measure as a vertical segment; segments are separated by null (a break in the line). */
    private static void interval(XYChart c, CsvTable t, Predicate<List<Object>> ofGap, String name, Color color) {
        Predicate<List<Object>> defined = ofGap.and(row -> Double.isFinite(((Number) row.get(t.header().indexOf("tau_low"))).doubleValue()));
        double[] x = Figure.column(t, "x", defined), lo = Figure.column(t, "tau_low", defined), hi = Figure.column(t, "tau_high", defined);
        if (x.length == 0) return;
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            xs.add(x[i]);
            ys.add(lo[i]);
            xs.add(x[i]);
            ys.add(hi[i]);
            xs.add(x[i]);
            ys.add(null);
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(2f));
    }
}
