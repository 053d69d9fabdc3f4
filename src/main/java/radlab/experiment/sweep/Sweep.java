package radlab.experiment.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import radlab.spec.ExperimentSpec;
import radlab.spec.SpecHash;
import radlab.spec.SpecJson;

/**
 * Runs a {@link Grid} on an {@link Engine}: content-addresses every point (spec + data hash + code version), skips
 * points whose row is already stored, recomputes corrupt ones, stores each new row as it arrives, and — once every
 * point is done — writes the sweep's tables: {@code results.csv}, {@code results.parquet} and
 * {@code aggregated.csv} (mean ± 95 % t-interval over seeds). Layout of {@code dir}: {@code points/HASH.row.json},
 * {@code models/HASH/} (with keepModels), {@code sweep.json} ({@link SweepManifest}: which grid), and the three tables.
 * With a {@link Shard} only that slice of the points runs and no tables are written: {@link #collect} writes them once
 * every shard is done, exactly as an unsharded run would.
 */
public final class Sweep {
    /**
     * @param maxPoints   compute at most this many missing points, then stop (0 = all): sweeps run in pieces
     * @param codeVersion null = {@link CodeVersion#current()}
     * @param slice       run only this slice of the grid (a {@link Shard} or a {@link Subset}) and write no tables (null =
     *                    every point, then the tables)
     */
    public record Options(Path dir, boolean keepModels, int maxPoints, String codeVersion, Slice slice) {
        public Options(Path dir, boolean keepModels, int maxPoints, String codeVersion) {
            this(dir, keepModels, maxPoints, codeVersion, null);
        }
    }

    /** A point of the grid that has no intact row: its 0-based position in the grid, its plan, and why. */
    public record Missing(int position, Planned planned, String reason) {}

    /**
     * What a run did, with the rows of the points it covers (the whole grid, or its slice) in grid order once they are
     * all done (none while {@code remaining} &gt; 0). The tables are written only for a whole grid.
     */
    public record Summary(int total, int alreadyDone, int computed, int corrupt, int remaining, List<ResultRow> rows) {
        public Summary {
            rows = List.copyOf(rows);
        }
    }

    /** A point of the grid with its address. */
    public record Planned(ExperimentSpec spec, PointTask task) {}

    private Sweep() {}

    /** Addresses every point: loads each distinct data spec once to hash it. */
    public static List<Planned> plan(Grid grid, Options o) {
        String code = o.codeVersion() != null ? o.codeVersion() : CodeVersion.current();
        Map<radlab.spec.DataSpec, String> dataHashes = new LinkedHashMap<>();
        List<Planned> out = new ArrayList<>();
        for (ExperimentSpec s : grid.points()) {
            String dataHash = dataHashes.computeIfAbsent(s.data(), d -> SweepData.load(d).hash());
            String hash = SpecHash.of(s, dataHash, code);
            String modelDir = o.keepModels() ? o.dir().resolve("models").resolve(hash).toAbsolutePath().toString() : null;
            out.add(new Planned(s, new PointTask(SpecJson.canonical(s), hash, dataHash, code, modelDir)));
        }
        return out;
    }

