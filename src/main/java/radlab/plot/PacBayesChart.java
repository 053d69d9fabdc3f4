package radlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.bounds.BoundRegistry;
import radlab.bounds.BoundResult;
import radlab.bounds.Quantity;
import radlab.data.DataSplit;
import radlab.experiment.PacBayesFigure;
import radlab.experiment.ReproductionRun;
import radlab.experiment.sweep.engine.LocalEngine;
import radlab.pacbayes.BoundEvaluation;
import radlab.pacbayes.PacBayesResult;
import radlab.report.CsvTable;
import radlab.report.Provenance;
import radlab.spec.ExperimentSpec;

/**
 * Figure {@code pac-bayes}: per model, the grid and optimized PAC-Bayes bounds (docs/theory.md §9), the Monte Carlo
 * test error of the stochastic networks they bound, the deterministic test error, and the norm-based bounds on the test
 * error (docs/theory.md §6.4) for contrast, on a log axis. Rendering and formatting only.
 */
public final class PacBayesChart {
    private PacBayesChart() {}

    /**
     * PAC-Bayes bounds (docs/theory.md §9) for the first seed of every configuration, with the profile's budget: quick
     * and smoke take seconds per model, paper minutes ({@link PacBayesFigure.Budget}).
     */
    public static Figure reproduce(ReproductionRun r) {
        List<PacBayesFigure.NamedModel> models = new java.util.ArrayList<>();
        for (ReproductionRun.Config c : r.configs()) {
            ExperimentSpec first = c.specs().get(0);
            models.add(PacBayesFigure.NamedModel.of(c.key(), radlab.nn.ModelIO.load(r.modelDir(first)), r.pointHash(first)));
        }
        PacBayesFigure.Result result = PacBayesFigure.compute(models, r.data(), PacBayesFigure.Budget.forProfile(r.profile().budget()),
                LocalEngine.defaultWorkers(), r.log(), r.sweepDir(r.sweepDir().getFileName() + "-" + PacBayesFigure.NAME));
        return build(result, r.data());
    }

