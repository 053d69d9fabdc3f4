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
 * {@code models/HASH/} (with keepModels), and the three tables.
 */
public final class Sweep {
    /**
     * @param maxPoints   compute at most this many missing points, then stop (0 = all): sweeps run in pieces
     * @param codeVersion null = {@link CodeVersion#current()}
     */
    public record Options(Path dir, boolean keepModels, int maxPoints, String codeVersion) {}

    /** What a run did. {@code remaining} &gt; 0 means the tables were not written yet. */
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
        List<Planned> plan = plan(grid, o);
        PointStore store = new PointStore(o.dir());
        List<PointTask> todo = new ArrayList<>();
        int done = 0, corrupt = 0;
        for (Planned p : plan) {
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
        log.accept(String.format("sweep %s: %d points, %d already done, %d to run now on %s", grid.name(), plan.size(), done, now.size(),
                engine.describe()));
        if (o.keepModels() && !now.isEmpty()) {
            // Created here, once: two workers saving their first models would otherwise race to create it.
            try {
                java.nio.file.Files.createDirectories(o.dir().resolve("models"));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot create " + o.dir().resolve("models") + ": " + e.getMessage());
            }
        }
        int[] count = {0};
        long t0 = System.nanoTime();
        engine.run(now, (task, encoded) -> {
            ResultRow row = store.save(task.hash(), encoded);
            count[0]++;
            Object acc = row.get("test_accuracy");
            log.accept(String.format("[%d/%d] %s %s seed %s: %s (%.0f s elapsed)", count[0], now.size(), row.get("spec.arch"), row.get("spec.objective"),
                    row.get(SpecColumns.SEED), acc == null ? row.get(PointRunner.STATUS) : "test accuracy " + acc, (System.nanoTime() - t0) / 1e9));
        });
        int remaining = todo.size() - now.size();
        if (remaining > 0) {
            log.accept(String.format("stopped after %d points; %d remain (re-run the same command to resume)", now.size(), remaining));
            return new Summary(plan.size(), done, now.size(), corrupt, remaining, List.of());
        }
        List<ResultRow> rows = new ArrayList<>();
        for (Planned p : plan) {
            if (!(store.status(p.task().hash()) instanceof PointStore.Status.Done d)) {
                throw new IllegalStateException("point " + p.task().hash() + " has no intact row after running; re-run to recompute it");
            }
            rows.add(d.row());
        }
        ResultTable table = ResultTable.of(rows);
        table.writeCsv(o.dir().resolve("results.csv"));
        ParquetTable.write(table, o.dir().resolve("results.parquet"));
        SeedAggregation.aggregate(table).write(o.dir().resolve("aggregated.csv"));
        return new Summary(plan.size(), done, now.size(), corrupt, 0, rows);
    }
}
