package radlab.plot;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.attack.AttackNorm;
import radlab.attack.RobustEvaluator;
import radlab.attack.SurrogateComparison;
import radlab.bounds.Bound;
import radlab.bounds.BoundRegistry;
import radlab.bounds.PaperReconstruction;
import radlab.experiment.RademacherVsBounds;
import radlab.experiment.ReproductionFigure;
import radlab.experiment.ReproductionRun;
import radlab.experiment.ReproductionRun.Config;
import radlab.experiment.sweep.MeanInterval;
import radlab.experiment.sweep.PointRunner;
import radlab.nn.Model;
import radlab.report.CsvTable;
import radlab.spec.ExperimentSpec;

/**
 * The figures of a reproduction, in one list ({@link #ALL}): each is built from the sweep's result rows, and every
 * point that aggregates seeds is the mean with a 95 % Student-t interval (CSV columns {@code X} and {@code X±}, error
 * bars in the plot).
 */
public final class ReproductionFigures {
    /** Every figure of {@code reproduce}, in the order they are written; a new figure is one more entry here. */
    public static final List<ReproductionFigure> ALL = List.of(
            figure("jacobian-vs-lambda", ReproductionFigures::jacobianVsLambda),
            figure("accuracy-vs-lambda", ReproductionFigures::accuracyVsLambda),
            figure("cost", ReproductionFigures::cost),
            figure("bound-vs-gap", ReproductionFigures::boundVsGap),
            figure("surrogate", ReproductionFigures::surrogate),
            new RademacherVsBounds(),
            figure(CorrelationFigure.NAME, r -> CorrelationFigure.build(r.table())),
            figure(radlab.experiment.PacBayesFigure.NAME, ReproductionFigures::pacBayes),
            figure(radlab.experiment.BoundsVsN.NAME, ReproductionFigures::boundsVsN));
    public static final List<String> NAMES = ALL.stream().map(ReproductionFigure::name).toList();
    private static final double LOG_FLOOR = 1e-4;
    /** On a log axis an error bar may not reach 0: it is drawn to at most this fraction of the mean (the CSV keeps the full ±). */
    private static final double LOG_BAR_CAP = 0.9;

    private ReproductionFigures() {}

    /** The figure named {@code name}. */
    public static ReproductionFigure named(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown --figure '" + name + "'; expected one of " + NAMES + " or all"));
    }

    public static Figure build(String name, ReproductionRun r) {
        return named(name).build(r);
    }

    /**
     * PAC-Bayes bounds (docs/theory.md §9) for the first seed of every configuration, with the profile's budget: quick
     * and smoke take seconds per model, paper minutes ({@link radlab.experiment.PacBayesFigure.Budget}).
     */
    static Figure pacBayes(ReproductionRun r) {
        List<radlab.experiment.PacBayesFigure.NamedModel> models = new java.util.ArrayList<>();
        for (ReproductionRun.Config c : r.configs()) {
            ExperimentSpec first = c.specs().get(0);
            models.add(radlab.experiment.PacBayesFigure.NamedModel.of(c.key(), radlab.nn.ModelIO.load(r.modelDir(first))));
        }
        return radlab.experiment.PacBayesFigure.build(models, r.data(), radlab.experiment.PacBayesFigure.Budget.forProfile(r.profile().name()), r.log());
    }

    /**
     * Gaps and bounds against the training-set size (Nagarajan &amp; Kolter 2019), a grid of its own on the profile's
     * architecture, run through the same engine into a sibling sweep directory (so it is cached and resumable too).
     */
    static Figure boundsVsN(ReproductionRun r) {
        var s = radlab.experiment.BoundsVsN.Settings.forProfile(r.profile().name()).withArch(r.profile().arch());
        return radlab.experiment.BoundsVsN.run(s, r.engine(), r.sweepDir(r.sweepDir().getFileName() + "-" + radlab.experiment.BoundsVsN.NAME), r.log()).figure();
    }

    /** A figure from its name and builder. */
    public static ReproductionFigure figure(String name, Function<ReproductionRun, Figure> build) {
        return new ReproductionFigure() {
            public String name() {
                return name;
            }

            public Figure build(ReproductionRun run) {
                return build.apply(run);
            }
        };
    }

    /** The sentence every seed-aggregating figure's README carries. */
    public static String intervals(ReproductionRun r) {
        int[] n = r.configs().stream().mapToInt(Config::seeds).distinct().sorted().toArray();
        String seeds = n.length == 1 ? String.valueOf(n[0]) : java.util.Arrays.toString(n);
        return " Every point is the mean over " + seeds + " seeds (" + java.util.Arrays.toString(r.profile().seeds())
                + "), 95 % t-interval: error bars and the CSV's `X±` columns are the half-width t_{0.975,n−1}·s/√n of column `X`"
                + " (on log axes a bar is drawn down to at most " + Math.round(100 * LOG_BAR_CAP) + " % below the mean).";
    }

