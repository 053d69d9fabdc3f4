package radlab.plot;

import static radlab.plot.SeedIntervals.KEYS;
import static radlab.plot.SeedIntervals.add;
import static radlab.plot.SeedIntervals.intervals;
import static radlab.plot.SeedIntervals.keyCells;
import static radlab.plot.SeedIntervals.scaled;
import static radlab.plot.SeedIntervals.series;
import static radlab.plot.SeedIntervals.sorted;
import static radlab.plot.SeedIntervals.withIntervals;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import radlab.experiment.ReproductionRun;
import radlab.experiment.ReproductionRun.Config;
import radlab.report.CsvTable;

/** Figure {@code cost}: training time per epoch against robust test accuracy, per training method. */
public final class CostFigure {
    public static final String NAME = "cost";

    private CostFigure() {}

    public static Figure build(ReproductionRun r) {
        double plain = r.configs().stream().filter(c -> c.regularizer().equals("none")).mapToDouble(c -> c.mean("time.seconds_per_epoch"))
                .findFirst().orElse(Double.NaN);
        CsvTable t = new CsvTable(withIntervals(KEYS, "seconds_per_epoch", "apgd_l2_test_accuracy_pct", "apgd_linf_test_accuracy_pct")
                .toArray(String[]::new));
        List<String> h = new ArrayList<>(t.header());
        h.add("cost_ratio_vs_plain");
        t = new CsvTable(h.toArray(String[]::new));
        for (Config c : sorted(r)) {
            List<Object> row = keyCells(c);
            add(row, c.stat("time.seconds_per_epoch"));
            add(row, scaled(c.stat("robust_l2.test_accuracy"), 100));
            add(row, scaled(c.stat("robust_linf.test_accuracy"), 100));
            row.add(c.mean("time.seconds_per_epoch") / plain);
            t.add(row.toArray());
        }
        XYChart c = Charts.lineChart("Training cost vs robustness", "training time per epoch (s)", "robust test accuracy (%)");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        c.getStyler().setMarkerSize(10);
        String[][] series = {{"none", "apgd_l2_test_accuracy_pct", "plain: APGD-ℓ2"}, {"none", "apgd_linf_test_accuracy_pct", "plain: APGD-ℓ∞"},
                {"l2", "apgd_l2_test_accuracy_pct", "ℓ2-Jacobian reg.: APGD-ℓ2"}, {"l1", "apgd_linf_test_accuracy_pct", "ℓ1-Jacobian reg.: APGD-ℓ∞"},
                {"adv", "apgd_linf_test_accuracy_pct", "PGD-ℓ∞ adv. training: APGD-ℓ∞"}};
        for (String[] s : series) series(c, s[2], t, "seconds_per_epoch", s[1], Figure.where(t, "regularizer", s[0]));
        return new Figure(NAME, "Training cost vs robustness", t, c,
                "Wall time per training epoch (optimisation steps only, measured when the point was trained, with the sweep's workers "
                        + "sharing the cores; cached points keep their original time) against robust test accuracy, for plain, "
                        + "Jacobian-regularized (exact gradients) and PGD-ℓ∞ adversarially trained networks. `cost_ratio_vs_plain` in the CSV "
                        + "is the ratio of mean epoch times to the plain network's. Robust accuracy: the " + r.profile().suiteSettings() + "."
                        + intervals(r));
    }
}
