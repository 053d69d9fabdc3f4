package radlab.plot;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import radlab.experiment.RademacherVsBounds;
import radlab.experiment.RademacherVsBounds.Entry;
import radlab.experiment.ReproductionRun;
import radlab.rademacher.LossClassStudy;
import radlab.rademacher.LossTerm.Kind;
import radlab.report.CsvTable;

/**
 * Figure {@code rademacher-vs-bounds}: per model across the λ sweep, the measured gaps, the measured (lower-estimate)
 * 2·R̂ + confidence of the loss classes around each model, and the registry formulas for the same classes
 * (docs/theory.md §4.5, §6.7); the ratios formula / R̂ and (2R̂ + confidence) / gap are in the table.
 */
public final class RademacherVsBoundsPlot {
    private static final double LOG_FLOOR = 1e-4;
    /** x position of λ = 0 on the log axis, as a fraction of the smallest positive λ. */
    private static final double ZERO_LAMBDA_FRACTION = 0.1;

    private RademacherVsBoundsPlot() {}

    /** The figure for a finished reproduction's kept models (first seed of each configuration) and split. */
    public static Figure reproduce(ReproductionRun run) {
        Figure f = build(RademacherVsBounds.run(RademacherVsBounds.fromSweep(run), run.data().train(), run.data().test(),
                RademacherVsBounds.settings(run.profile(), radlab.experiment.sweep.engine.LocalEngine.defaultWorkers()), run.log(),
                run.sweepDir(run.sweepDir().getFileName() + "-" + RademacherVsBounds.NAME)));
        return new Figure(f.name(), f.title(), f.table(), f.chart(), f.description() + " The models are the sweep's kept models of seed "
                + run.profile().seeds()[0] + " of each configuration (one model per λ: a loss-class study per seed would multiply the "
                + "figure's cost; its Monte Carlo intervals are over random-sign draws, not seeds).");
    }

