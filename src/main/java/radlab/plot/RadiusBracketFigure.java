package radlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.attack.Apgd;
import radlab.attack.AttackLoss;
import radlab.attack.AttackNorm;
import radlab.certify.RadiusBracket;
import radlab.certify.RadiusSearch;
import radlab.data.Dataset;
import radlab.experiment.ReproductionProfile;
import radlab.experiment.ReproductionRun;
import radlab.experiment.ReproductionRun.Config;
import radlab.experiment.sweep.PointRunner;
import radlab.nn.Model;
import radlab.report.CsvTable;
import radlab.spec.ExperimentSpec;

/**
 * Figure {@code radius-bracket}: per test sample of a few models (plain, the strongest ℓ2- and ℓ1-Jacobian λ, PGD-ℓ∞
 * adversarial training; the first seed of each) and both threat models, the certified radius, the smallest adversarial
 * radius an attack found and the first-order Jacobian estimate ({@link RadiusSearch}), samples sorted by the estimate.
 */
public final class RadiusBracketFigure {
    public static final String NAME = "radius-bracket";

    /** The search's maximum ε as a multiple of the profile's evaluation ε. */
    static final double MAX_EPSILON_FACTOR = 4;

    /**
     * The figure's budget: test samples per model, APGD-CE steps and the bisection tolerance as a fraction of the maximum
     * ε. Smoke runs in seconds; quick measures 25 samples per panel (about 15 s each on one core: with 100 it took
     * 55 s per panel, 7 min for the figure, longer than the rest of the quick profile), paper 100.
     */
    record Settings(int samples, int steps, int toleranceDivisor) {
        static Settings of(ReproductionProfile p) {
            return switch (p.budget()) {
                case "smoke" -> new Settings(4, 10, 32);
                case "paper" -> new Settings(100, 50, 256);
                default -> new Settings(25, 20, 64);
            };
        }
    }

    private RadiusBracketFigure() {}

    /** The models drawn: plain, strongest ℓ2 λ, strongest ℓ1 λ, the profile's adversarial training — those the profile has. */
    static List<Config> models(ReproductionRun r) {
        List<Config> out = new ArrayList<>();
        List<Config> all = r.configs();
        all.stream().filter(c -> c.regularizer().equals("none")).findFirst().ifPresent(out::add);
        for (String reg : List.of("l2", "l1")) {
            all.stream().filter(c -> c.regularizer().equals(reg)).max(Comparator.comparingDouble(Config::lambda)).ifPresent(out::add);
        }
        String adv = "adv-" + r.profile().advTrainSteps();
        all.stream().filter(c -> c.key().equals(adv)).findFirst().ifPresent(out::add);
        return out;
    }

    static RadiusSearch search(ReproductionProfile p, AttackNorm norm, long seed) {
        Settings s = Settings.of(p);
        double max = MAX_EPSILON_FACTOR * epsilon(p, norm);
        return new RadiusSearch(RadiusSearch.Settings.best(norm, max, max / s.toleranceDivisor()),
                t -> new Apgd(t, AttackLoss.CE, s.steps(), 1, 0, seed));
    }

    static double epsilon(ReproductionProfile p, AttackNorm norm) {
        return norm == AttackNorm.L2 ? p.epsilonL2() : p.epsilonLinf();
    }

    public static Figure build(ReproductionRun r) {
        ReproductionProfile p = r.profile();
        Settings s = Settings.of(p);
        CsvTable t = new CsvTable("model", "seed", "threat", "threat_epsilon", "max_epsilon", "tolerance", "rank", "index", "label", "correct",
                "certified_radius", "adversarial_found", "adversarial_radius", "jacobian_estimate", "seconds");
        List<String> panelKeys = new ArrayList<>();
        String attack = null;
        long t0 = System.nanoTime();
        for (Config c : models(r)) {
            ExperimentSpec spec = c.specs().get(0);
            Model net = r.model(spec);
            Dataset all = PointRunner.testEval(spec, r.data());
            Dataset data = all.rows(java.util.stream.IntStream.range(0, Math.min(s.samples(), all.size())).toArray(), all.name() + "-radius");
            for (AttackNorm norm : AttackNorm.values()) {
                RadiusSearch search = search(p, norm, spec.seed());
                attack = search.describeAttack().replaceAll(" (l2|linf) ε=[0-9.E-]+", "");
                long m0 = System.nanoTime();
                List<RadiusBracket> b = new ArrayList<>(search.measure(net, data));
                double seconds = (System.nanoTime() - m0) / 1e9;
                r.log().accept(String.format("%s: %s %s radii of %d samples in %.1f s", NAME, c.key(), norm, b.size(), seconds));
                b.sort(Comparator.comparingDouble(RadiusBracket::jacobianEstimate).thenComparingInt(RadiusBracket::index));
                for (int k = 0; k < b.size(); k++) {
                    RadiusBracket x = b.get(k);
                    t.add(c.key(), spec.seed(), norm.toString(), epsilon(p, norm), search.settings().maxEpsilon(), search.settings().tolerance(),
                            k + 1, x.index(), x.label(), x.jacobianEstimate() > 0, x.certified(), x.adversarialFound(),
                            x.adversarialFound() ? (Object) x.adversarial() : "", finiteOrEmpty(x.jacobianEstimate()), seconds);
                }
                panelKeys.add(c.key() + "|" + norm);
            }
        }
        double total = (System.nanoTime() - t0) / 1e9;
        List<XYChart> panels = new ArrayList<>();
        for (String key : panelKeys) panels.add(panel(t, key.split("\\|")[0], key.split("\\|")[1]));
        return new Figure(NAME, "Per-sample radius bracket: certified, adversarial and first-order radii", t, panels.get(0), description(r, s, attack, total),
                panels.subList(1, panels.size()));
    }

