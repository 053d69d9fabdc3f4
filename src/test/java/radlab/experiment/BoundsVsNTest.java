package radlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.bounds.BoundRegistry;
import radlab.experiment.sweep.engine.LocalEngine;
import radlab.report.CsvTable;
import radlab.spec.EvaluationSpec;

class BoundsVsNTest {
    /** Three sizes, one seed, a 784-16-10 network, one epoch: seconds; its numbers mean nothing. */
    static BoundsVsN.Settings tiny() {
        return new BoundsVsN.Settings("tiny", List.of(100, 200, 400), List.of(1L), "mnist", 100, 42, "mlp:16", 100, 1, 50,
                new EvaluationSpec(1.0, 0.1, 1, 30));
    }

    @Test
    void tinyGridWritesFiniteValuesAndResumesFromTheSweepCache(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        BoundsVsN.Run run = BoundsVsN.run(tiny(), new LocalEngine(1), dir.resolve("sweep"), log::add);
        BoundsVsN.Result r = run.result();
        assertEquals(3, r.models());
        assertEquals(BoundRegistry.ALL.size(), r.bounds().size(), "every registered bound");
        assertEquals(BoundsVsN.GAPS, r.gaps());
        for (BoundsVsN.AtSize p : r.points()) assertTrue(Double.isFinite(p.value().mean()), p.toString());
        for (String b : r.bounds()) {
            assertTrue(Double.isFinite(r.fit(b).slope().slope()), b);
            assertTrue(Double.isFinite(r.fit(b).slope().low()) && r.fit(b).slope().low() <= r.fit(b).slope().high(), b);
        }
        assertTrue(r.verdict().contains("registered bounds"), r.verdict());
        Path out = radlab.plot.BoundsVsNChart.build(r, run.table()).write(dir.resolve("fig"), "");
        List<List<String>> csv = CsvTable.read(out.resolve("bounds-vs-n.csv"));
        assertEquals(1 + 3 * (r.gaps().size() + r.bounds().size()), csv.size());
        int mean = csv.get(0).indexOf("mean");
        for (List<String> row : csv.subList(1, csv.size())) assertTrue(Double.isFinite(Double.parseDouble(row.get(mean))), row.toString());
        assertTrue(Files.size(out.resolve("bounds-vs-n.png")) > 0 && Files.size(out.resolve("bounds-vs-n.svg")) > 0);
        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("log–log slope") && readme.contains("Data SHA-256") && readme.contains("Seeds: 1"), readme);

