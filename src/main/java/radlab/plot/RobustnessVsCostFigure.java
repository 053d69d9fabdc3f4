package radlab.plot;

import static radlab.plot.SeedIntervals.KEYS;
import static radlab.plot.SeedIntervals.add;
import static radlab.plot.SeedIntervals.defined;
import static radlab.plot.SeedIntervals.intervals;
import static radlab.plot.SeedIntervals.keyCells;
import static radlab.plot.SeedIntervals.scaled;
import static radlab.plot.SeedIntervals.series;
import static radlab.plot.SeedIntervals.withIntervals;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.experiment.ParetoFrontier;
import radlab.experiment.ReproductionProfile;
import radlab.experiment.ReproductionRun;
import radlab.experiment.ReproductionRun.Config;
import radlab.report.CsvTable;

/**
 * Figure {@code robustness-vs-cost}: clean, APGD-attacked (ℓ2 and ℓ∞) and certified test accuracy against the
 * machine-independent training cost (forward+backward passes per training example over all epochs), one series per
 * method across its strength parameter, with the cost–accuracy Pareto frontier ({@link ParetoFrontier}, on seed means)
 * of each threat model as a step line.
 */
public final class RobustnessVsCostFigure {
    public static final String NAME = "robustness-vs-cost";

    /**
     * Above this ratio of the largest to the smallest cost the cost axis is logarithmic; below it a log axis would show
     * one or two tick labels (the baselines profile spans 3 to 33 passes, a factor 11, and is linear).
     */
    static final double LOG_SPAN = 30;

    /** The threat models whose frontier is marked: CSV suffix, accuracy column, panel title. */
    private static final String[][] THREATS = {{"clean", "clean_test_accuracy_pct"}, {"l2", "apgd_l2_test_accuracy_pct"},
            {"linf", "apgd_linf_test_accuracy_pct"}};

    private RobustnessVsCostFigure() {}

    public static Figure build(ReproductionRun r) {
        CsvTable t = table(r);
        ReproductionProfile p = r.profile();
        double[] cost = Figure.column(t, "total_passes_per_example", defined(t, "total_passes_per_example"));
        double lo = java.util.Arrays.stream(cost).min().orElse(1), hi = java.util.Arrays.stream(cost).max().orElse(1);
        boolean log = hi / lo > LOG_SPAN;
        String[] titles = {"Clean test accuracy", String.format("Robust accuracy, APGD-ℓ2 ε=%s", p.epsilonL2()),
                String.format("Robust accuracy, APGD-ℓ∞ ε=%s", p.epsilonLinf())};
        List<XYChart> panels = new ArrayList<>();
        for (int k = 0; k < THREATS.length; k++) {
            XYChart c = panel(titles[k], log);
            for (String m : methods(t)) method(c, Methods.label(m), m, t, THREATS[k][1], SeriesMarkers.CIRCLE);
            frontier(c, t, THREATS[k][1], "Pareto frontier (" + THREATS[k][0].replace("linf", "ℓ∞").replace("l2", "ℓ2") + ")");
            panels.add(c);
        }
        boolean certified = Figure.column(t, "certified_l2_test_accuracy_pct", defined(t, "certified_l2_test_accuracy_pct")).length > 0
                || Figure.column(t, "certified_linf_test_accuracy_pct", defined(t, "certified_linf_test_accuracy_pct")).length > 0;
        if (certified) { // no certificate for an architecture the certifiers do not cover: no panel
            XYChart c = panel(String.format("Certified accuracy (ℓ2 ε=%s ●, ℓ∞ ε=%s ◆)", p.epsilonL2(), p.epsilonLinf()), log);
            for (String m : methods(t)) {
                method(c, Methods.label(m) + ": ℓ2", m, t, "certified_l2_test_accuracy_pct", SeriesMarkers.CIRCLE);
                method(c, Methods.label(m) + ": ℓ∞", m, t, "certified_linf_test_accuracy_pct", SeriesMarkers.DIAMOND);
            }
            panels.add(c);
        }
        return new Figure(NAME, "Robustness vs training cost", t, panels.get(0), description(r, log), panels.subList(1, panels.size()));
    }