    private static Object finiteOrEmpty(double v) {
        return Double.isFinite(v) ? (Object) v : "";
    }

    private static XYChart panel(CsvTable t, String model, String norm) {
        String n = norm.equals("l2") ? "ℓ2" : "ℓ∞";
        XYChart c = Charts.lineChart(model + ", " + n, "test sample (sorted by the Jacobian estimate)", n + " radius", 800, 480);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        c.getStyler().setMarkerSize(6);
        Predicate<List<Object>> rows = Figure.where(t, "model", model).and(Figure.where(t, "threat", norm));
        scatter(c, "certified (best of IBP, CROWN, α-CROWN" + (norm.equals("l2") ? ", Lipschitz)" : ")"), t, "certified_radius", rows,
                new Color(0, 114, 178), SeriesMarkers.TRIANGLE_UP);
        scatter(c, "adversarial (APGD-CE, smallest found)", t, "adversarial_radius", rows.and(Figure.where(t, "adversarial_found", true)),
                new Color(213, 94, 0), SeriesMarkers.TRIANGLE_DOWN);
        scatter(c, "first-order estimate margin/‖∇margin‖_*", t, "jacobian_estimate", rows.and(nonEmpty(t, "jacobian_estimate")),
                Color.DARK_GRAY, SeriesMarkers.CIRCLE);
        double[] rank = Figure.column(t, "rank", rows), eps = Figure.column(t, "threat_epsilon", rows);
        if (rank.length > 0) {
            XYSeries e = c.addSeries("evaluation ε", new double[] {rank[0], rank[rank.length - 1]}, new double[] {eps[0], eps[0]});
            e.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            e.setMarker(SeriesMarkers.NONE);
            e.setLineColor(Color.BLACK);
            e.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        return c;
    }

    private static void scatter(XYChart c, String name, CsvTable t, String column, Predicate<List<Object>> rows, Color color,
                                org.knowm.xchart.style.markers.Marker marker) {
        double[] x = Figure.column(t, "rank", rows), y = Figure.column(t, column, rows);
        if (x.length == 0) return;
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
    }

    private static Predicate<List<Object>> nonEmpty(CsvTable t, String column) {
        int c = t.header().indexOf(column);
        return row -> row.get(c) instanceof Number;
    }

    private static String description(ReproductionRun r, Settings s, String attack, double seconds) {
        ReproductionProfile p = r.profile();
        return "Per test sample, three radii in the threat model's norm (panels: model × threat model; models: plain, the largest ℓ2- "
                + "and ℓ1-Jacobian λ, PGD-ℓ∞ adversarial training — those the profile trains — each the sweep's kept model of its first seed; "
                + "samples: the first " + s.samples() + " test evaluation samples, the same for every model). **Certified** (▲): the largest ε "
                + "at which the union of IBP, CROWN, α-CROWN (20 Adam steps) and, for ℓ2, the Lipschitz margin proves the prediction "
                + "constant on the ε-ball ∩ [0,1]^d, found by bisection. **Adversarial** (▼): the distance ‖x′ − x‖ of the closest point "
                + "misclassified in double precision that " + attack + " found in a bisection on its ε (samples where it found none up to "
                + "the maximum ε are left out of the plot; `adversarial_found` = false, empty `adversarial_radius`). The true minimal "
                + "adversarial radius lies between the two: certified ≤ adversarial is checked for every sample and the run stops "
                + "otherwise. **First-order estimate** (●): min_{j≠y} (z_y − z_j)/‖∇ₓ(z_y − z_j)‖_* at the clean point, ‖·‖_* the "
                + "dual norm (ℓ2 for ℓ2, ℓ1 for ℓ∞) — DeepFool's distance to the linearised boundary, ignoring the box, neither a "
                + "lower nor an upper bound (exact for a linear model; docs/theory.md §3). Samples are sorted by it; a misclassified "
                + "sample (`correct` = false) has radii 0 and an estimate ≤ 0. Bisection on [0, " + MAX_EPSILON_FACTOR + "·ε] (ε = "
                + p.epsilonL2() + " for ℓ2, " + p.epsilonLinf() + " for ℓ∞: the dashed line) until the interval is at most 1/"
                + s.toleranceDivisor() + " of that maximum wide (`tolerance` in the CSV). Computed in " + String.format("%.0f", seconds)
                + " s (each model and threat's time is `seconds` in the CSV) on " + machine() + ".";
    }

    /** The CPU, as /proc/cpuinfo names it, and the processors the JVM sees; "unknown CPU" where there is no /proc. */
    static String machine() {
        String name = null, family = null, model = null;
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
            for (String l : (Iterable<String>) lines::iterator) {
                String v = l.contains(":") ? l.substring(l.indexOf(':') + 1).trim() : "";
                if (name == null && l.startsWith("model name")) name = v;
                else if (family == null && l.startsWith("cpu family")) family = v;
                else if (model == null && l.matches("model\\s*:.*")) model = v;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: the description says so
        }
        String cpu = name == null ? "an unknown CPU" : name + (family != null && model != null ? " (family " + family + " model " + model + ")" : "");
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " processors available to the JVM";
    }
}