    public static Figure build(List<Entry> entries) {
        if (entries.isEmpty()) throw new IllegalArgumentException("rademacher-vs-bounds needs at least one model");
        List<Entry> es = new ArrayList<>(entries);
        es.sort(Comparator.comparingDouble(Entry::lambda));
        double minPositive = es.stream().mapToDouble(Entry::lambda).filter(l -> l > 0).min().orElse(1);
        List<String> header = new ArrayList<>(List.of("model", "lambda", "lambda_plotted", "standard_gap", "robust_gap", "confidence_standard",
                "confidence_robust", "decomposition_respected"));
        for (Kind k : Kind.values()) {
            String p = k.label().replace('-', '_');
            header.addAll(List.of(p + "_rhat", p + "_ci_low", p + "_ci_high", p + "_restart_spread", p + "_formula", p + "_formula_over_rhat"));
        }
        header.addAll(List.of("standard_bound_over_gap", "robust_bound_over_gap", "two_rhat_conf_standard", "two_rhat_conf_robust",
                "standard_gap_plotted", "robust_gap_plotted"));
        CsvTable t = new CsvTable(header.toArray(String[]::new));
        for (Entry e : es) {
            LossClassStudy.Result r = e.study();
            List<Object> row = new ArrayList<>(List.of(e.key(), e.lambda(), e.lambda() > 0 ? e.lambda() : ZERO_LAMBDA_FRACTION * minPositive,
                    r.standardGap(), r.robustGap(), r.confidenceStandard(), r.confidenceRobust(), cell(r.decompositionRespected())));
            for (Kind k : Kind.values()) {
                LossClassStudy.ClassResult c = r.get(k);
                if (c == null) row.addAll(List.of("", "", "", "", "", ""));
                else row.addAll(List.of(c.estimate().mean(), c.estimate().ciLow(), c.estimate().ciHigh(), c.restartSpread(), cell(c.formula()),
                        cell(c.formulaRatio())));
            }
            LossClassStudy.ClassResult ce = r.get(Kind.CE), rob = r.get(Kind.ROBUST);
            row.addAll(List.of(cell(r.standardGapRatio()), cell(r.robustGapRatio()),
                    ce == null ? "" : Math.max(2 * ce.estimate().mean() + r.confidenceStandard(), LOG_FLOOR),
                    rob == null ? "" : Math.max(2 * rob.estimate().mean() + r.confidenceRobust(), LOG_FLOOR),
                    Math.max(r.standardGap(), LOG_FLOOR), Math.max(r.robustGap(), LOG_FLOOR)));
            t.add(row.toArray());
        }
        XYChart c = Charts.lineChart("Measured Rademacher complexity vs bound terms", "λ (log scale; λ = 0 plotted at "
                + ZERO_LAMBDA_FRACTION + "·smallest λ)", "value (log scale)", 1100, 850);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        Predicate<List<Object>> all = row -> true;
        double[] x = Figure.column(t, "lambda_plotted", all);
        c.addSeries("measured standard gap (cross-entropy)", x, Figure.column(t, "standard_gap_plotted", all)).setLineStyle(new BasicStroke(3f));
        c.addSeries("measured robust gap (PGD cross-entropy)", x, Figure.column(t, "robust_gap_plotted", all)).setLineStyle(new BasicStroke(3f));
        if (has(t, "two_rhat_conf_standard")) c.addSeries("2·R̂(ℓ∘F) + confidence (R̂ measured, lower estimate)", x, Figure.column(t, "two_rhat_conf_standard", all));
        if (has(t, "two_rhat_conf_robust")) c.addSeries("2·R̂(ℓ_rob∘F) + confidence (R̂ measured, " + radlab.rademacher.LossTerm.ESTIMATE_UNKNOWN_BIAS + ")", x, Figure.column(t, "two_rhat_conf_robust", all));
        for (Kind k : Kind.values()) {
            String p = k.label().replace('-', '_');
            if (!has(t, p + "_formula")) continue;
            c.addSeries("formula: R̂(" + k.label() + " class) ≤ …", x, Figure.column(t, p + "_formula", all));
        }
        for (Kind k : List.of(Kind.CE, Kind.JACOBIAN)) { // measured R̂ next to its formula (skipped if a lower estimate is ≤ 0: log axis)
            String p = k.label().replace('-', '_');
            if (!has(t, p + "_rhat") || java.util.Arrays.stream(Figure.column(t, p + "_rhat", all)).anyMatch(v -> v <= 0)) continue;
            c.addSeries("measured R̂(" + k.label() + " class), lower estimate", x, Figure.column(t, p + "_rhat", all))
                    .setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        }
        return new Figure(RademacherVsBounds.NAME, "Measured Rademacher complexity vs bound terms", t, c,
                "For each model of the λ sweep, the loss classes around it (docs/theory.md §4.5: same architecture and biases, every layer's "
                        + "spectral norm ≤ the model's, mean ‖J‖_F on the sample ≤ the model's): the measured R̂_S of each class by random-sign "
                        + "fitting (`CLASS_rhat`, a **lower** estimate of the supremum, with its 95 % Monte Carlo interval and restart spread), "
                        + "the bound registry's formula for R̂_S of the same class at the model's norms (`CLASS_formula`: the paper "
                        + "reconstruction's standard and Jacobian complexity terms halved, §6.7, and the Graf et al. term for the ramp class, "
                        + "§6.3), and the measured standard and robust gaps (test − train cross-entropy; plotted values floored at 1e-4). "
                        + "`CLASS_formula_over_rhat` says how loose the norm formula is against the class's measured complexity; "
                        + "`standard_bound_over_gap` = (2R̂(ℓ∘F) + confidence)/gap says how loose the Rademacher approach itself is. "
                        + "`decomposition_respected` is the fraction of draws with sup(surrogate) ≤ sup(ℓ) + √2ε·sup(‖J‖).");
    }

    private static Object cell(double v) {
        return Double.isFinite(v) ? v : "";
    }

    private static boolean has(CsvTable t, String column) {
        int c = t.header().indexOf(column);
        return t.rows().stream().allMatch(r -> r.get(c) instanceof Number);
    }
}
