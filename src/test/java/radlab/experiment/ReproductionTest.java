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
import radlab.plot.Figure;
import radlab.plot.ReproductionFigures;
import radlab.report.CsvTable;
import radlab.train.TrainingListener;

/** The whole reproduction pipeline on the smoke profile: files, finiteness, CSV/plot agreement and the model cache. */
class ReproductionTest {
    @TempDir
    static Path tmp;
    static Reproduction.Result result;
    static List<String> log = new ArrayList<>();

    @BeforeAll
    static void runSmokeProfile() {
        result = new Reproduction(ReproductionProfile.smoke(), tmp.resolve("cache"), () -> TrainingListener.SILENT, log::add).run();
    }

    @Test
    void everyFigureIsWrittenWithNonEmptyFiniteData() throws Exception {
        assertEquals(ReproductionProfile.smoke().points().size(), result.models().size());
        for (String name : ReproductionFigures.NAMES) {
            Figure f = ReproductionFigures.build(name, result);
            Path dir = f.write(tmp.resolve("reports").resolve(name), "provenance here");
            for (String file : List.of(name + ".png", name + ".svg", name + ".csv", "README.md")) {
                assertTrue(Files.size(dir.resolve(file)) > 0, name + "/" + file);
            }
            assertTrue(Files.readString(dir.resolve(name + ".svg")).contains("<svg"), name + ".svg is SVG");
            List<List<String>> csv = CsvTable.read(dir.resolve(name + ".csv"));
            assertTrue(csv.size() > 1, name + " has data rows");
            for (List<String> row : csv.subList(1, csv.size())) {
                for (String cell : row) {
                    assertTrue(!cell.equals("NaN") && !cell.contains("Infinity"), name + " has a non-finite cell in " + row);
                }
            }
            // Every plotted series comes from CSV columns: each plotted y value appears in the written CSV.
            for (XYSeries s : f.chart().getSeriesMap().values()) {
                double[] y = s.getYData();
                for (double v : y) {
                    boolean found = csv.subList(1, csv.size()).stream().flatMap(List::stream).anyMatch(cell -> sameNumber(cell, v));
                    assertTrue(found || s.getName().equals("y = x"), name + ": series '" + s.getName() + "' value " + v + " not in the CSV");
                }
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

    @Test
    void boundFigureLabelsEveryBoundWhoseAssumptionsFail() {
        Figure f = ReproductionFigures.build("bound-vs-gap", result);
        for (radlab.bounds.Bound b : radlab.bounds.BoundRegistry.ALL) {
            boolean plotted = f.chart().getSeriesMap().keySet().stream()
                    .anyMatch(name -> name.startsWith(b.name()) && name.contains("assumptions not met"));
            assertTrue(plotted, b.id() + " is plotted and flagged: " + f.chart().getSeriesMap().keySet());
        }
        assertTrue(!f.description().contains("guaranteed with probability"), "no bound is called guaranteed");
    }

    @Test
    void jacobianFigureSeriesEqualTheCsvColumns() throws Exception {
        Figure f = ReproductionFigures.build("jacobian-vs-lambda", result);
        Path dir = f.write(tmp.resolve("agree"), "");
        List<List<String>> csv = CsvTable.read(dir.resolve("jacobian-vs-lambda.csv"));
        List<Double> l2 = new ArrayList<>();
        for (List<String> row : csv.subList(1, csv.size())) if (row.get(1).equals("l2")) l2.add(Double.parseDouble(row.get(3)));
        double[] plotted = f.chart().getSeriesMap().get("ℓ2-regularized: ‖J‖_F").getYData();
        assertArrayEquals(l2.stream().mapToDouble(Double::doubleValue).toArray(), plotted, 1e-12);
    }

    @Test
    void rerunReusesCachedModelsAndReproducesTheMeasurements() {
        List<String> second = new ArrayList<>();
        Reproduction.Result again = new Reproduction(ReproductionProfile.smoke(), tmp.resolve("cache"), () -> TrainingListener.SILENT, second::add).run();
        assertEquals(result.models().size(), second.stream().filter(s -> s.contains("cached model")).count(), String.join("\n", second));
        for (int i = 0; i < result.models().size(); i++) {
            assertEquals(result.models().get(i).test(), again.models().get(i).test());
            assertEquals(result.models().get(i).testJacobian().meanFrobenius(), again.models().get(i).testJacobian().meanFrobenius(), 0.0);
        }
    }

    @Test
    void bftBoundCoversTheMeasuredTestErrorAndReconstructionIsFlaggedForRelu() {
        for (ModelMeasurement m : result.models()) {
            // BFT Theorem 1.1 holds with probability ≥ 1 − δ for every network: a violation would be a bug.
            double bft = m.bound("bft-margin").value();
            assertTrue(bft >= m.test().error(), m.point().key() + ": BFT bound " + bft + " < test error");
            assertTrue(!m.bound("paper-l2").assumptionsMet(), "ReLU networks must be flagged");
            assertTrue(m.bound("paper-l2").unmet().contains(radlab.bounds.Assumption.SMOOTH_ACTIVATION));
            // The margin is the 10th percentile of the training margins, so the fixed-γ BFT bound is flagged.
            assertTrue(m.bound("bft-margin").label().contains("margin chosen on data"), m.bound("bft-margin").label());
            assertTrue(Double.isFinite(m.bound("paper-l2").value()) && m.bound("paper-l2").value() > 0);
        }
    }
}
