package radlab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;
import radlab.experiment.sweep.ResultRow;
import radlab.experiment.sweep.engine.LocalEngine;
import radlab.plot.Figure;
import radlab.plot.ReproductionFigures;
import radlab.plot.ReproductionTables;
import radlab.report.CsvTable;

/**
 * The whole reproduction pipeline on the smoke profile (6 configurations × 2 seeds through the sweep engine): files,
 * finiteness, CSV/plot agreement, the ± columns against a hand computation from the rows, and the sweep as cache.
 */
class ReproductionTest {
    /** t_{0.975, 1}: the 95 % two-sided Student-t quantile with one degree of freedom (two seeds), from tables. */
    static final double T_975_1 = 12.706204736;
    @TempDir
    static Path tmp;
    static ReproductionRun run;

    @BeforeAll
    static void runSmokeProfile() {
        run = radlab.testing.SmokeSweep.run(); // trained once for the test JVM
    }

    /** Every objective kind gets its own label and key, so a grid that mixes them never groups two kinds as "none". */
    @org.junit.jupiter.api.Test
    void everyObjectiveKindHasItsOwnLabel() {
        java.util.List<radlab.spec.ObjectiveSpec> all = java.util.List.of(new radlab.spec.ObjectiveSpec.Plain(), new radlab.spec.ObjectiveSpec.JacobianL2(0.01, 0),
                new radlab.spec.ObjectiveSpec.JacobianL1(0.001), new radlab.spec.ObjectiveSpec.Adversarial("linf", 0.1, 3, Double.NaN),
                new radlab.spec.ObjectiveSpec.Trades(6.0, "linf", 0.1, 3, Double.NaN), new radlab.spec.ObjectiveSpec.InputGradient(0.01),
                new radlab.spec.ObjectiveSpec.Spectral(0.01, 1.0));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("none", "l2", "l1", "adv", "trades", "grad", "spectral"),
                all.stream().map(ReproductionProfile::regularizer).toList());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("none", "l2-0.01", "l1-0.001", "adv-3", "trades-6.0", "grad-0.01", "spectral-0.01-b1.0"),
                all.stream().map(ReproductionProfile::key).toList());
    }

    @Test
    void everyFigureIsWrittenWithNonEmptyFiniteData() throws Exception {
        assertEquals(ReproductionProfile.smoke().objectives().size() * ReproductionProfile.smoke().seeds().length, run.rows().size());
        for (String name : ReproductionFigures.NAMES) {
            // the costliest three have their own tests, and CliTest writes every figure from the smoke run through `reproduce`
            // with the same file checks (together a third of this test's time, twice over)
            if (java.util.Set.of(RademacherVsBounds.NAME, "pac-bayes", "radius-bracket").contains(name)) continue;
            Figure f = ReproductionFigures.build(name, run);
            Path dir = f.write(tmp.resolve("reports").resolve(name), "provenance here");
            for (String file : List.of(name + ".png", name + ".svg", name + ".csv", "README.md")) {
                assertTrue(Files.size(dir.resolve(file)) > 0, name + "/" + file);
            }
            assertTrue(Files.readString(dir.resolve(name + ".svg")).contains("<svg"), name + ".svg is SVG");
            List<List<String>> csv = CsvTable.read(dir.resolve(name + ".csv"));
            radlab.testing.FigureCsv.assertFiniteCells(name, csv);
            // Every plotted series comes from CSV columns: each plotted y value appears in the written CSV.
            for (XYSeries s : f.chart().getSeriesMap().values()) {
                for (double v : s.getYData()) {
                    if (Double.isNaN(v)) continue; // a null y breaks a line into segments (the correlation figure's τ intervals)
                    boolean found = csv.subList(1, csv.size()).stream().flatMap(List::stream).anyMatch(cell -> sameNumber(cell, v));
                    assertTrue(found || s.getName().equals("y = x"), name + ": series '" + s.getName() + "' value " + v + " not in the CSV");
                }
            }
            // figures over the profile's seeds; surrogate is per sample of one model, radius-bracket per sample of seed 1's
            // models, correlation ranks models, pac-bayes bounds seed 1 of each configuration and bounds-vs-n aggregates the
            // seeds of its own grid
            if (!java.util.Set.of("surrogate", "radius-bracket", "correlation", "pac-bayes", "bounds-vs-n").contains(name)) {
                String readme = Files.readString(dir.resolve("README.md"));
                assertTrue(readme.contains("mean over 2 seeds") && readme.contains("95 % t-interval"), name + ": " + readme);
                assertTrue(csv.get(0).stream().anyMatch(h -> h.endsWith("±")), name + " has ± columns: " + csv.get(0));
            }
        }
    }

    static boolean sameNumber(String cell, double v) {
        try {
            return Math.abs(Double.parseDouble(cell) - v) <= 1e-12 * Math.max(1, Math.abs(v));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Mean and t-interval half-width of two values, by hand: s = |a − b|/√2, half-width = t·s/√2 = t·|a − b|/2. */
    static double[] byHand(double a, double b) {
        return new double[] {(a + b) / 2, T_975_1 * Math.abs(a - b) / 2};
    }

    @Test
    void figureIntervalsAgreeWithAHandComputationFromTheRows() throws Exception {
        Figure f = ReproductionFigures.build("accuracy-vs-lambda", run);
        Path dir = f.write(tmp.resolve("hand"), "");
        List<List<String>> csv = CsvTable.read(dir.resolve("accuracy-vs-lambda.csv"));
        List<String> h = csv.get(0);
        int model = h.indexOf("model"), mean = h.indexOf("clean_test_accuracy_pct"), pm = h.indexOf("clean_test_accuracy_pct±"),
                jMean = h.indexOf("apgd_l2_test_accuracy_pct"), jPm = h.indexOf("apgd_l2_test_accuracy_pct±");
        assertTrue(mean > 0 && pm == mean + 1 && jPm == jMean + 1, h.toString());
        int checked = 0;
        for (List<String> row : csv.subList(1, csv.size())) {
            List<ResultRow> seeds = new ArrayList<>();
            for (int i = 0; i < run.plan().size(); i++) {
                if (ReproductionProfile.key(run.plan().get(i).spec().objective()).equals(row.get(model))) seeds.add(run.rows().get(i));
            }
            assertEquals(2, seeds.size(), row.get(model));
            double[] clean = byHand(100 * seeds.get(0).number("test_accuracy"), 100 * seeds.get(1).number("test_accuracy"));
            double[] apgd = byHand(100 * seeds.get(0).number("robust_l2.test_accuracy"), 100 * seeds.get(1).number("robust_l2.test_accuracy"));
            assertEquals(clean[0], Double.parseDouble(row.get(mean)), 1e-9, row.toString());
            assertEquals(clean[1], Double.parseDouble(row.get(pm)), 1e-6, row.toString());
            assertEquals(apgd[0], Double.parseDouble(row.get(jMean)), 1e-9, row.toString());
            assertEquals(apgd[1], Double.parseDouble(row.get(jPm)), 1e-6, row.toString());
            checked++;
        }
        assertEquals(run.configs().size(), checked);
        // The error bars drawn are the CSV's ± column (a linear axis: not capped).
        List<Double> l2 = new ArrayList<>();
        for (List<String> row : csv.subList(1, csv.size())) if (row.get(h.indexOf("regularizer")).equals("l2")) l2.add(Double.parseDouble(row.get(pm)));
        assertArrayEquals(l2.stream().mapToDouble(Double::doubleValue).toArray(), f.chart().getSeriesMap().get("ℓ2-reg: clean").getExtraValues(), 1e-12);
        // The summary table carries the same interval.
        CsvTable summary = ReproductionTables.summary(run);
        int tm = summary.header().indexOf("test_accuracy"), tp = summary.header().indexOf("test_accuracy±");
        List<Object> none = summary.rows().get(0);
        ReproductionRun.Config c = run.configs().get(0);
        double[] hand = byHand(c.rows().get(0).number("test_accuracy"), c.rows().get(1).number("test_accuracy"));
        assertEquals(hand[0], ((Number) none.get(tm)).doubleValue(), 1e-12);
        assertEquals(hand[1], ((Number) none.get(tp)).doubleValue(), 1e-9);
    }

    @Test
    void boundFigureLabelsEveryBoundWhoseAssumptionsFail() {
        Figure f = ReproductionFigures.build("bound-vs-gap", run);
        for (radlab.bounds.Bound b : radlab.bounds.BoundRegistry.ALL) {
            boolean plotted = f.chart().getSeriesMap().keySet().stream()
                    .anyMatch(name -> name.startsWith(b.name()) && name.contains("assumptions not met"));
            assertTrue(plotted, b.id() + " is plotted and flagged: " + f.chart().getSeriesMap().keySet());
        }
        assertTrue(!f.description().contains("guaranteed with probability"), "no bound is called guaranteed");
    }

    @Test
    void jacobianFigureSeriesEqualTheCsvColumns() throws Exception {
        Figure f = ReproductionFigures.build("jacobian-vs-lambda", run);
        Path dir = f.write(tmp.resolve("agree"), "");
        List<List<String>> csv = CsvTable.read(dir.resolve("jacobian-vs-lambda.csv"));
        int reg = csv.get(0).indexOf("regularizer"), col = csv.get(0).indexOf("jacobian_frobenius_mean");
        List<Double> l2 = new ArrayList<>();
        for (List<String> row : csv.subList(1, csv.size())) if (row.get(reg).equals("l2")) l2.add(Double.parseDouble(row.get(col)));
        double[] plotted = f.chart().getSeriesMap().get("ℓ2-regularized: ‖J‖_F").getYData();
        assertArrayEquals(l2.stream().mapToDouble(Double::doubleValue).toArray(), plotted, 1e-12);
    }

    @Test
    void surrogateFigureReloadsTheKeptModelAndAgreesWithItsRow() {
        Figure f = ReproductionFigures.build("surrogate", run);
        var spec = radlab.plot.SurrogateFigure.surrogateSpec(run);
        int i = 0;
        while (!run.plan().get(i).spec().equals(spec)) i++;
        String pct = String.format("%.1f%%", 100 * run.rows().get(i).number("surrogate.fraction_bounded_l2"));
        assertTrue(f.chart().getSeriesMap().keySet().stream().anyMatch(n -> n.contains(pct)), pct + " in " + f.chart().getSeriesMap().keySet());
        assertTrue(f.description().contains("seed " + spec.seed()), "the figure says which seed");
    }

    @Test
    void secondRunTrainsNothingAndReturnsTheSameRows() {
        List<String> second = new ArrayList<>();
        ReproductionRun again;
        radlab.testing.SmokeSweep.copyTo(tmp.resolve("sweep")); // the shared run is read, never written
        try (LocalEngine e = new LocalEngine(2)) {
            again = Reproduction.run(ReproductionProfile.smoke(), tmp.resolve("sweep"), e, second::add);
        }
        int n = run.rows().size();
        assertTrue(second.stream().anyMatch(l -> l.contains(n + " points, " + n + " already done, 0 to run now")), String.join("\n", second));
        assertTrue(second.stream().noneMatch(l -> l.matches("\\[\\d+/\\d+] .*")), "no point trained:\n" + String.join("\n", second));
        assertEquals(run.rows(), again.rows());
    }

    /**
     * Figures that study kept models read the first seed of each configuration, so a run for them alone trains only
     * those points, returns the very rows of the full run, and writes no tables; with every point present it is the
     * full run.
     */
    @Test
    void firstSeedsRunTrainsOnlyTheFirstSeedOfEachConfiguration() throws Exception {
        Path dir = tmp.resolve("first-seeds");
        radlab.testing.SmokeSweep.copyTo(dir);
        radlab.experiment.sweep.Subset first = Reproduction.firstSeeds(run.plan().stream().map(radlab.experiment.sweep.Sweep.Planned::spec).toList());
        int configs = run.configs().size();
        assertEquals(configs, first.positions().size());
        try (LocalEngine e = new LocalEngine(2)) {
            assertTrue(Reproduction.run(ReproductionProfile.smoke(), dir, e, s -> { }, true, true).complete(), "every point present: the full run");
            // Keep only the first seeds, and drop one of them too: that one point is all the run may train.
            String dropped = null;
            List<String> removed = new ArrayList<>();
            for (int i = 0; i < run.plan().size(); i++) {
                radlab.experiment.sweep.PointTask t = run.plan().get(i).task();
                if (!first.owns(i) || dropped == null) {
                    if (first.owns(i)) dropped = t.hash();
                    removed.add(t.hash());
                }
            }
            assertTrue(Files.exists(dir.resolve("results.csv")), "the full run wrote its tables");
            radlab.testing.SmokeSweep.removePoints(dir, removed);
            List<String> log = new ArrayList<>();
            ReproductionRun firstRun = Reproduction.run(ReproductionProfile.smoke(), dir, e, log::add, true, true);
            assertEquals(1, log.stream().filter(l -> l.matches("\\[\\d+/\\d+] .*")).count(), "one point trained:\n" + String.join("\n", log));
            assertTrue(!firstRun.complete() && firstRun.plan().size() == configs, firstRun.plan().size() + " points");
            for (int i = 0, k = 0; i < run.plan().size(); i++) {
                if (!first.owns(i)) continue;
                assertEquals(run.plan().get(i).spec(), firstRun.plan().get(k).spec());
                assertEquals(run.plan().get(i).task().hash(), firstRun.plan().get(k).task().hash());
                assertEquals(run.rows().get(i).get("config"), firstRun.rows().get(k).get("config"));
                // the dropped point was retrained: same seed, same machine, so the same row but for its wall times
                if (!run.plan().get(i).task().hash().equals(dropped)) assertEquals(run.rows().get(i), firstRun.rows().get(k));
                k++;
            }
            assertEquals(configs, firstRun.configs().size());
            assertTrue(!Files.exists(dir.resolve("results.csv")), "a run of the first seeds writes no tables");
            assertEquals(configs, Reproduction.firstSeedGrid(ReproductionProfile.smoke().grid()).points().size());
        }
    }

    @Test
    void bftTotalIsItsTermsCertificatesAreSoundAndReconstructionIsFlaggedForRelu() {
        for (ResultRow r : run.rows()) {
            // The row's BFT total is its three terms (BoundRowsTest recomputes each term from the source formula).
            double bft = r.number("bound.bft_margin.total");
            double terms = r.number("bound.bft_margin.margin_loss") + r.number("bound.bft_margin.rademacher") + r.number("bound.bft_margin.confidence");
            assertEquals(terms, bft, 1e-12 * bft, r.get("config") + ": BFT total is not the sum of its terms");
            assertEquals(0.0, r.number("bound.paper_l2.assumptions_met"), "ReLU networks must be flagged");
            assertTrue(r.string("bound.paper_l2.assumptions_not_met").contains(radlab.bounds.Assumption.SMOOTH_ACTIVATION.violation()));
            // The margin is the 10th percentile of the training margins, so the fixed-γ BFT bound is flagged.
            assertTrue(r.string("bound.bft_margin.assumptions_not_met").contains("margin chosen on data"), r.string("bound.bft_margin.assumptions_not_met"));
            assertTrue(Double.isFinite(r.number("bound.paper_l2.total")) && r.number("bound.paper_l2.total") > 0);
            for (String norm : List.of("l2", "linf")) {
                assertEquals(0.0, r.number("certify." + norm + ".certified_but_broken"), "a certified sample the attack broke");
                // "best" is the union of the samples each method certified: at least every method's own fraction.
                double best = r.number("certify." + norm + ".best");
                for (String m : norm.equals("l2") ? List.of("ibp", "crown", "lipschitz") : List.of("ibp", "crown")) {  // Lipschitz: ℓ2 only
                    double v = r.number("certify." + norm + "." + m);
                    assertTrue(best >= v, norm + " best " + best + " < " + m + " " + v);
                }
                assertTrue(Double.isFinite(r.number("pgd." + norm + ".test_accuracy")));
                assertTrue(r.number("certify." + norm + ".attacked_accuracy") >= r.number("certify." + norm + ".best"), "bracket on the same samples");
            }
        }
    }
}