        log.clear();
        BoundsVsN.run(tiny(), new LocalEngine(1), dir.resolve("sweep"), log::add);
        assertTrue(log.get(0).contains("3 already done, 0 to run"), log.toString());
    }

    @Test
    void verdictWarnsFromTheFirstSizeWhoseNetworksDoNotFitTheirTrainingSet() {
        List<radlab.experiment.sweep.ResultRow> rows = new ArrayList<>();
        double[][] accuracies = {{250, 1.0}, {250, 0.995}, {1000, 0.999}, {4000, 0.97}, {4000, 0.99}, {16000, 0.9}};
        for (double[] a : accuracies) rows.add(new radlab.experiment.sweep.ResultRow.Builder().put("spec.train_size", (long) a[0]).put("train_accuracy", a[1]).build());
        String caveat = BoundsVsN.underfitCaveat(rows);
        assertTrue(caveat.contains("from n = 4000") && caveat.contains("0.980 there") && caveat.contains("0.900 at the largest n"), caveat);
        assertEquals("", BoundsVsN.underfitCaveat(rows.subList(0, 3)), "every size fits its training set: no caveat");
    }

    @Test
    void gridHasOnePointPerSizeAndSeedWithTheTrainingBudget() {
        var g = BoundsVsN.grid(new BoundsVsN.Settings("t", List.of(250, 4000), List.of(1L, 2L), "mnist", 1000, 42, "mlp:16", 16_000, 4, 64,
                new EvaluationSpec(1.0, 0.1, 3, 200)));
        assertEquals(4, g.points().size());
        assertEquals(64, g.points().get(0).optimizer().epochs(), "⌈16000/250⌉");
        assertEquals(4, g.points().get(3).optimizer().epochs(), "max(4, 16000/4000)");
        assertEquals(4000, g.points().get(3).data().trainSize());
        assertEquals(3, g.points().get(0).evaluation().attackSteps());
    }

    @Test
    void badSettingsFailBeforeAnyWork() {
        assertThrows(IllegalArgumentException.class, () -> new BoundsVsN.Settings("t", List.of(100), List.of(1L), "mnist", 100, 42, "mlp:16", 100, 1,
                50, new EvaluationSpec(1.0, 0.1, 1, 30)));
        assertThrows(RuntimeException.class, () -> new BoundsVsN.Settings("t", List.of(100, 9500), List.of(1L), "mnist", 1000, 42, "mlp:16", 100, 1,
                50, new EvaluationSpec(1.0, 0.1, 1, 30)), "n + test size exceeds the shipped digits");
    }

    @Test
    void largeDataSettingsRunTheProfileSizesUpToAllTrainingImages() {
        BoundsVsN.Settings fashion = BoundsVsN.Settings.forData("paper", "fashion-mnist", null, 60_000, 10_000);
        assertEquals(List.of(500, 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000), fashion.trainSizes());
        assertEquals(10_000, fashion.testSize());
        assertEquals("paper-fashion-mnist", fashion.profile());
        BoundsVsN.Settings user = BoundsVsN.Settings.forData("quick", "mnist", "/full/mnist", 9000, 300);
        assertEquals(List.of(500, 2000, 8000, 9000), user.trainSizes(), "n beyond the shipped 8,000 when the directory has it");
        assertEquals(300, user.testSize());
        assertEquals(200, user.evaluation().evalSize());
        var g = BoundsVsN.grid(user);
        assertEquals("/full/mnist", g.points().get(3).data().dir());
        assertEquals(9000, g.points().get(6).data().trainSize());
        assertEquals(BoundsVsN.Settings.quick(), BoundsVsN.Settings.forData("quick", "mnist", null, 8000, 2000), "the shipped digits keep the profile");
        var e = assertThrows(IllegalArgumentException.class, () -> BoundsVsN.Settings.forData("smoke", "mnist", "/tiny", 80, 20));
        assertTrue(e.getMessage().startsWith("/tiny: 80 training images are too few"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BoundsVsN.Settings("t", List.of(100, 200), List.of(1L), "mnist", 100, 42, "mlp:16",
                100, 1, 50, new EvaluationSpec(1.0, 0.1, 1, 150)), "evaluation subsample larger than the smallest n");
    }

    /** Debian's Fashion-MNIST beyond the shipped 8,000 (skipped, with the reason, where dataset-fashion-mnist is not installed). */
    @Test
    void fashionMnistBeyondTheShippedSizeWritesFiniteValues(@TempDir Path dir) {
        Path data = radlab.data.MnistLoader.DEBIAN_FASHION_MNIST;
        if (!Files.isDirectory(data)) System.out.println("BoundsVsNTest: skipping Fashion-MNIST: " + data + " does not exist (Debian package dataset-fashion-mnist)");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(data), data + " does not exist (Debian package dataset-fashion-mnist)");
        BoundsVsN.Settings s = new BoundsVsN.Settings("fm", List.of(200, 8_200), List.of(1L), "fashion-mnist", 200, 42, "mlp:16", 200, 1, 100,
                new EvaluationSpec(1.0, 0.1, 1, 30));
        BoundsVsN.Result r = BoundsVsN.run(s, new LocalEngine(1), dir.resolve("sweep"), m -> { }).result();
        assertEquals(2, r.models());
        for (BoundsVsN.AtSize p : r.points()) assertTrue(Double.isFinite(p.value().mean()), p.toString());
        assertTrue(r.points().stream().anyMatch(p -> p.n() == 8_200));
    }
}
