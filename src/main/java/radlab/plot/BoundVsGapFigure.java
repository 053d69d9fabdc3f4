package radlab.plot;

import static radlab.plot.SeedIntervals.KEYS;
import static radlab.plot.SeedIntervals.add;
import static radlab.plot.SeedIntervals.intervals;
import static radlab.plot.SeedIntervals.keyCells;
import static radlab.plot.SeedIntervals.series;
import static radlab.plot.SeedIntervals.withIntervals;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import radlab.bounds.Bound;
import radlab.bounds.BoundRegistry;
import radlab.bounds.PaperReconstruction;
import radlab.experiment.ReproductionRun;
import radlab.experiment.ReproductionRun.Config;
import radlab.experiment.sweep.MeanInterval;
import radlab.report.CsvTable;

/** Figure {@code bound-vs-gap}: every registered bound (and the terms of the ℓ2 reconstruction) against the measured gaps, per configuration. */
public final class BoundVsGapFigure {
    public static final String NAME = "bound-vs-gap";

    private BoundVsGapFigure() {}

    private static final double LOG_FLOOR = 1e-4;

    /** The bound whose terms the bound-vs-gap figure also plots one by one. */
    static final String BREAKDOWN = PaperReconstruction.L2.id();

    static String prefix(Bound b) {
        return "bound." + b.id().replace('-', '_') + ".";
    }

    /** The term ids a bound has in the rows (columns bound.ID.TERM other than total and the assumption columns). */
    static List<String> terms(ReproductionRun r, Bound b) {
        Set<String> ids = new LinkedHashSet<>();
        String p = prefix(b);
        for (String col : r.table().columns()) {
            if (!col.startsWith(p)) continue;
            String id = col.substring(p.length());
            if (!id.equals("total") && !id.startsWith("assumptions_")) ids.add(id);
        }
        return List.copyOf(ids);
    }

