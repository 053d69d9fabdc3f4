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
        Path out = run.figure().write(dir.resolve("fig"), "");
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
}
