package radlab.plot;

import static radlab.plot.SeedIntervals.KEYS;
import static radlab.plot.SeedIntervals.add;
import static radlab.plot.SeedIntervals.baseline;
import static radlab.plot.SeedIntervals.intervals;
import static radlab.plot.SeedIntervals.keyCells;
import static radlab.plot.SeedIntervals.series;
import static radlab.plot.SeedIntervals.sorted;
import static radlab.plot.SeedIntervals.withIntervals;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.experiment.ReproductionRun;
import radlab.experiment.ReproductionRun.Config;
import radlab.report.CsvTable;

/** Figure {@code jacobian-vs-lambda}: the input-Jacobian norms on test data against λ, per regularizer, with the unregularized network as baselines. */
public final class JacobianVsLambdaFigure {
    public static final String NAME = "jacobian-vs-lambda";

    private JacobianVsLambdaFigure() {}

    public static Figure build(ReproductionRun r) {
        CsvTable t = new CsvTable(withIntervals(KEYS, "jacobian_frobenius_mean", "jacobian_l11_mean", "jacobian_operator_max").toArray(String[]::new));
        for (Config c : sorted(r)) {
            if (!List.of("none", "l2", "l1").contains(c.regularizer())) continue; // λ = 0 and the Jacobian λ sweeps
            List<Object> row = keyCells(c);
            add(row, c.stat("jacobian.frobenius_mean"));
            add(row, c.stat("jacobian.l11_mean"));
            add(row, c.stat("jacobian.operator_max"));
            t.add(row.toArray());
        }
        XYChart c = logLog("Input-Jacobian norms on test data vs regularization strength", "λ (log scale)", "mean norm over test samples (log scale)");
        c.getStyler().setXAxisLogarithmicDecadeOnly(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        String[][] series = {{"l2", "jacobian_frobenius_mean", "ℓ2-regularized: ‖J‖_F"}, {"l1", "jacobian_frobenius_mean", "ℓ1-regularized: ‖J‖_F"},
                {"l2", "jacobian_l11_mean", "ℓ2-regularized: ‖J‖_{1,1}"}, {"l1", "jacobian_l11_mean", "ℓ1-regularized: ‖J‖_{1,1}"}};
        for (String[] s : series) {
            series(c, s[2], t, "lambda", s[1], Figure.where(t, "regularizer", s[0])).setMarker(s[0].equals("l2") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
        }
        double[] lambdas = Figure.column(t, "lambda", row -> "l2".equals(row.get(1)) || "l1".equals(row.get(1))); // the Jacobian λ axis
        baseline(c, "λ = 0: ‖J‖_F", lambdas, Figure.column(t, "jacobian_frobenius_mean", Figure.where(t, "regularizer", "none")));
        baseline(c, "λ = 0: ‖J‖_{1,1}", lambdas, Figure.column(t, "jacobian_l11_mean", Figure.where(t, "regularizer", "none")));
        return new Figure(NAME, "Jacobian norm vs λ", t, c,
                "Mean input–output Jacobian norms ‖∇ₓf‖_F and ‖∇ₓf‖_{1,1} of the logits on the test sample, for networks trained with the "
                        + "ℓ2 regularizer λ‖J‖_F² and the ℓ1 regularizer λ‖J‖_{1,1}, against λ. Dashed lines: the unregularized network (λ = 0, "
                        + "mean over seeds; its ± is in the CSV). The paper's claim: the Jacobian norm falls as λ grows." + intervals(r));
    }

    static XYChart logLog(String title, String x, String y) {
        XYChart c = Charts.lineChart(title, x, y);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setXAxisLogarithmicDecadeOnly(false);
        c.getStyler().setYAxisLogarithmicDecadeOnly(true);
        return c;
    }
}
