package radlab.plot;

import static radlab.plot.SeedIntervals.KEYS;
import static radlab.plot.SeedIntervals.add;
import static radlab.plot.SeedIntervals.baseline;
import static radlab.plot.SeedIntervals.defined;
import static radlab.plot.SeedIntervals.intervals;
import static radlab.plot.SeedIntervals.keyCells;
import static radlab.plot.SeedIntervals.scaled;
import static radlab.plot.SeedIntervals.series;
import static radlab.plot.SeedIntervals.sorted;
import static radlab.plot.SeedIntervals.withIntervals;

import java.util.List;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.experiment.ReproductionRun;
import radlab.experiment.ReproductionRun.Config;
import radlab.report.CsvTable;

/**
 * Figure {@code accuracy-vs-lambda}: clean, attacked and certified test accuracy against λ, the bracket [certified, attacked] per threat model,
 * and, when the rows carry complete verification ({@code verify.*}), the verified fraction with its outcome columns in the CSV.
 */
public final class AccuracyVsLambdaFigure {
    public static final String NAME = "accuracy-vs-lambda";

    private static final String VERIFIED_NOTE = " Verified lines: the fraction of the same samples that complete verification (branch and bound "
            + "on a linear relaxation; ReLU networks only, elsewhere no line) proves robust; the CSV's `verified_*` columns also have the "
            + "fractions with a counterexample (found by the verifier or the attack) and undecided within the time budget, and "
            + "`exact_*_test_accuracy_pct` is the exact robust accuracy on those samples where nothing was undecided (empty otherwise).";

    private AccuracyVsLambdaFigure() {}

    /** Per threat model, the complete-verification columns of the CSV when the rows carry them (evaluation.verifyBudget). */
    private static final List<String> VERIFIED = List.of("verified_%s_test_accuracy_pct", "verified_%s_counterexample_pct", "verified_%s_undecided_pct",
            "exact_%s_test_accuracy_pct");

    public static Figure build(ReproductionRun r) {
        boolean verified = r.rows().stream().anyMatch(row -> row.get("verify.linf.samples") != null || row.get("verify.l2.samples") != null);
        List<String> quantities = new java.util.ArrayList<>(List.of("clean_test_accuracy_pct", "apgd_l2_test_accuracy_pct", "apgd_linf_test_accuracy_pct",
                "certified_l2_test_accuracy_pct", "certified_linf_test_accuracy_pct", "pgd_l2_test_accuracy_pct", "pgd_linf_test_accuracy_pct",
                "apgd_l2_certified_samples_accuracy_pct", "apgd_linf_certified_samples_accuracy_pct"));
        if (verified) for (String norm : List.of("l2", "linf")) for (String q : VERIFIED) quantities.add(String.format(q, norm));
        CsvTable t = new CsvTable(withIntervals(KEYS, quantities.toArray(String[]::new)).toArray(String[]::new));
        for (Config c : sorted(r)) {
            List<Object> row = keyCells(c);
            for (String col : List.of("test_accuracy", "robust_l2.test_accuracy", "robust_linf.test_accuracy", "certify.l2.best", "certify.linf.best",
                    "pgd.l2.test_accuracy", "pgd.linf.test_accuracy", "certify.l2.attacked_accuracy", "certify.linf.attacked_accuracy")) {
                add(row, scaled(c.stat(col), 100));
            }
            if (verified) {
                for (String norm : List.of("l2", "linf")) {
                    String p = "verify." + norm + ".";
                    double perSample = 100 / c.mean(p + "samples"); // the same samples in every seed
                    add(row, scaled(c.stat(p + "certified_accuracy"), 100));
                    add(row, scaled(c.stat(p + "counterexamples"), perSample));
                    add(row, scaled(c.stat(p + "undecided"), perSample));
                    add(row, scaled(c.stat(p + "exact_accuracy"), 100)); // empty unless every seed decided every sample
                }
            }
            t.add(row.toArray());
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
        if (verified) {
            String vl2 = String.format("verified ℓ2 ε=%s", r.profile().epsilonL2()), vlinf = String.format("verified ℓ∞ ε=%s", r.profile().epsilonLinf());
            series = java.util.stream.Stream.concat(java.util.Arrays.stream(series), java.util.stream.Stream.of(
                    new String[] {"l2", "verified_l2_test_accuracy_pct", "ℓ2-reg: " + vl2}, new String[] {"l2", "verified_linf_test_accuracy_pct", "ℓ2-reg: " + vlinf},
                    new String[] {"l1", "verified_l2_test_accuracy_pct", "ℓ1-reg: " + vl2}, new String[] {"l1", "verified_linf_test_accuracy_pct", "ℓ1-reg: " + vlinf}))
                    .toArray(String[][]::new);
        }
        for (String[] s : series) {
            Predicate<List<Object>> f = Figure.where(t, "regularizer", s[0]);
            if (Figure.column(t, s[1], f.and(defined(t, s[1]))).length == 0) continue; // e.g. no certificate for this architecture
            series(c, s[2], t, "lambda", s[1], f).setMarker(s[0].equals("l2") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
        }
        double[] lambdas = Figure.column(t, "lambda", row -> "l2".equals(row.get(1)) || "l1".equals(row.get(1))); // the Jacobian λ axis
        baseline(c, "λ=0: clean", lambdas, Figure.column(t, "clean_test_accuracy_pct", Figure.where(t, "regularizer", "none")));
        baseline(c, "λ=0: " + l2, lambdas, Figure.column(t, "apgd_l2_test_accuracy_pct", Figure.where(t, "regularizer", "none")));
        baseline(c, "λ=0: " + linf, lambdas, Figure.column(t, "apgd_linf_test_accuracy_pct", Figure.where(t, "regularizer", "none")));
        String adv = "adv-" + r.profile().advTrainSteps(); // the profile's adversarial training (the baselines profile has more step counts)
        baseline(c, "PGD-" + r.profile().advTrainSteps() + " adv. training: " + linf, lambdas,
                Figure.column(t, "apgd_linf_test_accuracy_pct", Figure.where(t, "model", adv).and(defined(t, "apgd_linf_test_accuracy_pct"))));
        return new Figure(NAME, "Standard and robust accuracy vs λ", t, c,
                "Clean test accuracy and robust test accuracy under ℓ2 and ℓ∞ threat models for the ℓ2- and ℓ1-Jacobian-regularized networks "
                        + "against λ. APGD lines: the " + r.profile().suiteSettings() + " (an attack can only overestimate robustness). "
                        + "Certified lines: the fraction of the first " + r.profile().certifySize() + " test evaluation samples that IBP, CROWN "
                        + "or (ℓ2) the Lipschitz margin proves robust; the bracket [certified, attacked] on those same samples is in the CSV "
                        + "(`certified_*` and `apgd_*_certified_samples_*` columns), and the true robust accuracy on them lies between its "
                        + "ends. The CSV also has the PGD-" + r.profile().baselineSteps() + " baseline. Dashed horizontal lines: the "
                        + "unregularized network (λ = 0) and the PGD-ℓ∞ adversarially trained baseline (means over seeds); every other method "
                        + "is in the robustness-vs-cost figure." + (verified ? VERIFIED_NOTE : "") + intervals(r));
    }
}