    /** One row per configuration, sorted by method and strength: cost, accuracies with intervals, frontier flags. */
    static CsvTable table(ReproductionRun r) {
        List<String> h = new ArrayList<>(KEYS);
        h.addAll(List.of("strength_name", "strength", "passes_per_step", "total_passes_per_example"));
        h.addAll(withIntervals(List.of(), "train_seconds", "seconds_per_epoch", "clean_test_accuracy_pct", "apgd_l2_test_accuracy_pct",
                "apgd_linf_test_accuracy_pct", "certified_l2_test_accuracy_pct", "certified_linf_test_accuracy_pct"));
        for (String[] th : THREATS) h.add("pareto_" + th[0]);
        List<Config> cs = new ArrayList<>(r.configs());
        cs.sort(Comparator.comparingInt((Config c) -> Methods.rank(c.regularizer())).thenComparingDouble(c -> ReproductionProfile.strength(c.objective())));
        List<List<Object>> rows = new ArrayList<>();
        double[] cost = new double[cs.size()];
        double[][] acc = new double[THREATS.length][cs.size()];
        for (int i = 0; i < cs.size(); i++) {
            Config c = cs.get(i);
            List<Object> row = keyCells(c);
            row.add(ReproductionProfile.strengthName(c.regularizer()));
            row.add(ReproductionProfile.strength(c.objective()));
            cost[i] = c.mean("cost.total_passes_per_example"); // the same for every seed: a count, not a measurement
            double perStep = c.mean("cost.passes_per_example");
            row.add(Double.isFinite(perStep) ? perStep : "");
            row.add(Double.isFinite(cost[i]) ? cost[i] : "");
            add(row, c.stat("time.train_seconds"));
            add(row, c.stat("time.seconds_per_epoch"));
            for (String col : List.of("test_accuracy", "robust_l2.test_accuracy", "robust_linf.test_accuracy", "certify.l2.best", "certify.linf.best")) {
                add(row, scaled(c.stat(col), 100));
            }
            acc[0][i] = 100 * c.mean("test_accuracy");
            acc[1][i] = 100 * c.mean("robust_l2.test_accuracy");
            acc[2][i] = 100 * c.mean("robust_linf.test_accuracy");
            rows.add(row);
        }
        CsvTable t = new CsvTable(h.toArray(String[]::new));
        boolean[][] on = new boolean[THREATS.length][];
        for (int k = 0; k < THREATS.length; k++) on[k] = ParetoFrontier.members(cost, acc[k]);
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < THREATS.length; k++) rows.get(i).add(on[k][i]);
            t.add(rows.get(i).toArray());
        }
        return t;
    }

    private static XYChart panel(String title, boolean log) {
        XYChart c = Charts.lineChart(title, "training cost: forward+backward passes per example" + (log ? " (log scale)" : ""), "test accuracy (%)",
                900, 520);
        c.getStyler().setXAxisLogarithmic(log);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        c.getStyler().setMarkerSize(9);
        return c;
    }

    /** The methods present, in legend order. */
    private static List<String> methods(CsvTable t) {
        int col = t.header().indexOf("regularizer");
        return t.rows().stream().map(row -> (String) row.get(col)).distinct().sorted(Comparator.comparingInt(Methods::rank)).toList();
    }

    /** One method's configurations (in strength order) as markers with seed error bars, where cost and accuracy are defined. */
    private static void method(XYChart c, String name, String regularizer, CsvTable t, String column, Marker marker) {
        Predicate<List<Object>> f = Figure.where(t, "regularizer", regularizer).and(defined(t, "total_passes_per_example"));
        if (Figure.column(t, column, f.and(defined(t, column))).length == 0) return;
        XYSeries s = series(c, name, t, "total_passes_per_example", column, f);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(Methods.color(regularizer));
        s.setLineColor(Methods.color(regularizer));
    }

    /** The frontier's step line through the seed means of {@code column}. */
    private static void frontier(XYChart c, CsvTable t, String column, String name) {
        Predicate<List<Object>> f = defined(t, column).and(defined(t, "total_passes_per_example"));
        double[][] st = ParetoFrontier.staircase(Figure.column(t, "total_passes_per_example", f), Figure.column(t, column, f));
        if (st[0].length == 0) return;
        XYSeries s = c.addSeries(name, st[0], st[1]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Color.BLACK);
        s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }

    private static String description(ReproductionRun r, boolean log) {
        return "Test accuracy against training cost for every trained configuration: plain, ℓ2- and ℓ1-Jacobian regularization, PGD-ℓ∞ "
                + "adversarial training, and (where the profile trains them) TRADES, input-gradient and spectral-norm regularization, "
                + "one colour per method across its strength parameter (`strength_name`/`strength` in the CSV: λ, TRADES β, or PGD steps). "
                + "Cost (x" + (log ? ", log scale" : "") + ") is machine-independent: forward+backward passes per training example over "
                + "all epochs (`total_passes_per_example` = epochs × `passes_per_step`; the per-objective counts are in docs/theory.md "
                + "§2.6); the measured wall time is in the CSV (`train_seconds`, `seconds_per_epoch`; measured while the sweep's workers "
                + "shared the cores, cached points keep their original time). Panels: clean accuracy; robust accuracy under the ℓ2 and ℓ∞ "
                + "threat models (the " + r.profile().suiteSettings() + "; an attack can only overestimate robustness); certified "
                + "accuracy (the best of IBP, CROWN and, for ℓ2, the Lipschitz margin on the first " + r.profile().certifySize()
                + " test evaluation samples; the panel is left out when no configuration has a certificate). The dashed step line in "
                + "the first three panels is the Pareto frontier of that threat model on the seed means: the best accuracy any "
                + "configuration reaches at most at that cost. A configuration on it (`pareto_clean`, `pareto_l2`, `pareto_linf` in the "
                + "CSV) is beaten by no other that is at most as costly; a point below the line is dominated — some configuration at equal "
                + "or lower cost is more accurate. The frontier uses means only: where its members' intervals overlap, the ranking "
                + "is not resolved by these seeds." + intervals(r);
    }
}
