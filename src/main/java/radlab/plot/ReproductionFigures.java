package radlab.plot;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.bounds.Bound;
import radlab.bounds.BoundRegistry;
import radlab.bounds.BoundResult;
import radlab.bounds.PaperReconstruction;
import radlab.bounds.Term;
import radlab.experiment.ModelMeasurement;
import radlab.experiment.Reproduction;
import radlab.report.CsvTable;

/** The five figures of a reproduction, each built from its own table. */
public final class ReproductionFigures {
    public static final List<String> NAMES = List.of("jacobian-vs-lambda", "accuracy-vs-lambda", "cost", "bound-vs-gap", "surrogate");
    private static final double LOG_FLOOR = 1e-4;

    private ReproductionFigures() {}

    public static Figure build(String name, Reproduction.Result r) {
        return switch (name) {
            case "jacobian-vs-lambda" -> jacobianVsLambda(r);
            case "accuracy-vs-lambda" -> accuracyVsLambda(r);
            case "cost" -> cost(r);
            case "bound-vs-gap" -> boundVsGap(r);
            case "surrogate" -> surrogate(r);
            default -> throw new IllegalArgumentException("unknown figure '" + name + "'; expected one of " + NAMES + " or all");
        };
    }

    static List<ModelMeasurement> sorted(Reproduction.Result r) {
        List<ModelMeasurement> ms = new ArrayList<>(r.models());
        ms.sort(Comparator.comparing((ModelMeasurement m) -> m.point().regularizer()).thenComparingDouble(m -> m.point().lambda()));
        return ms;
    }