    public static Summary run(Grid grid, Engine engine, Options o, Consumer<String> log) {
        if (o.slice() instanceof Shard && java.nio.file.Files.isDirectory(o.dir())) {
            // shards of one grid share a directory; a shard of another grid there would overwrite its manifest, and
            // --collect would then refuse the directory's own grid
            SweepManifest m = SweepManifest.read(o.dir());
            if (m != null) requireSameGrid("--shard", m, grid, o.dir());
        }
        List<Planned> plan = plan(grid, o);
        PointStore store = new PointStore(o.dir());
        SweepManifest.of(grid).write(o.dir());  // also the first write into DIR: an unwritable DIR fails here, before any work
        List<Planned> mine = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) if (o.slice() == null || o.slice().owns(i)) mine.add(plan.get(i));
        List<PointTask> todo = new ArrayList<>();
        int done = 0, corrupt = 0;
        for (Planned p : mine) {
            PointStore.Status st = store.status(p.task().hash());
            if (st instanceof PointStore.Status.Done) {
                done++;
                continue;
            }
            if (st instanceof PointStore.Status.Corrupt c) {
                corrupt++;
                log.accept("radlab: warning: " + store.file(p.task().hash()) + " is corrupt (" + c.reason() + "); recomputing it");
            }
            todo.add(p.task());
        }
        List<PointTask> now = o.maxPoints() > 0 && todo.size() > o.maxPoints() ? todo.subList(0, o.maxPoints()) : todo;
        String what = o.slice() == null ? String.format("sweep %s: %d points", grid.name(), plan.size())
                : String.format("sweep %s %s: %d of its %d points", grid.name(), o.slice().describe(), mine.size(), plan.size());
        log.accept(String.format("%s, %d already done, %d to run now on %s", what, done, now.size(), engine.describe()));
        if (o.keepModels() && !now.isEmpty()) {
            // Created here, once: two workers saving their first models would otherwise race to create it.
            try {
                java.nio.file.Files.createDirectories(o.dir().resolve("models"));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot create " + o.dir().resolve("models") + ": " + e.getMessage());
            }
        }
        int[] count = {0};
        int alreadyDone = done;
        long t0 = System.nanoTime();
        engine.run(now, (task, encoded) -> {
            ResultRow row = store.save(task.hash(), encoded);
            count[0]++;
            Object acc = row.get("test_accuracy");
            double elapsed = (System.nanoTime() - t0) / 1e9;
            log.accept(String.format("[%d/%d] %s %s seed %s: %s (%.0f s elapsed, %s)", alreadyDone + count[0], mine.size(), row.get("spec.arch"),
                    row.get("spec.objective"), row.get(SpecColumns.SEED), acc == null ? row.get(PointRunner.STATUS) : "test accuracy " + acc, elapsed,
                    eta(elapsed, count[0], todo.size())));
        });
        int remaining = todo.size() - now.size();
        if (remaining > 0) {
            log.accept(String.format("stopped after %d points; %d remain (re-run the same command to resume)", now.size(), remaining));
            return new Summary(mine.size(), done, now.size(), corrupt, remaining, List.of());
        }
        List<ResultRow> rows = new ArrayList<>();
        for (Planned p : mine) {
            if (!(store.status(p.task().hash()) instanceof PointStore.Status.Done d)) {
                throw new IllegalStateException("point " + p.task().hash() + " has no intact row after running; re-run to recompute it");
            }
            rows.add(d.row());
        }
        if (o.slice() != null) {
            log.accept(o.slice().whenDone());
            return new Summary(mine.size(), done, now.size(), corrupt, 0, rows);
        }
        writeTables(rows, o.dir());
        return new Summary(plan.size(), done, now.size(), corrupt, 0, rows);
    }

    /**
     * The time left for the whole run: the points still to run at the mean time per point so far (the engine keeps all
     * its workers busy, so the mean already includes their parallelism).
     */
    static String eta(double elapsedSeconds, int finished, int toRun) {
        int left = toRun - finished;
        if (left <= 0) return "ETA 0 s";
        return "ETA " + Durations.format(elapsedSeconds / finished * left);
    }

    /** Refuses {@code dir}, whose manifest is {@code m}, if a grid other than {@code grid} last ran there (one line for {@code option}). */
    private static void requireSameGrid(String option, SweepManifest m, Grid grid, java.nio.file.Path dir) {
        if (!m.identity().equals(grid.identity())) {
            throw new IllegalArgumentException(String.format("%s: %s belongs to grid '%s' (%d points), not to this grid '%s' (%d points)",
                    option, dir, m.name(), m.points(), grid.name(), grid.points().size()));
        }
    }

    /**
     * Writes the tables of a sharded sweep once every point of {@code grid} has an intact row in {@code o.dir()}: the
     * same files, from the same rows in the same order, as an unsharded run. Returns the points still missing (and
     * writes nothing) otherwise.
     *
     * @throws IllegalArgumentException if {@code o.dir()} is not a sweep directory or belongs to another grid
     */
    public static List<Missing> collect(Grid grid, Options o) {
        if (!java.nio.file.Files.isDirectory(o.dir())) throw new IllegalArgumentException("--collect: " + o.dir() + " is not a directory");
        SweepManifest m = SweepManifest.read(o.dir());
        if (m == null) {
            throw new IllegalArgumentException("--collect: " + o.dir() + " is not a sweep directory (no " + SweepManifest.FILE + "); run the shards there first");
        }
        requireSameGrid("--collect", m, grid, o.dir());
        List<Planned> plan = plan(grid, o);
        PointStore store = new PointStore(o.dir());
        List<Missing> missing = new ArrayList<>();
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Planned p = plan.get(i);
            PointStore.Status st = store.status(p.task().hash());
            if (st instanceof PointStore.Status.Done d) rows.add(d.row());
            else missing.add(new Missing(i, p, st instanceof PointStore.Status.Corrupt c ? "corrupt row (" + c.reason() + ")" : "no row"));
        }
        if (missing.isEmpty()) writeTables(rows, o.dir());
        return missing;
    }

    /** results.csv, results.parquet and aggregated.csv of {@code rows} (in grid order), each written atomically. */
    private static void writeTables(List<ResultRow> rows, Path dir) {
        ResultTable table = ResultTable.of(rows);
        table.writeCsv(dir.resolve("results.csv"));
        ParquetTable.write(table, dir.resolve("results.parquet"));
        SeedAggregation.aggregate(table).write(dir.resolve("aggregated.csv"));
    }
}