    public static Figure build(ReproductionRun r) {
        List<Config> cs = new ArrayList<>(r.configs());
        cs.sort(Comparator.comparingDouble(c -> c.mean("jacobian.frobenius_mean")));
        List<String> header = withIntervals(KEYS, "jacobian_frobenius_mean", "standard_gap_loss", "robust_gap_l2_loss", "robust_gap_linf_loss",
                "test_error");
        header.addAll(List.of("standard_gap_loss_plotted", "robust_gap_l2_loss_plotted"));
        header.addAll(withIntervals(List.of(), "robust_test_l2_loss", "robust_test_linf_loss")); // what the reconstruction bounds (§6.7)
        for (Bound b : BoundRegistry.ALL) {
            header.addAll(withIntervals(List.of(), "bound_" + b.id()));
            header.add("bound_" + b.id() + "_assumptions_met");
            for (String id : terms(r, b)) header.addAll(withIntervals(List.of(), "bound_" + b.id() + "_" + id));
        }
        header.addAll(withIntervals(List.of(), "bound_to_robust_loss_ratio_l2"));
        CsvTable t = new CsvTable(header.toArray(String[]::new));
        for (Config c : cs) {
            List<Object> row = keyCells(c);
            add(row, c.stat("jacobian.frobenius_mean"));
            add(row, c.stat("gap.standard_loss"));
            add(row, c.stat("gap.robust_l2_loss"));
            add(row, c.stat("gap.robust_linf_loss"));
            add(row, MeanInterval.of(java.util.Arrays.stream(c.values("test_accuracy")).map(a -> 1 - a).toArray()));
            row.add(Math.max(c.mean("gap.standard_loss"), LOG_FLOOR));
            row.add(Math.max(c.mean("gap.robust_l2_loss"), LOG_FLOOR));
            add(row, c.stat("robust_l2.test_loss"));
            add(row, c.stat("robust_linf.test_loss"));
            for (Bound b : BoundRegistry.ALL) {
                add(row, c.stat(prefix(b) + "total"));
                row.add(java.util.Arrays.stream(c.values(prefix(b) + "assumptions_met")).allMatch(v -> v == 1));
                for (String id : terms(r, b)) add(row, c.stat(prefix(b) + id)); // undefined term (e.g. ReLU remainder): empty cells
            }
            double[] total = c.values(prefix(BoundRegistry.ALL.stream().filter(b -> b.id().equals(BREAKDOWN)).findFirst().orElseThrow()) + "total");
            double[] robust = c.values("robust_l2.test_loss");
            double[] ratio = new double[Math.min(total.length, robust.length)];
            for (int i = 0; i < ratio.length; i++) ratio[i] = total[i] / robust[i];
            add(row, MeanInterval.of(ratio));
            t.add(row.toArray());
        }
        XYChart c = Charts.lineChart("Bound terms vs measured generalization gaps", "mean test ‖∇ₓf‖_F (log scale)", "value (log scale)", 1100, 850);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmicDecadeOnly(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        Predicate<List<Object>> all = row -> true;
        double[] x = Figure.column(t, "jacobian_frobenius_mean", all);
        c.addSeries("measured robust gap, APGD-ℓ2 loss", x, Figure.column(t, "robust_gap_l2_loss_plotted", all)).setLineStyle(new BasicStroke(3f));
        c.addSeries("measured standard gap, loss", x, Figure.column(t, "standard_gap_loss_plotted", all)).setLineStyle(new BasicStroke(3f));
        series(c, "measured test robust loss, APGD-ℓ2", t, "jacobian_frobenius_mean", "robust_test_l2_loss", all).setLineStyle(new BasicStroke(3f));
        series(c, "measured test error", t, "jacobian_frobenius_mean", "test_error", all).setLineStyle(new BasicStroke(3f));
        for (Bound b : BoundRegistry.ALL) {
            series(c, seriesLabel(r, b), t, "jacobian_frobenius_mean", "bound_" + b.id(), all);
            if (!b.id().equals(BREAKDOWN)) continue;
            for (String id : List.of("standard_complexity", "jacobian_complexity", "confidence")) {
                if (!t.header().contains("bound_" + b.id() + "_" + id)) continue;
                series(c, "  " + b.id() + ": " + id.replace('_', ' ') + " term", t, "jacobian_frobenius_mean", "bound_" + b.id() + "_" + id, all);
            }
        }
        return new Figure(NAME, "Bound terms vs measured gaps", t, c,
                "For every trained configuration (plain, ℓ2/ℓ1-Jacobian-regularized at each λ, adversarially trained), sorted by its mean "
                        + "test ‖∇ₓf‖_F: the measured standard and robust (APGD-ℓ2: the " + r.profile().suiteSettings() + " and as many "
                        + "training samples) generalization gaps in cross-entropy (test − train; plotted "
                        + "values floored at 1e-4 for the log axis, raw means and ± in the CSV; a gap's interval may include values ≤ 0, so "
                        + "its error bar is not drawn), the measured test robust loss (APGD-ℓ2 cross-entropy on the test subsample, the "
                        + "quantity the reconstructed bound bounds), the measured test error, and the value of every "
                        + "bound in radlab's registry (`radlab.bounds.BoundRegistry`; formulas in docs/theory.md §6): the BFT margin bound "
                        + "on the test error, the spectral Rademacher terms of BFT Lemma A.8 and Graf et al. Theorem 3.5, the NTS and GRS "
                        + "Rademacher terms, and radlab's **reconstruction** of the paper's robust bound for ℓ2 and ℓ∞, a bound on the test "
                        + "robust loss (train surrogate loss plus complexity, confidence and remainder terms; the paper's constants are "
                        + "unknown, so constants are 1 and log factors dropped), with the terms of the ℓ2 reconstruction. A bound whose "
                        + "theorem's preconditions fail for these networks "
                        + "is labelled \"assumptions not met: …\" (e.g. biases, a margin chosen on the data, a ReLU whose σ′ is not "
                        + "Lipschitz) and is then not a guaranteed bound; `bound_ID_assumptions_met` in the CSV says whether they hold for every "
                        + "seed. `bound_to_robust_loss_ratio_l2` (mean over seeds of the per-seed ratio of the reconstructed ℓ2 bound to the "
                        + "measured test robust loss) says how loose that bound is. "
                        + "Each bound's terms are in `bound_ID_TERM` (empty where a term is undefined, e.g. the remainder for ReLU)." + intervals(r));
    }

    /** The bound's name, plus every assumption that fails for at least one point of the sweep. */
    static String seriesLabel(ReproductionRun r, Bound b) {
        Set<String> unmet = new java.util.TreeSet<>();
        for (var row : r.rows()) {
            Object v = row.get(prefix(b) + "assumptions_not_met");
            if (v instanceof String s && !s.isBlank()) for (String a : s.split(", ")) unmet.add(a);
        }
        return b.name() + (unmet.isEmpty() ? "" : " (assumptions not met: " + String.join(", ", unmet) + ")");
    }
}
