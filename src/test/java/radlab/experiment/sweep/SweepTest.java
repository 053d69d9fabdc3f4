package radlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.experiment.sweep.engine.LocalEngine;
import radlab.report.CsvTable;
import radlab.spec.SpecFactory;

class SweepTest {
    static final String CODE = "test-code";

    /** Rows equal bit for bit except timings; on failure names the first differing cell. */
    static void assertSameRows(List<ResultRow> expected, List<ResultRow> actual) {
        assertEquals(expected.size(), actual.size(), "row count");
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = expected.get(i).withoutTimings(), a = actual.get(i).withoutTimings();
            assertEquals(e.keySet(), a.keySet(), "columns of row " + i);
            for (String k : e.keySet()) assertEquals(e.get(k), a.get(k), "row " + i + ", column " + k);
        }
    }

    @Test
    void killedSweepResumesAndTrainsOnlyTheMissingPoints(@TempDir Path dir) throws Exception {
        Grid g = Grid.parse(TinyGrids.THREE);
        List<String> log = new ArrayList<>();
        Sweep.Summary first = Sweep.run(g, new LocalEngine(2), new Sweep.Options(dir, false, 2, CODE), log::add);
        assertEquals(2, first.computed());
        assertEquals(1, first.remaining());
        assertTrue(Files.notExists(dir.resolve("results.csv")), "no table before every point is done");
        List<Path> stored;
        try (var s = Files.list(dir.resolve("points"))) {
            stored = s.sorted().toList();
        }
        assertEquals(2, stored.size());
        long[] mtimes = {Files.getLastModifiedTime(stored.get(0)).toMillis(), Files.getLastModifiedTime(stored.get(1)).toMillis()};

        Sweep.Summary second = Sweep.run(g, new LocalEngine(2), new Sweep.Options(dir, false, 0, CODE), log::add);
        assertEquals(2, second.alreadyDone());
        assertEquals(1, second.computed(), "only the missing point is trained");
        assertEquals(0, second.remaining());
        assertEquals(mtimes[0], Files.getLastModifiedTime(stored.get(0)).toMillis());
        assertEquals(mtimes[1], Files.getLastModifiedTime(stored.get(1)).toMillis());
        assertEquals(3, second.rows().size());
        List<List<String>> csv = CsvTable.read(dir.resolve("results.csv"));
        assertEquals(4, csv.size());
        assertTrue(Files.size(dir.resolve("results.parquet")) > 0);
        List<List<String>> agg = CsvTable.read(dir.resolve("aggregated.csv"));
        assertEquals(2, agg.size(), "one configuration");
        assertEquals("3", agg.get(1).get(agg.get(0).indexOf(SeedAggregation.N_SEEDS)));

        Sweep.Summary third = Sweep.run(g, new LocalEngine(1), new Sweep.Options(dir, false, 0, CODE), log::add);
        assertEquals(3, third.alreadyDone());
        assertEquals(0, third.computed());
        Sweep.Summary newCode = Sweep.run(g, new LocalEngine(2), new Sweep.Options(dir, false, 1, CODE + "-2"), log::add);
        assertEquals(0, newCode.alreadyDone(), "a new code version invalidates every stored row");
    }

    @Test
    void corruptOrPartialRowFilesAreDetectedAndRecomputed(@TempDir Path dir) throws Exception {
        Grid g = Grid.parse(TinyGrids.THREE);
        Sweep.Summary first = Sweep.run(g, new LocalEngine(2), new Sweep.Options(dir, false, 0, CODE), s -> { });
        List<Sweep.Planned> plan = Sweep.plan(g, new Sweep.Options(dir, false, 0, CODE));
        PointStore store = new PointStore(dir);
        Path truncated = store.file(plan.get(0).task().hash()), edited = store.file(plan.get(1).task().hash());
        String text = Files.readString(truncated);
        Files.writeString(truncated, text.substring(0, text.length() / 2));
        Files.writeString(edited, Files.readString(edited).replaceFirst("\"test_accuracy\",\"d\",\"[0-9.E-]+\"", "\"test_accuracy\",\"d\",\"0.99\""));
        assertInstanceOf(PointStore.Status.Corrupt.class, store.status(plan.get(0).task().hash()));
        PointStore.Status st = store.status(plan.get(1).task().hash());
        assertInstanceOf(PointStore.Status.Corrupt.class, st);
        assertEquals("checksum mismatch", ((PointStore.Status.Corrupt) st).reason());

        List<String> log = new ArrayList<>();
        Sweep.Summary again = Sweep.run(g, new LocalEngine(2), new Sweep.Options(dir, false, 0, CODE), log::add);
        assertEquals(2, again.corrupt());
        assertEquals(2, again.computed());
        assertEquals(1, again.alreadyDone());
        assertTrue(log.stream().anyMatch(l -> l.contains("corrupt (checksum mismatch)")), log.toString());
        assertSameRows(first.rows(), again.rows());
    }

    @Test
    void aDivergedPointIsARowWithItsStatusNotAFailedSweep(@TempDir Path dir) throws Exception {
        Grid g = Grid.parse("{" + TinyGrids.BASE + ", \"points\": [{}, {\"optimizer\": {\"kind\": \"sgd\", \"learningRate\": 1e30}}]}");
        Sweep.Summary s = Sweep.run(g, new LocalEngine(2), new Sweep.Options(dir, false, 0, CODE), m -> { });
        assertEquals("ok", s.rows().get(0).get(PointRunner.STATUS));
        assertTrue(s.rows().get(1).string(PointRunner.STATUS).startsWith("diverged: training diverged"), s.rows().get(1).string(PointRunner.STATUS));
        assertEquals(null, s.rows().get(1).get("test_accuracy"));
        List<List<String>> csv = CsvTable.read(dir.resolve("results.csv"));
        assertEquals("", csv.get(2).get(csv.get(0).indexOf("test_accuracy")), "missing cells are empty");
        List<List<String>> agg = CsvTable.read(dir.resolve("aggregated.csv"));
        assertEquals("0", agg.get(2).get(agg.get(0).indexOf(SeedAggregation.N_SEEDS)));
    }

    @Test
    void rowsDoNotDependOnTheWorkerCount(@TempDir Path dir) {
        Grid g = Grid.parse(TinyGrids.FOUR);
        Sweep.Summary one = Sweep.run(g, new LocalEngine(1), new Sweep.Options(dir.resolve("w1"), false, 0, CODE), s -> { });
        Sweep.Summary two = Sweep.run(g, new LocalEngine(2), new Sweep.Options(dir.resolve("w2"), true, 0, CODE), s -> { });
        assertEquals(4, one.rows().size());
        assertSameRows(one.rows(), two.rows());
        assertTrue(one.rows().stream().allMatch(r -> "ok".equals(r.get(PointRunner.STATUS))));
        assertTrue(Files.isDirectory(dir.resolve("w2/models")));
    }

    /**
     * Issue #16: a sweep reads {@code data.dir} (and {@code model.precision}) through SpecFactory like train does. Its
     * points are addressed by the directory's contents: the same files in two directories give the same data hash,
     * other files another; the point hash also differs with the directory named in the spec.
     */
    @Test
    void dataDirectoryPointsAreAddressedByTheirContentsAndRun(@TempDir Path dir) throws Exception {
        Path a = radlab.data.IdxFixtures.write(dir.resolve("a"), radlab.data.IdxFixtures.valid(200, 60));
        Path copy = radlab.data.IdxFixtures.write(dir.resolve("copy"), radlab.data.IdxFixtures.valid(200, 60));
        byte[][] other = radlab.data.IdxFixtures.valid(200, 60);
        other[0] = radlab.data.IdxFixtures.images(200, 99);
        Path b = radlab.data.IdxFixtures.write(dir.resolve("b"), other);
        List<Sweep.Planned> plans = new ArrayList<>();
        for (Path p : List.of(a, copy, b)) {
            Grid g = Grid.parse("{\"base\": {\"data\": {\"dir\": \"" + p + "\", \"trainSize\": 150, \"testSize\": 50}, \"model\": {\"arch\": \"mlp:8\"},"
                    + " \"optimizer\": {\"epochs\": 1, \"batchSize\": 50}, \"evaluation\": {\"attackSteps\": 1, \"evalSize\": 20}}}");
            plans.add(Sweep.plan(g, new Sweep.Options(dir.resolve("s"), false, 0, CODE)).get(0));
        }
        assertEquals(plans.get(0).task().dataHash(), plans.get(1).task().dataHash(), "same files, same data hash");
        assertTrue(!plans.get(0).task().dataHash().equals(plans.get(2).task().dataHash()), "other pixels, other data hash");
        assertEquals(3, plans.stream().map(p -> p.task().hash()).distinct().count());
        Grid run = Grid.parse("{\"base\": {\"data\": {\"dir\": \"" + a + "\", \"trainSize\": 150, \"testSize\": 50}, \"model\": {\"arch\": \"mlp:8\"},"
                + " \"optimizer\": {\"epochs\": 1, \"batchSize\": 50}, \"evaluation\": {\"attackSteps\": 1, \"evalSize\": 20}},"
                + " \"axes\": {\"model.precision\": [\"float\", \"double\"]}}");
        Sweep.Summary s = Sweep.run(run, new LocalEngine(1), new Sweep.Options(dir.resolve("s"), false, 0, CODE), m -> { });
        for (ResultRow r : s.rows()) {
            assertEquals("ok", r.get(PointRunner.STATUS));
            assertTrue(Double.isFinite(r.number("gap.standard_loss")), r.toString());
        }
        assertTrue(!s.rows().get(0).get("train_loss").equals(s.rows().get(1).get("train_loss")), "double precision was honoured, not ignored");
    }
}
