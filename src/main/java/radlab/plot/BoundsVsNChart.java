package radlab.plot;

import java.awt.BasicStroke;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import radlab.experiment.BoundsVsN;
import radlab.experiment.ReproductionRun;
import radlab.experiment.sweep.ResultTable;
import radlab.measures.LogLogSlope;
import radlab.report.CsvTable;

/**
 * Figure {@code bounds-vs-n}: measured gaps and registered bounds against the training-set size on log–log axes, with
 * each quantity's fitted slope (docs/theory.md §11). Rendering and formatting only.
 */
public final class BoundsVsNChart {
    private BoundsVsNChart() {}

    /**
     * Gaps and bounds against the training-set size (Nagarajan &amp; Kolter 2019), a grid of its own on the profile's
     * architecture, run through the same engine into a sibling sweep directory (so it is cached and resumable too).
     */
    public static Figure reproduce(ReproductionRun r) {
        var s = BoundsVsN.Settings.of(r.profile(), null);
        BoundsVsN.Run run = BoundsVsN.run(s, r.engine(), r.sweepDir(r.sweepDir().getFileName() + "-" + BoundsVsN.NAME), r.log());
        return build(run.result(), run.table());
    }

    public static Figure build(BoundsVsN.Result r, ResultTable table) {
        CsvTable t = new CsvTable("quantity", "kind", "n", "seeds", "mean", "half_width", "lower", "upper", "slope", "slope_low", "slope_high",
                "r_squared", "fit_points", "fit_left_out", "fitted");
        for (BoundsVsN.AtSize p : r.points()) {
            BoundsVsN.Fit f = r.fit(p.quantity());
            LogLogSlope s = f.slope();
            t.add(p.quantity(), f.gap() ? "gap" : "bound", p.n(), p.value().n(), p.value().mean(), p.value().halfWidth(), p.value().lower(),
                    p.value().upper(), s.slope(), s.low(), s.high(), s.rSquared(), s.points(), s.leftOut(),
                    Math.exp(s.intercept()) * Math.pow(p.n(), s.slope()));
        }
        XYChart c = Charts.lineChart("Bounds and measured gaps vs training-set size", "training examples n (log scale)",
                "value (log scale; gaps in nats or 0–1 error)", 1100, 900);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        int plotted = 0;
        for (BoundsVsN.Fit f : r.fits()) {
            int q = t.header().indexOf("quantity"), mean = t.header().indexOf("mean");
            Predicate<List<Object>> rows = row -> row.get(q).equals(f.quantity()) && ((Number) row.get(mean)).doubleValue() > 0;
            double[] x = Figure.column(t, "n", rows), y = Figure.column(t, "mean", rows), hw = Figure.column(t, "half_width", rows),
                    lo = Figure.column(t, "lower", rows);
            if (x.length == 0) continue;
            String name = f.quantity().replace(".total", "") + ", slope " + f.slope();
            boolean bars = java.util.Arrays.stream(lo).allMatch(v -> v > 0) && java.util.Arrays.stream(hw).allMatch(Double::isFinite);
            XYSeries s = bars ? c.addSeries(name, x, y, hw) : c.addSeries(name, x, y);
            if (f.gap()) s.setLineStyle(new BasicStroke(3f));
            plotted++;
        }
        if (plotted == 0) c.addSeries("no positive value to plot", new double[] {1}, new double[] {1});
        Map<String, Object> settings = new LinkedHashMap<>();
        BoundsVsN.Settings s = r.settings();
        settings.put("profile", s.profile());
        settings.put("n", s.trainSizes());
        settings.put("seeds", s.seeds());
        settings.put("dataset", s.dataset());
        if (s.dataDir() != null) settings.put("data directory", s.dataDir());
        settings.put("test size", s.testSize());
        settings.put("architecture", s.arch());
        settings.put("training budget", s.examplesPerPoint() + " examples seen, epochs = max(" + s.minEpochs() + ", ⌈E/n⌉)");
        settings.put("evaluation", s.evaluation());
        String description = "One network (" + s.arch() + ") trained on " + s.trainSizes().size() + " training-set sizes n × " + s.seeds().size()
                + " seeds (" + r.models() + " trained models), run as a cached, resumable sweep. Per n: the mean over seeds of each measured gap "
                + "(test − train; `gap.*_loss` in nats, `gap.standard_error` in 0–1 error) and of each registered bound (`bound.ID.total`), "
                + "with its 95 % Student-t interval (`half_width`, error bars where the interval stays positive). Per quantity: the least-squares "
                + "slope of the per-n mean of ln value on ln n (the seeds at one n share its subsample), with its 95 % interval on #n − 2 degrees "
                + "of freedom (`slope_low`, `slope_high`; `fit_points` = sizes fitted; `fitted` = e^intercept·n^slope), docs/theory.md §11. "
                + "Non-positive values (a negative gap) have no logarithm: they are left out of the fit (`fit_left_out`) and of the chart.\n\n**" + r.verdict() + "**\n\n" + slopeTable(r) + "\n" + SweepProvenance.markdown(table, settings);
        return new Figure(BoundsVsN.NAME, "Do the bounds shrink with n like the gap? (Nagarajan & Kolter 2019)", t, c, description);
    }

    /** The slopes as a markdown table (the figure's README and reproduce's output). */
    public static String slopeTable(BoundsVsN.Result r) {
        StringBuilder sb = new StringBuilder("| quantity | kind | log–log slope | 95 % interval | R² | points (left out) |\n|---|---|---|---|---|---|\n");
        for (BoundsVsN.Fit f : r.fits()) {
            LogLogSlope s = f.slope();
            sb.append(String.format("| %s | %s | %.3f | [%.3f, %.3f] | %.3f | %d (%d) |%n", f.quantity(), f.gap() ? "gap" : "bound", s.slope(), s.low(),
                    s.high(), s.rSquared(), s.points(), s.leftOut()));
        }
        return sb.toString();
    }
}
