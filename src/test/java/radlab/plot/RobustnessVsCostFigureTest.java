package radlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;
import radlab.experiment.ReproductionProfile;
import radlab.experiment.ReproductionRun;
import radlab.experiment.sweep.PointRunner;
import radlab.experiment.sweep.PointTask;
import radlab.experiment.sweep.ResultRow;
import radlab.experiment.sweep.Sweep;
import radlab.report.CsvTable;
import radlab.spec.ObjectiveSpec;

/**
 * The robustness-vs-cost figure on a hand-built run of seven configurations × 2 seeds whose costs and accuracies are
 * chosen so that the frontier of each threat model is known: ties, dominated points and equal costs.
 */
class RobustnessVsCostFigureTest {
    /** t_{0.975, 1}: the 95 % two-sided Student-t quantile with one degree of freedom (two seeds), from tables. */
    static final double T_975_1 = 12.706204736;

    /** A configuration: its objective, total passes per example, and the seed-mean accuracies in % (seeds at mean ∓ 1 point). */
    record Made(ObjectiveSpec objective, double cost, double clean, double l2, double linf) {}

    static final List<Made> MADE = List.of(
            new Made(new ObjectiveSpec.Plain(), 3, 90, 10, 5),
            new Made(new ObjectiveSpec.JacobianL2(0.01, 0), 33, 89, 30, 8),
            new Made(new ObjectiveSpec.JacobianL1(0.001), 33, 87, 12, 7),
            new Made(new ObjectiveSpec.Adversarial("linf", 0.1, 1), 9, 85, 20, 40),
            new Made(new ObjectiveSpec.Adversarial("linf", 0.1, 3), 15, 84, 25, 50),
            new Made(new ObjectiveSpec.Trades(1.0, "linf", 0.1, 3, Double.NaN), 15, 86, 25, 45),
            new Made(new ObjectiveSpec.InputGradient(0.1), 6, 88, 15, 6));

    /** Frontier members by hand (model → clean, ℓ2, ℓ∞): see each configuration's numbers above. */
    static final Map<String, List<Boolean>> FRONTIER = Map.of(
            "none", List.of(true, true, true), // cheapest
            "l2-0.01", List.of(false, true, false), // ℓ2 30 beats all cheaper; clean 89 < 90 at cost 3; ℓ∞ 8 < 50
            "l1-0.001", List.of(false, false, false), // equal cost 33 with l2-0.01, less accurate in ℓ2; dominated elsewhere
            "adv-1", List.of(false, true, true),
            "adv-3", List.of(false, true, true), // ℓ2: tie (15, 25) with TRADES, both on
            "trades-1.0", List.of(false, true, false), // ℓ∞: equal cost 15, 45 < 50
            "grad-0.1", List.of(false, true, true)); // clean 88 < 90 at cost 3

    static ReproductionRun run() {
        ReproductionProfile p = ReproductionProfile.baselines();
        List<Sweep.Planned> plan = new ArrayList<>();
        List<ResultRow> rows = new ArrayList<>();
        for (Made m : MADE) {
            for (long seed : new long[] {1, 2}) {
                double d = seed == 1 ? -1 : 1;
                plan.add(new Sweep.Planned(p.spec(m.objective(), seed), new PointTask("{}", "h" + plan.size(), "d", "test", "/nonexistent")));
                rows.add(new ResultRow.Builder().put(PointRunner.STATUS, "ok").put("test_accuracy", (m.clean() + d) / 100)
                        .put("robust_l2.test_accuracy", (m.l2() + d) / 100).put("robust_linf.test_accuracy", (m.linf() + d) / 100)
                        .put("certify.l2.best", (m.l2() - 5 + d) / 100).put("certify.linf.best", (m.linf() / 2 + d) / 100)
                        .put("cost.passes_per_example", m.cost() / p.epochs()).put("cost.total_passes_per_example", m.cost())
                        .put("time.train_seconds", 2 * m.cost() + d).put("time.seconds_per_epoch", (2 * m.cost() + d) / p.epochs())
                        .put("jacobian.frobenius_mean", 2 + d / 10).put("jacobian.l11_mean", 20 + d).put("jacobian.operator_max", 3 + d / 10).build());
            }
        }
        return new ReproductionRun(p, Path.of("/nonexistent"), plan, rows, null, null, s -> { });
    }