    static Figure jacobianVsLambda(Reproduction.Result r) {
        CsvTable t = new CsvTable("model", "regularizer", "lambda", "jacobian_frobenius_mean", "jacobian_l11_mean", "jacobian_operator_max");
        for (ModelMeasurement m : sorted(r)) {
            if (m.point().regularizer().equals("adv")) continue;
            t.add(m.point().key(), m.point().regularizer(), m.point().lambda(), m.testJacobian().meanFrobenius(), m.testJacobian().meanL11(),
                    m.testJacobian().maxOperator());
        }
        XYChart c = logLog("Input-Jacobian norms on test data vs regularization strength", "λ (log scale)", "mean norm over test samples (log scale)");
        c.getStyler().setXAxisLogarithmicDecadeOnly(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        String[][] series = {{"l2", "jacobian_frobenius_mean", "ℓ2-regularized: ‖J‖_F"}, {"l1", "jacobian_frobenius_mean", "ℓ1-regularized: ‖J‖_F"},
                {"l2", "jacobian_l11_mean", "ℓ2-regularized: ‖J‖_{1,1}"}, {"l1", "jacobian_l11_mean", "ℓ1-regularized: ‖J‖_{1,1}"}};
        for (String[] s : series) {
            c.addSeries(s[2], Figure.column(t, "lambda", Figure.where(t, "regularizer", s[0])), Figure.column(t, s[1], Figure.where(t, "regularizer", s[0])))
                    .setMarker(s[0].equals("l2") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
        }
        double[] lambdas = Figure.column(t, "lambda", row -> !"none".equals(row.get(1)));
        baseline(c, "λ = 0: ‖J‖_F", lambdas, Figure.column(t, "jacobian_frobenius_mean", Figure.where(t, "regularizer", "none")));
        baseline(c, "λ = 0: ‖J‖_{1,1}", lambdas, Figure.column(t, "jacobian_l11_mean", Figure.where(t, "regularizer", "none")));
        return new Figure("jacobian-vs-lambda", "Jacobian norm vs λ", t, c,
                "Mean input–output Jacobian norms ‖∇ₓf‖_F and ‖∇ₓf‖_{1,1} of the logits on the test sample, for networks trained with the "
                        + "ℓ2 regularizer λ‖J‖_F² and the ℓ1 regularizer λ‖J‖_{1,1}, against λ. Dashed lines: the unregularized network (λ = 0). "
                        + "The paper's claim: the Jacobian norm falls as λ grows.");
    }

    static Figure accuracyVsLambda(Reproduction.Result r) {
        CsvTable t = new CsvTable("model", "regularizer", "lambda", "clean_test_accuracy_pct", "apgd_l2_test_accuracy_pct", "apgd_linf_test_accuracy_pct",
                "certified_l2_test_accuracy_pct", "certified_linf_test_accuracy_pct");
        for (ModelMeasurement m : sorted(r)) {
            t.add(m.point().key(), m.point().regularizer(), m.point().lambda(), 100 * m.test().accuracy(),
                    100 * m.testL2().adversarial().accuracy(), 100 * m.testLinf().adversarial().accuracy(),
                    100 * m.bracketL2().certifiedAccuracy(), 100 * m.bracketLinf().certifiedAccuracy());
        }
        XYChart c = Charts.lineChart("Standard and robust test accuracy vs λ", "λ (log scale)", "test accuracy (%)");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setXAxisLogarithmicDecadeOnly(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        String l2 = String.format("APGD-ℓ2 ε=%s", r.profile().epsilonL2()), linf = String.format("APGD-ℓ∞ ε=%s", r.profile().epsilonLinf());
        String cl2 = String.format("certified ℓ2 ε=%s", r.profile().epsilonL2()), clinf = String.format("certified ℓ∞ ε=%s", r.profile().epsilonLinf());
        String[][] series = {{"l2", "clean_test_accuracy_pct", "ℓ2-reg: clean"}, {"l2", "apgd_l2_test_accuracy_pct", "ℓ2-reg: " + l2},
                {"l2", "apgd_linf_test_accuracy_pct", "ℓ2-reg: " + linf}, {"l1", "clean_test_accuracy_pct", "ℓ1-reg: clean"},
                {"l1", "apgd_l2_test_accuracy_pct", "ℓ1-reg: " + l2}, {"l1", "apgd_linf_test_accuracy_pct", "ℓ1-reg: " + linf},
                {"l2", "certified_l2_test_accuracy_pct", "ℓ2-reg: " + cl2}, {"l2", "certified_linf_test_accuracy_pct", "ℓ2-reg: " + clinf},
                {"l1", "certified_l2_test_accuracy_pct", "ℓ1-reg: " + cl2}, {"l1", "certified_linf_test_accuracy_pct", "ℓ1-reg: " + clinf}};
        for (String[] s : series) {
            XYSeries xy = c.addSeries(s[2], Figure.column(t, "lambda", Figure.where(t, "regularizer", s[0])), Figure.column(t, s[1], Figure.where(t, "regularizer", s[0])));
            xy.setMarker(s[0].equals("l2") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
        }
        double[] lambdas = Figure.column(t, "lambda", row -> !"none".equals(row.get(1)) && !"adv".equals(row.get(1)));
        baseline(c, "λ=0: clean", lambdas, Figure.column(t, "clean_test_accuracy_pct", Figure.where(t, "regularizer", "none")));
        baseline(c, "λ=0: " + l2, lambdas, Figure.column(t, "apgd_l2_test_accuracy_pct", Figure.where(t, "regularizer", "none")));
        baseline(c, "λ=0: " + linf, lambdas, Figure.column(t, "apgd_linf_test_accuracy_pct", Figure.where(t, "regularizer", "none")));
        baseline(c, "adv. training: " + linf, lambdas, Figure.column(t, "apgd_linf_test_accuracy_pct", Figure.where(t, "regularizer", "adv")));
        return new Figure("accuracy-vs-lambda", "Standard and robust accuracy vs λ", t, c,
                "Clean test accuracy and robust test accuracy under ℓ2 and ℓ∞ threat models for the ℓ2- and ℓ1-Jacobian-regularized networks "
                        + "against λ, as both ends of the bracket [certified, attacked]: the upper end is the APGD suite's robust accuracy (an "
                        + "attack can only overestimate robustness), the lower end the best certified accuracy of IBP, CROWN and (ℓ2) the "
                        + "Lipschitz margin, on the first test samples (the CSV has the sizes in the figure's README). The true robust accuracy "
                        + "lies between them. Dashed horizontal lines: the unregularized network (λ = 0) and the PGD-ℓ∞ adversarially trained baseline.");
    }

    static Figure cost(Reproduction.Result r) {
        double plain = r.models().stream().filter(m -> m.point().regularizer().equals("none")).mapToDouble(ModelMeasurement::secondsPerEpoch)
                .findFirst().orElse(Double.NaN);
        CsvTable t = new CsvTable("model", "regularizer", "lambda", "seconds_per_epoch", "cost_ratio_vs_plain", "apgd_l2_test_accuracy_pct",
                "apgd_linf_test_accuracy_pct");
        for (ModelMeasurement m : sorted(r)) {
            t.add(m.point().key(), m.point().regularizer(), m.point().lambda(), m.secondsPerEpoch(), m.secondsPerEpoch() / plain,
                    100 * m.testL2().adversarial().accuracy(), 100 * m.testLinf().adversarial().accuracy());
        }
        XYChart c = Charts.lineChart("Training cost vs robustness", "training time per epoch (s)", "robust test accuracy (%)");
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        c.getStyler().setMarkerSize(10);
        String[][] series = {{"none", "apgd_l2_test_accuracy_pct", "plain: APGD-ℓ2"}, {"none", "apgd_linf_test_accuracy_pct", "plain: APGD-ℓ∞"},
                {"l2", "apgd_l2_test_accuracy_pct", "ℓ2-Jacobian reg.: APGD-ℓ2"}, {"l1", "apgd_linf_test_accuracy_pct", "ℓ1-Jacobian reg.: APGD-ℓ∞"},
                {"adv", "apgd_linf_test_accuracy_pct", "PGD-ℓ∞ adv. training: APGD-ℓ∞"}};
        for (String[] s : series) {
            c.addSeries(s[2], Figure.column(t, "seconds_per_epoch", Figure.where(t, "regularizer", s[0])), Figure.column(t, s[1], Figure.where(t, "regularizer", s[0])));
        }
        return new Figure("cost", "Training cost vs robustness", t, c,
                "Wall time per training epoch (optimisation steps only, measured when the model was trained; cached models keep their "
                        + "original time) against robust test accuracy, for plain, Jacobian-regularized (exact gradients) and PGD-ℓ∞ "
                        + "adversarially trained networks. `cost_ratio_vs_plain` in the CSV is the epoch-time ratio to the plain network.");
    }

    /** The bound whose terms the bound-vs-gap figure also plots one by one. */
    static final String BREAKDOWN = PaperReconstruction.L2.id();

    static Figure boundVsGap(Reproduction.Result r) {
        List<ModelMeasurement> ms = new ArrayList<>(r.models());
        ms.sort(Comparator.comparingDouble(m -> m.testJacobian().meanFrobenius()));
        List<String> header = new ArrayList<>(List.of("model", "regularizer", "lambda", "jacobian_frobenius_mean", "standard_gap_loss",
                "robust_gap_l2_loss", "robust_gap_linf_loss", "standard_gap_loss_plotted", "robust_gap_l2_loss_plotted", "test_error"));
        Map<String, List<String>> termIds = new LinkedHashMap<>();
        for (Bound b : BoundRegistry.ALL) {
            header.addAll(List.of("bound_" + b.id(), "bound_" + b.id() + "_assumptions_met"));
            List<String> ids = ms.stream().flatMap(m -> m.bound(b.id()).terms().stream()).map(Term::id).distinct().toList();
            termIds.put(b.id(), ids);
            for (String id : ids) header.add("bound_" + b.id() + "_" + id);
        }
        header.add("bound_to_gap_ratio_l2");
        CsvTable t = new CsvTable(header.toArray(String[]::new));
        for (ModelMeasurement m : ms) {
            List<Object> row = new ArrayList<>(List.of(m.point().key(), m.point().regularizer(), m.point().lambda(), m.testJacobian().meanFrobenius(),
                    m.standardGapLoss(), m.robustGapLossL2(), m.robustGapLossLinf(), Math.max(m.standardGapLoss(), LOG_FLOOR),
                    Math.max(m.robustGapLossL2(), LOG_FLOOR), m.test().error()));
            for (Bound b : BoundRegistry.ALL) {
                BoundResult br = m.bound(b.id());
                row.addAll(List.of(br.value(), br.assumptionsMet()));
                for (String id : termIds.get(b.id())) row.add(Double.isNaN(br.term(id)) ? "" : br.term(id)); // undefined term: empty cell
            }
            row.add(m.bound(BREAKDOWN).value() / m.robustGapLossL2());
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
        c.addSeries("measured robust gap, PGD-ℓ2 loss", x, Figure.column(t, "robust_gap_l2_loss_plotted", all)).setLineStyle(new BasicStroke(3f));
        c.addSeries("measured standard gap, loss", x, Figure.column(t, "standard_gap_loss_plotted", all)).setLineStyle(new BasicStroke(3f));
        c.addSeries("measured test error", x, Figure.column(t, "test_error", all)).setLineStyle(new BasicStroke(3f));
        for (Bound b : BoundRegistry.ALL) {
            c.addSeries(seriesLabel(ms.stream().map(m -> m.bound(b.id())).toList()), x, Figure.column(t, "bound_" + b.id(), all));
            if (!b.id().equals(BREAKDOWN)) continue;
            for (String id : List.of("standard_complexity", "jacobian_complexity", "confidence")) {
                c.addSeries("  " + b.id() + ": " + id.replace('_', ' ') + " term", x, Figure.column(t, "bound_" + b.id() + "_" + id, all));
            }
        }
        return new Figure("bound-vs-gap", "Bound terms vs measured gaps", t, c,
                "For every trained network (plain, ℓ2/ℓ1-Jacobian-regularized at each λ, adversarially trained), sorted by its mean test "
                        + "‖∇ₓf‖_F: the measured standard and robust (PGD-ℓ2) generalization gaps in cross-entropy (test − train; plotted "
                        + "values floored at 1e-4 for the log axis, raw values in the CSV), the measured test error, and the value of every "
                        + "bound in radlab's registry (`radlab.bounds.BoundRegistry`; formulas in docs/theory.md §6): the BFT margin bound "
                        + "on the test error, the BFT (Graf et al. constants), NTS and GRS Rademacher terms, and radlab's **reconstruction** "
                        + "of the paper's robust bound for ℓ2 and ℓ∞ (the paper's constants are unknown, so constants are 1 and log factors "
                        + "dropped), with the terms of the ℓ2 reconstruction. A bound whose theorem's preconditions fail for these networks "
                        + "is labelled \"assumptions not met: …\" (e.g. biases, a margin chosen on the data, a ReLU whose σ′ is not "
                        + "Lipschitz) and is then not a guaranteed bound; `bound_ID_assumptions_met` in the CSV says the same per model. "
                        + "`bound_to_gap_ratio_l2` says how loose the reconstructed ℓ2 bound is. Each bound's terms are in `bound_ID_TERM` "
                        + "(empty where a term is undefined, e.g. the remainder for ReLU).");
    }

    /** The bound's name, plus every assumption that fails for at least one of the models. */
    static String seriesLabel(List<BoundResult> results) {
        List<String> unmet = results.stream().flatMap(b -> b.unmet().stream()).distinct().sorted().map(a -> a.violation()).toList();
        return results.get(0).name() + (unmet.isEmpty() ? "" : " (assumptions not met: " + String.join(", ", unmet) + ")");
    }

    static Figure surrogate(Reproduction.Result r) {
        CsvTable t = r.surrogate().toTable();
        Predicate<List<Object>> all = row -> true;
        XYChart c = Charts.scatterAgainstDiagonal("Surrogate vs PGD-ℓ2 loss per test sample (" + r.surrogateModel() + ")",
                "PGD-ℓ2 loss (nats)", "surrogate ℓ + √2·ε·‖J‖_F (nats)",
                String.format("test samples (%.1f%% on or above y = x)", 100 * r.surrogate().fractionBounded()),
                Figure.column(t, "attack_loss", all), Figure.column(t, "surrogate", all));
        return new Figure("surrogate", "Jacobian surrogate vs PGD robust loss", t, c,
                "Per test sample of the ℓ2-regularized network " + r.surrogateModel() + ": the PGD-ℓ2 loss (x) against the surrogate "
                        + "ℓ(f(x),y) + √2·ε·‖∇ₓf(x)‖_F (y), which upper-bounds the first-order robust loss exactly and the true robust loss "
                        + "up to the second-order remainder (docs/theory.md §2.4). Points above the diagonal are samples the surrogate bounds.");
    }

    static XYChart logLog(String title, String x, String y) {
        XYChart c = Charts.lineChart(title, x, y);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setXAxisLogarithmicDecadeOnly(false);
        c.getStyler().setYAxisLogarithmicDecadeOnly(true);
        return c;
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