    public static Figure build(PacBayesFigure.Result r, DataSplit data) {
        List<String> header = new ArrayList<>(List.of("model", "x", "description", "parameters", "n", "train_error", "test_error"));
        for (String p : List.of("grid", "optimized")) {
            header.addAll(List.of(p + "_prior_sigma", p + "_posterior_rms_std", p + "_kl", p + "_train_error_mc", p + "_train_error_mc_upper",
                    p + "_mcallester", p + "_bound", p + "_stochastic_test_error"));
        }
        header.add("optimized_is_dziugaite_roy");
        header.addAll(List.of("robust_attack", "robust_train_error_mc", "robust_train_error_mc_upper", "robust_bound", "robust_stochastic_test_error"));
        for (var b : BoundRegistry.ALL) header.add("norm_bound_" + b.id().replace('-', '_'));
        header.add("seconds");
        CsvTable t = new CsvTable(header.toArray(String[]::new));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < r.entries().size(); i++) {
            PacBayesFigure.Entry e = r.entries().get(i);
            PacBayesResult pb = e.pacBayes();
            names.add(e.name());
            List<Object> row = new ArrayList<>(List.of(e.name(), (double) (i + 1), pb.model(), pb.parameters(), pb.trainSize(), pb.trainError(),
                    pb.testError()));
            for (BoundEvaluation b : List.of(pb.grid(), pb.optimized())) {
                row.addAll(List.of(b.priorSigma(), b.posteriorRmsStd(), b.kl(), b.empiricalError(), b.empiricalErrorUpper(), b.mcAllester(),
                        b.bound(), b.stochasticTestError()));
            }
            row.add(pb.optimized() == pb.optimizedCandidate() ? 1 : 0);
            var rb = e.robust();
            if (rb == null) row.addAll(List.of("", Double.NaN, Double.NaN, Double.NaN, Double.NaN));
            else row.addAll(List.of(rb.attack(), rb.robustEmpiricalError(), rb.robustEmpiricalErrorUpper(), rb.bound(), rb.robustStochasticTestError()));
            for (var b : BoundRegistry.ALL) {
                double v = e.normBounds().stream().filter(n -> n.id().equals(b.id())).mapToDouble(BoundResult::value).findFirst().orElse(Double.NaN);
                row.add(v);
            }
            row.add(e.seconds());
            t.add(row.toArray());
        }
        XYChart c = Charts.lineChart("PAC-Bayes bounds vs the errors they bound", "model", "0–1 test error or its bound (log scale)",
                Math.max(900, 110 * names.size() + 300), 800);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(11);
        c.getStyler().setXAxisMin(0.0); // integer ends: XChart labels no tick when the two end labels are equal
        c.getStyler().setXAxisMax(names.size() + 1.0);
        c.getStyler().setXAxisMaxLabelCount(names.size() + 2);
        c.getStyler().setxAxisTickLabelsFormattingFunction(Charts.namedTicks(names));
        series(c, t, "norm bound on the test error (" + bftId() + ", §6.4)", "norm_bound_" + bftId().replace('-', '_'), SeriesMarkers.TRIANGLE_UP);
        series(c, t, "grid-σ PAC-Bayes bound (kl⁻¹)", "grid_bound", SeriesMarkers.SQUARE);
        series(c, t, "optimized PAC-Bayes bound (Dziugaite–Roy)", "optimized_bound", SeriesMarkers.DIAMOND);
        series(c, t, "stochastic test error, optimized posterior (Monte Carlo)", "optimized_stochastic_test_error", SeriesMarkers.CIRCLE);
        series(c, t, "stochastic test error, grid posterior (Monte Carlo)", "grid_stochastic_test_error", SeriesMarkers.CROSS);
        series(c, t, "deterministic test error", "test_error", SeriesMarkers.TRIANGLE_DOWN);
        series(c, t, "grid-σ bound on the error under PGD of each draw (§9.6; not a certified robust error)", "robust_bound", SeriesMarkers.RECTANGLE);
        series(c, t, "stochastic test error under that PGD, grid posterior (Monte Carlo)", "robust_stochastic_test_error", SeriesMarkers.OVAL);
        XYSeries one = c.addSeries("1 (a bound above is vacuous)", new double[] {0.0, names.size() + 1.0}, new double[] {1, 1});
        one.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        one.setMarker(SeriesMarkers.NONE);
        one.setLineColor(Color.DARK_GRAY);
        one.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        PacBayesFigure.Budget b = r.budget();
        String description = "For each network (trained on the same " + r.trainSize() + " examples, tested on " + r.testSize() + "): the PAC-Bayes "
                + "bound on the 0–1 test error of a stochastic network Q (prior N(w₀, σ²I) at the initial weights; docs/theory.md §9) with an "
                + "isotropic posterior N(w, σ²I), σ on a grid (`grid_bound`, kl⁻¹ form), and with the Dziugaite–Roy optimized diagonal posterior "
                + "(`optimized_bound`; the grid posterior's when that is tighter, `optimized_is_dziugaite_roy` = 0). Each bound holds with "
                + "probability ≥ 0.965 (δ = 0.025, δ′ = 0.01) and bounds the *stochastic* network's error, estimated here by Monte Carlo on the "
                + "test set (`*_stochastic_test_error`, " + b.draws() + " draws): every bound must lie above its stochastic test error. The "
                + "deterministic network's test error and the registered norm-based bounds of the same network (`norm_bound_*`; only "
                + bftId() + " bounds the test error, the others bound a Rademacher complexity or a robust loss gap and are listed for contrast) "
                + "are shown next to them. Budget '" + b.profile() + "': prior grid " + b.grid() + ", " + b.draws() + " final draws, "
                + b.selectionDraws() + " selection draw(s) per σ, " + b.steps() + " optimisation steps (batch " + b.batchSize() + ", linear "
                + "surrogate), seed " + b.seed() + "; `seconds` per model."
                + (b.robustDraws() == 0 ? "" : " **Robust variant** (`robust_*`, docs/theory.md §9.6): the same grid-posterior bound on the 0–1 loss "
                        + "after PGD-" + b.robustSteps() + " (ℓ∞, ε = 0.1) attacks each posterior draw, " + b.robustDraws() + " draws on every training "
                        + "example. It bounds the stochastic network's test error *against that attack* (`robust_stochastic_test_error`); it is "
                        + "NOT a certified robust error: a stronger attack may find more errors.")
                + "\n\n" + table(r) + "\n## Provenance\n\nData SHA-256: train "
                + Provenance.sha256(data.train()) + ", test " + Provenance.sha256(data.test()) + ". Seed of every posterior draw and minibatch: "
                + b.seed() + ". Models: " + String.join("; ", r.entries().stream().map(e -> e.name() + " = " + e.pacBayes().model()).toList())
                + ".\n\n" + SweepProvenance.versions();
        return new Figure(PacBayesFigure.NAME, "PAC-Bayes bounds against the errors they bound", t, c, description);
    }

    private static String bftId() {
        return BoundRegistry.ALL.stream().filter(x -> x.quantity() == Quantity.TEST_ERROR).findFirst().orElseThrow().id();
    }

    static String table(PacBayesFigure.Result r) {
        StringBuilder sb = new StringBuilder("| model | test error | grid bound | optimized bound | stochastic test error (optimized Q) | KL (optimized) | "
                + "bound under PGD (not certified) | stochastic test error under PGD (grid Q) | " + bftId() + " | seconds |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (PacBayesFigure.Entry e : r.entries()) {
            PacBayesResult pb = e.pacBayes();
            double bft = e.normBounds().stream().filter(n -> n.id().equals(bftId())).mapToDouble(BoundResult::value).findFirst().orElse(Double.NaN);
            double rb = e.robust() == null ? Double.NaN : e.robust().bound(), rt = e.robust() == null ? Double.NaN : e.robust().robustStochasticTestError();
            sb.append(String.format("| %s | %.4f | %.4f | **%.4f** | %.4f | %.4g | %.4f | %.4f | %.4g | %.1f |%n", e.name(), pb.testError(), pb.grid().bound(),
                    pb.optimized().bound(), pb.optimized().stochasticTestError(), pb.optimized().kl(), rb, rt, bft, e.seconds()));
        }
        return sb.toString();
    }

    private static void series(XYChart c, CsvTable t, String name, String column, org.knowm.xchart.style.markers.Marker marker) {
        int k = t.header().indexOf(column);
        Predicate<List<Object>> positive = row -> ((Number) row.get(k)).doubleValue() > 0 && Double.isFinite(((Number) row.get(k)).doubleValue());
        double[] x = Figure.column(t, "x", positive), y = Figure.column(t, column, positive);
        if (x.length == 0) return;
        c.addSeries(name, x, y).setMarker(marker);
    }
}