    /** Header cells "X", "X±" for each quantity. */
    public static List<String> withIntervals(List<String> keys, String... quantities) {
        List<String> h = new ArrayList<>(keys);
        for (String q : quantities) {
            h.add(q);
            h.add(q + "±");
        }
        return h;
    }

    /** Mean and half-width cells (empty where undefined: one seed, or no value). */
    public static void add(List<Object> row, MeanInterval m) {
        row.add(Double.isFinite(m.mean()) ? m.mean() : "");
        row.add(Double.isFinite(m.halfWidth()) ? m.halfWidth() : "");
    }

    static MeanInterval scaled(MeanInterval m, double f) {
        return new MeanInterval(f * m.mean(), f * m.halfWidth(), m.n());
    }

    static List<Object> keyCells(Config c) {
        return new ArrayList<>(List.of(c.key(), c.regularizer(), c.lambda(), (long) c.seeds()));
    }

    static final List<String> KEYS = List.of("model", "regularizer", "lambda", "n_seeds");

    /** Numbers of a column where defined (empty cells are skipped together with their rows by the filter). */
    public static Predicate<List<Object>> defined(CsvTable t, String column) {
        int c = t.header().indexOf(column);
        return r -> r.get(c) instanceof Number;
    }

    /** Half-widths of {@code column}± (0 where undefined), capped for a log axis. */
    public static double[] errors(CsvTable t, String column, Predicate<List<Object>> filter, boolean log) {
        int c = t.header().indexOf(column), e = t.header().indexOf(column + "±");
        List<Double> v = new ArrayList<>();
        for (List<Object> r : t.rows()) {
            if (!filter.test(r)) continue;
            double err = r.get(e) instanceof Number n ? n.doubleValue() : 0;
            double y = ((Number) r.get(c)).doubleValue();
            v.add(log ? Math.min(err, LOG_BAR_CAP * y) : err);
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A series of the rows passing {@code filter}: x from {@code xColumn}, y from {@code yColumn} with its ± as error bars. */
    public static XYSeries series(XYChart c, String name, CsvTable t, String xColumn, String yColumn, Predicate<List<Object>> filter) {
        Predicate<List<Object>> f = filter.and(defined(t, yColumn));
        boolean log = c.getStyler().isYAxisLogarithmic();
        return c.addSeries(name, Figure.column(t, xColumn, f), Figure.column(t, yColumn, f), errors(t, yColumn, f, log));
    }

    static List<Config> sorted(ReproductionRun r) {
        List<Config> cs = new ArrayList<>(r.configs());
        cs.sort(Comparator.comparing(Config::regularizer).thenComparingDouble(Config::lambda));
        return cs;
    }

    static Figure jacobianVsLambda(ReproductionRun r) {
        CsvTable t = new CsvTable(withIntervals(KEYS, "jacobian_frobenius_mean", "jacobian_l11_mean", "jacobian_operator_max").toArray(String[]::new));
        for (Config c : sorted(r)) {
            if (c.regularizer().equals("adv")) continue;
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
        double[] lambdas = Figure.column(t, "lambda", row -> !"none".equals(row.get(1)));
        baseline(c, "λ = 0: ‖J‖_F", lambdas, Figure.column(t, "jacobian_frobenius_mean", Figure.where(t, "regularizer", "none")));
        baseline(c, "λ = 0: ‖J‖_{1,1}", lambdas, Figure.column(t, "jacobian_l11_mean", Figure.where(t, "regularizer", "none")));
        return new Figure("jacobian-vs-lambda", "Jacobian norm vs λ", t, c,
                "Mean input–output Jacobian norms ‖∇ₓf‖_F and ‖∇ₓf‖_{1,1} of the logits on the test sample, for networks trained with the "
                        + "ℓ2 regularizer λ‖J‖_F² and the ℓ1 regularizer λ‖J‖_{1,1}, against λ. Dashed lines: the unregularized network (λ = 0, "
                        + "mean over seeds; its ± is in the CSV). The paper's claim: the Jacobian norm falls as λ grows." + intervals(r));
    }

    static Figure accuracyVsLambda(ReproductionRun r) {
        CsvTable t = new CsvTable(withIntervals(KEYS, "clean_test_accuracy_pct", "apgd_l2_test_accuracy_pct", "apgd_linf_test_accuracy_pct",
                "certified_l2_test_accuracy_pct", "certified_linf_test_accuracy_pct", "pgd_l2_test_accuracy_pct", "pgd_linf_test_accuracy_pct",
                "apgd_l2_certified_samples_accuracy_pct", "apgd_linf_certified_samples_accuracy_pct").toArray(String[]::new));
        for (Config c : sorted(r)) {
            List<Object> row = keyCells(c);
            for (String col : List.of("test_accuracy", "robust_l2.test_accuracy", "robust_linf.test_accuracy", "certify.l2.best", "certify.linf.best",
                    "pgd.l2.test_accuracy", "pgd.linf.test_accuracy", "certify.l2.attacked_accuracy", "certify.linf.attacked_accuracy")) {
                add(row, scaled(c.stat(col), 100));
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
        for (String[] s : series) {
            Predicate<List<Object>> f = Figure.where(t, "regularizer", s[0]);
            if (Figure.column(t, s[1], f.and(defined(t, s[1]))).length == 0) continue; // e.g. no certificate for this architecture
            series(c, s[2], t, "lambda", s[1], f).setMarker(s[0].equals("l2") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
        }
        double[] lambdas = Figure.column(t, "lambda", row -> !"none".equals(row.get(1)) && !"adv".equals(row.get(1)));
        baseline(c, "λ=0: clean", lambdas, Figure.column(t, "clean_test_accuracy_pct", Figure.where(t, "regularizer", "none")));
        baseline(c, "λ=0: " + l2, lambdas, Figure.column(t, "apgd_l2_test_accuracy_pct", Figure.where(t, "regularizer", "none")));
        baseline(c, "λ=0: " + linf, lambdas, Figure.column(t, "apgd_linf_test_accuracy_pct", Figure.where(t, "regularizer", "none")));
        baseline(c, "adv. training: " + linf, lambdas, Figure.column(t, "apgd_linf_test_accuracy_pct", Figure.where(t, "regularizer", "adv")));
        return new Figure("accuracy-vs-lambda", "Standard and robust accuracy vs λ", t, c,
                "Clean test accuracy and robust test accuracy under ℓ2 and ℓ∞ threat models for the ℓ2- and ℓ1-Jacobian-regularized networks "
                        + "against λ. APGD lines: the " + r.profile().suiteSettings() + " (an attack can only overestimate robustness). "
                        + "Certified lines: the fraction of the first " + r.profile().certifySize() + " test evaluation samples that IBP, CROWN "
                        + "or (ℓ2) the Lipschitz margin proves robust; the bracket [certified, attacked] on those same samples is in the CSV "
                        + "(`certified_*` and `apgd_*_certified_samples_*` columns), and the true robust accuracy on them lies between its "
                        + "ends. The CSV also has the PGD-" + r.profile().baselineSteps() + " baseline. Dashed horizontal lines: the "
                        + "unregularized network (λ = 0) and the PGD-ℓ∞ adversarially trained baseline (means over seeds)." + intervals(r));
    }

    static Figure cost(ReproductionRun r) {
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
        return new Figure("cost", "Training cost vs robustness", t, c,
                "Wall time per training epoch (optimisation steps only, measured when the point was trained, with the sweep's workers "
                        + "sharing the cores; cached points keep their original time) against robust test accuracy, for plain, "
                        + "Jacobian-regularized (exact gradients) and PGD-ℓ∞ adversarially trained networks. `cost_ratio_vs_plain` in the CSV "
                        + "is the ratio of mean epoch times to the plain network's. Robust accuracy: the " + r.profile().suiteSettings() + "."
                        + intervals(r));
    }

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

    static Figure boundVsGap(ReproductionRun r) {
        List<Config> cs = new ArrayList<>(r.configs());
        cs.sort(Comparator.comparingDouble(c -> c.mean("jacobian.frobenius_mean")));
        List<String> header = withIntervals(KEYS, "jacobian_frobenius_mean", "standard_gap_loss", "robust_gap_l2_loss", "robust_gap_linf_loss",
                "test_error");
        header.addAll(List.of("standard_gap_loss_plotted", "robust_gap_l2_loss_plotted"));
        for (Bound b : BoundRegistry.ALL) {
            header.addAll(withIntervals(List.of(), "bound_" + b.id()));
            header.add("bound_" + b.id() + "_assumptions_met");
            for (String id : terms(r, b)) header.addAll(withIntervals(List.of(), "bound_" + b.id() + "_" + id));
        }
        header.addAll(withIntervals(List.of(), "bound_to_gap_ratio_l2"));
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
            for (Bound b : BoundRegistry.ALL) {
                add(row, c.stat(prefix(b) + "total"));
                row.add(java.util.Arrays.stream(c.values(prefix(b) + "assumptions_met")).allMatch(v -> v == 1));
                for (String id : terms(r, b)) add(row, c.stat(prefix(b) + id)); // undefined term (e.g. ReLU remainder): empty cells
            }
            double[] total = c.values(prefix(BoundRegistry.ALL.stream().filter(b -> b.id().equals(BREAKDOWN)).findFirst().orElseThrow()) + "total");
            double[] gap = c.values("gap.robust_l2_loss");
            double[] ratio = new double[Math.min(total.length, gap.length)];
            for (int i = 0; i < ratio.length; i++) ratio[i] = total[i] / gap[i];
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
        series(c, "measured test error", t, "jacobian_frobenius_mean", "test_error", all).setLineStyle(new BasicStroke(3f));
        for (Bound b : BoundRegistry.ALL) {
            series(c, seriesLabel(r, b), t, "jacobian_frobenius_mean", "bound_" + b.id(), all);
            if (!b.id().equals(BREAKDOWN)) continue;
            for (String id : List.of("standard_complexity", "jacobian_complexity", "confidence")) {
                if (!t.header().contains("bound_" + b.id() + "_" + id)) continue;
                series(c, "  " + b.id() + ": " + id.replace('_', ' ') + " term", t, "jacobian_frobenius_mean", "bound_" + b.id() + "_" + id, all);
            }
        }
        return new Figure("bound-vs-gap", "Bound terms vs measured gaps", t, c,
                "For every trained configuration (plain, ℓ2/ℓ1-Jacobian-regularized at each λ, adversarially trained), sorted by its mean "
                        + "test ‖∇ₓf‖_F: the measured standard and robust (APGD-ℓ2: the " + r.profile().suiteSettings() + " and as many "
                        + "training samples) generalization gaps in cross-entropy (test − train; plotted "
                        + "values floored at 1e-4 for the log axis, raw means and ± in the CSV; a gap's interval may include values ≤ 0, so "
                        + "its error bar is not drawn), the measured test error, and the value of every "
                        + "bound in radlab's registry (`radlab.bounds.BoundRegistry`; formulas in docs/theory.md §6): the BFT margin bound "
                        + "on the test error, the BFT (Graf et al. constants), NTS and GRS Rademacher terms, and radlab's **reconstruction** "
                        + "of the paper's robust bound for ℓ2 and ℓ∞ (the paper's constants are unknown, so constants are 1 and log factors "
                        + "dropped), with the terms of the ℓ2 reconstruction. A bound whose theorem's preconditions fail for these networks "
                        + "is labelled \"assumptions not met: …\" (e.g. biases, a margin chosen on the data, a ReLU whose σ′ is not "
                        + "Lipschitz) and is then not a guaranteed bound; `bound_ID_assumptions_met` in the CSV says whether they hold for every "
                        + "seed. `bound_to_gap_ratio_l2` (mean over seeds of the per-seed ratio) says how loose the reconstructed ℓ2 bound is. "
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

    /** The ℓ2-regularized configuration of the middle λ (the plain one if there is none) and its first seed. */
    public static ExperimentSpec surrogateSpec(ReproductionRun r) {
        List<Config> l2 = r.configs().stream().filter(c -> c.regularizer().equals("l2")).toList();
        Config c = l2.isEmpty() ? r.configs().get(0) : l2.get(l2.size() / 2);
        return c.specs().get(0);
    }

    static Figure surrogate(ReproductionRun r) {
        ExperimentSpec spec = surrogateSpec(r);
        Model net = r.model(spec);
        var testEval = PointRunner.testEval(spec, r.data());
        SurrogateComparison s = SurrogateComparison.measure(net, testEval, PointRunner.suite(AttackNorm.L2, spec, net), RobustEvaluator.DEFAULT_BATCH);
        String model = radlab.experiment.ReproductionProfile.key(spec.objective()) + ", seed " + spec.seed();
        CsvTable t = radlab.attack.AttackTables.surrogate(s);
        Predicate<List<Object>> all = row -> true;
        XYChart c = Charts.scatterAgainstDiagonal("Surrogate vs APGD-ℓ2 loss per test sample (" + model + ")",
                "APGD-ℓ2 loss (nats)", "surrogate ℓ + √2·ε·‖J‖_F (nats)",
                String.format("test samples (%.1f%% on or above y = x)", 100 * s.fractionBounded()),
                Figure.column(t, "attack_loss", all), Figure.column(t, "surrogate", all));
        return new Figure("surrogate", "Jacobian surrogate vs APGD robust loss", t, c,
                "Per test sample of ONE model, the ℓ2-regularized network " + model + " (the first seed of its configuration; the other "
                        + "seeds' fractions are in the summary table as surrogate_fraction_l2 ± its t-interval): the APGD-suite ℓ2 loss (x) "
                        + "against the surrogate ℓ(f(x),y) + √2·ε·‖∇ₓf(x)‖_F (y), which upper-bounds the first-order robust loss exactly "
                        + "and the true robust loss up to the second-order remainder (docs/theory.md §2.4). Points above the diagonal are "
                        + "samples the surrogate bounds. The model is the sweep's kept model, attacked again with the same seeded suite: the "
                        + r.profile().suiteSettings() + ".");
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
