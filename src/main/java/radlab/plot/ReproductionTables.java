package radlab.plot;

import java.util.ArrayList;
import java.util.List;
import radlab.bounds.Bound;
import radlab.bounds.BoundRegistry;
import radlab.bounds.PaperReconstruction;
import radlab.experiment.ReproductionRun;
import radlab.experiment.ReproductionRun.Config;
import radlab.experiment.sweep.MeanInterval;
import radlab.report.CsvTable;

/** The headline table (stdout and figure READMEs) and reports/reproduction-PROFILE.csv: one row per configuration, mean ± 95 % t-interval over seeds. */
public final class ReproductionTables {
    private ReproductionTables() {}

    /** A Markdown table with one row per configuration: time, accuracies, Jacobian norms, test robust loss and the bound on it, each mean ± half-width. */
    public static String headline(ReproductionRun r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("| model | seeds | s/epoch | clean acc | ℓ2 robust acc (ε=%s) APGD | ℓ2 [certified, APGD] on first %d | ℓ∞ robust acc (ε=%s) APGD "
                + "| ℓ∞ [certified, APGD] on first %d | mean ‖J‖_F | mean ‖J‖_{1,1} | test robust loss ℓ2 | bound ℓ2 (recon.) | bound/loss |%n",
                r.profile().epsilonL2(), r.profile().certifySize(), r.profile().epsilonLinf(), r.profile().certifySize()));
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        String bound = "bound." + PaperReconstruction.L2.id().replace('-', '_') + ".total";
        for (Config c : r.configs()) {
            sb.append(String.format("| %s | %d | %s | %s | %s | [%s, %s] | %s | [%s, %s] | %s | %s | %s | %s | %.2g |%n", c.key(), c.seeds(),
                    pm(c.stat("time.seconds_per_epoch"), "%.2f"), pct(c.stat("test_accuracy")), pct(c.stat("robust_l2.test_accuracy")),
                    pct(c.stat("certify.l2.best")), pct(c.stat("certify.l2.attacked_accuracy")), pct(c.stat("robust_linf.test_accuracy")),
                    pct(c.stat("certify.linf.best")), pct(c.stat("certify.linf.attacked_accuracy")),
                    pm(c.stat("jacobian.frobenius_mean"), "%.3g"), pm(c.stat("jacobian.l11_mean"), "%.3g"), pm(c.stat("robust_l2.test_loss"), "%.3g"),
                    pm(c.stat(bound), "%.3g"), c.mean(bound) / c.mean("robust_l2.test_loss")));
        }
        sb.append(String.format("%nMean ± half-width of the 95 %% t-interval over seeds %s. APGD: the %s; certified: by any of IBP, CROWN, "
                + "Lipschitz (ℓ2), with the APGD accuracy on the same samples.%n", java.util.Arrays.toString(r.profile().seeds()), r.profile().suiteSettings()));
        return sb.toString();
    }

    static String pm(MeanInterval m, String fmt) {
        if (Double.isNaN(m.mean())) return "—";
        return String.format(fmt, m.mean()) + (Double.isFinite(m.halfWidth()) ? " ± " + String.format("%.2g", m.halfWidth()) : "");
    }

    static String pct(MeanInterval m) {
        if (Double.isNaN(m.mean())) return "—";
        return String.format("%.1f%%", 100 * m.mean()) + (Double.isFinite(m.halfWidth()) ? String.format(" ± %.1f", 100 * m.halfWidth()) : "");
    }

    /** The row columns of the summary table, as (CSV name, row column). */
    static final String[][] COLUMNS = {{"seconds_per_epoch", "time.seconds_per_epoch"}, {"train_accuracy", "train_accuracy"},
            {"test_accuracy", "test_accuracy"}, {"apgd_l2_test_accuracy", "robust_l2.test_accuracy"}, {"apgd_linf_test_accuracy", "robust_linf.test_accuracy"},
            {"jacobian_frobenius_mean", "jacobian.frobenius_mean"}, {"jacobian_l11_mean", "jacobian.l11_mean"},
            {"lipschitz_upper_bound", "norms.lipschitz_upper_bound"}, {"empirical_lipschitz", "norms.empirical_lipschitz"},
            {"standard_gap_loss", "gap.standard_loss"}, {"robust_gap_l2_loss", "gap.robust_l2_loss"}, {"robust_gap_linf_loss", "gap.robust_linf_loss"}};
    static final String[][] TAIL = {{"surrogate_fraction_l2", "surrogate.fraction_bounded_l2"}, {"pgd_l2_test_accuracy", "pgd.l2.test_accuracy"},
            {"pgd_linf_test_accuracy", "pgd.linf.test_accuracy"}, {"certified_ibp_l2", "certify.l2.ibp"}, {"certified_crown_l2", "certify.l2.crown"},
            {"certified_lipschitz_l2", "certify.l2.lipschitz"}, {"certified_ibp_linf", "certify.linf.ibp"}, {"certified_crown_linf", "certify.linf.crown"},
            {"certified_best_l2", "certify.l2.best"}, {"apgd_l2_certified_samples_accuracy", "certify.l2.attacked_accuracy"},
            {"certified_best_linf", "certify.linf.best"}, {"apgd_linf_certified_samples_accuracy", "certify.linf.attacked_accuracy"},
            {"apgd_l2_test_seconds", "time.apgd_l2_test_seconds"}, {"apgd_linf_test_seconds", "time.apgd_linf_test_seconds"}};

    /**
     * One row per configuration with n_seeds and, for every headline quantity and every registered bound, its mean X and
     * the half-width X± of its 95 % t-interval over seeds (empty if undefined), plus whether each bound's assumptions hold
     * for every seed.
     */
    public static CsvTable summary(ReproductionRun r) {
        List<String> header = new ArrayList<>(List.of("model", "n_seeds"));
        for (String[] c : COLUMNS) header.addAll(List.of(c[0], c[0] + "±"));
        for (Bound b : BoundRegistry.ALL) header.addAll(List.of("bound_" + b.id(), "bound_" + b.id() + "±", "bound_" + b.id() + "_assumptions_met"));
        for (String[] c : TAIL) header.addAll(List.of(c[0], c[0] + "±"));
        CsvTable t = new CsvTable(header.toArray(String[]::new));
        for (Config c : r.configs()) {
            List<Object> row = new ArrayList<>(List.of(c.key(), (long) c.seeds()));
            for (String[] col : COLUMNS) SeedIntervals.add(row, c.stat(col[1]));
            for (Bound b : BoundRegistry.ALL) {
                SeedIntervals.add(row, c.stat(BoundVsGapFigure.prefix(b) + "total"));
                row.add(java.util.Arrays.stream(c.values(BoundVsGapFigure.prefix(b) + "assumptions_met")).allMatch(v -> v == 1));
            }
            for (String[] col : TAIL) SeedIntervals.add(row, c.stat(col[1]));
            t.add(row.toArray());
        }
        return t;
    }
}