    @Test
    void csvHasCostAccuraciesWithIntervalsAndTheHandFrontier(@TempDir Path tmp) throws Exception {
        Figure f = RobustnessVsCostFigure.build(run());
        Path dir = f.write(tmp.resolve("robustness-vs-cost"), "provenance");
        List<List<String>> csv = CsvTable.read(dir.resolve("robustness-vs-cost.csv"));
        List<String> h = csv.get(0);
        for (String col : List.of("model", "regularizer", "n_seeds", "strength_name", "strength", "passes_per_step", "total_passes_per_example",
                "train_seconds", "train_seconds±", "clean_test_accuracy_pct", "clean_test_accuracy_pct±", "apgd_l2_test_accuracy_pct",
                "apgd_l2_test_accuracy_pct±", "apgd_linf_test_accuracy_pct", "apgd_linf_test_accuracy_pct±", "certified_l2_test_accuracy_pct",
                "certified_linf_test_accuracy_pct", "pareto_clean", "pareto_l2", "pareto_linf")) {
            assertTrue(h.contains(col), "column " + col + " in " + h);
        }
        assertEquals(MADE.size() + 1, csv.size(), "one row per configuration");
        // rows in method order (plain, ℓ2, ℓ1, adv, TRADES, input gradient), adversarial training by steps
        assertEquals(List.of("none", "l2-0.01", "l1-0.001", "adv-1", "adv-3", "trades-1.0", "grad-0.1"),
                csv.subList(1, csv.size()).stream().map(r -> r.get(h.indexOf("model"))).toList());
        for (List<String> row : csv.subList(1, csv.size())) {
            String model = row.get(h.indexOf("model"));
            Made m = MADE.stream().filter(x -> ReproductionProfile.key(x.objective()).equals(model)).findFirst().orElseThrow();
            assertEquals(m.cost(), Double.parseDouble(row.get(h.indexOf("total_passes_per_example"))), 1e-12, model);
            assertEquals(m.linf(), Double.parseDouble(row.get(h.indexOf("apgd_linf_test_accuracy_pct"))), 1e-9, model);
            // two seeds at mean ∓ 1 point: s = √2, half-width t·s/√2 = t (points)
            assertEquals(T_975_1, Double.parseDouble(row.get(h.indexOf("apgd_linf_test_accuracy_pct±"))), 1e-6, model);
            List<Boolean> expected = FRONTIER.get(model);
            assertEquals(expected, List.of(Boolean.parseBoolean(row.get(h.indexOf("pareto_clean"))), Boolean.parseBoolean(row.get(h.indexOf("pareto_l2"))),
                    Boolean.parseBoolean(row.get(h.indexOf("pareto_linf")))), model);
        }
        assertEquals("steps", csv.get(4).get(h.indexOf("strength_name")));
        assertEquals(1.0, Double.parseDouble(csv.get(4).get(h.indexOf("strength"))), 0.0);
    }

    @Test
    void frontierStepLineAndFourPanelsAreDrawnIntoPngAndSvg(@TempDir Path tmp) throws Exception {
        Figure f = RobustnessVsCostFigure.build(run());
        assertEquals(4, f.panels().size(), "clean, APGD-ℓ2, APGD-ℓ∞, certified");
        XYSeries linf = f.panels().get(2).getSeriesMap().get("Pareto frontier (ℓ∞)");
        assertNotNull(linf, f.panels().get(2).getSeriesMap().keySet().toString());
        // (3,5) → (6,6) → (9,40) → (15,50), then flat to the largest cost 33
        assertArrayEquals(new double[] {3, 6, 6, 9, 9, 15, 15, 33}, linf.getXData(), 1e-12);
        assertArrayEquals(new double[] {5, 5, 6, 6, 40, 40, 50, 50}, linf.getYData(), 1e-9);
        assertFalse(f.chart().getStyler().isXAxisLogarithmic(), "costs 3 … 33 span a factor 11: a linear axis");
        // one series per method in each accuracy panel, coloured as the method
        assertEquals(Methods.color("adv"), f.panels().get(1).getSeriesMap().get(Methods.label("adv")).getMarkerColor());
        Path dir = f.write(tmp.resolve("robustness-vs-cost"), "provenance");
        BufferedImage png = ImageIO.read(dir.resolve("robustness-vs-cost.png").toFile());
        assertNotNull(png, "a readable PNG");
        int w = f.chart().getWidth(), hgt = f.chart().getHeight();
        assertEquals(2 * w, png.getWidth(), "two panels per row");
        assertEquals(2 * hgt, png.getHeight(), "two rows");
        String svg = Files.readString(dir.resolve("robustness-vs-cost.svg"));
        assertTrue(svg.contains("viewBox=\"0 0 " + 2 * w + " " + 2 * hgt + "\""), "the SVG page holds the four panels: " + svg.substring(0, 400));
        assertTrue(Files.readString(dir.resolve("README.md")).contains("Pareto frontier"));
    }

    /** The λ figures keep their λ axis to the Jacobian-regularized configurations when other methods (λ-less) are in the run. */
    @Test
    void lambdaFiguresStillRenderWithTheOtherMethods(@TempDir Path tmp) throws Exception {
        Figure f = AccuracyVsLambdaFigure.build(run());
        Path dir = f.write(tmp.resolve("accuracy-vs-lambda"), "provenance");
        assertNotNull(ImageIO.read(dir.resolve("accuracy-vs-lambda.png").toFile()));
        XYSeries adv = f.chart().getSeriesMap().get("PGD-3 adv. training: APGD-ℓ∞ ε=0.1");
        assertNotNull(adv, f.chart().getSeriesMap().keySet().toString());
        assertArrayEquals(new double[] {50, 50}, adv.getYData(), 1e-9, "the profile's PGD-3 configuration, not PGD-1");
        assertArrayEquals(new double[] {0.001, 0.01}, adv.getXData(), 0.0, "across the Jacobian λ only");
        Figure j = JacobianVsLambdaFigure.build(run());
        assertNotNull(ImageIO.read(j.write(tmp.resolve("jacobian-vs-lambda"), "provenance").resolve("jacobian-vs-lambda.png").toFile()));
        assertEquals(List.of("none", "l2", "l1"), j.table().rows().stream().map(r -> (String) r.get(1)).distinct().sorted(
                java.util.Comparator.comparingInt(Methods::rank)).toList(), "λ = 0 and the Jacobian sweeps only");
    }
}
