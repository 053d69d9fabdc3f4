package radlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import radlab.experiment.sweep.Engine;
import radlab.experiment.sweep.Grid;
import radlab.experiment.sweep.Shard;
import radlab.experiment.sweep.Sweep;
import radlab.spec.ExperimentSpec;

@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a grid of experiments (JSON: base spec, explicit points, Cartesian axes; see docs/sweeps.md): each point is",
                "trained, attacked (the APGD suite under ℓ2 and ℓ∞), measured (Jacobian and layer norms, bounds with their terms) and stored under its content hash,",
                "so re-running or resuming skips finished points. Writes results.csv, results.parquet and aggregated.csv (mean ± 95 %% t-interval",
                "over seeds) to OUT.",
                "On a job-array scheduler (Slurm, PBS, LSF) run N processes with --shard 0/N … N-1/N into one OUT, then --collect once;",
                "--estimate prints the grid's cost (points, core-hours, wall time) from a short calibration on this machine, training nothing."})
final class SweepCommand implements Callable<Integer> {
    @Option(names = "--grid", required = true, paramLabel = "FILE", description = "The grid (JSON).")
    Path grid;

    @Mixin EngineOptions engineOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep directory (default: reports/sweeps/NAME, NAME from the grid).")
    Path out;

    @Option(names = "--keep-models", description = "Also save each trained model under OUT/models/HASH/.")
    boolean keepModels;

    @Option(names = "--max-points", defaultValue = "0", paramLabel = "K",
            description = "Compute at most K missing points, then stop; re-run to resume (default: all).")
    int maxPoints;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only the I-th of N disjoint slices of the grid (0 ≤ I < N, 0-based like SLURM_ARRAY_TASK_ID: point p of the "
                    + "grid's order belongs to shard p mod N) into OUT, and write no tables; concurrent shards may share OUT.")
    String shard;

    @Option(names = "--collect",
            description = "Write the tables of a sharded sweep in OUT, trained nothing; if points are missing, list them (one line each) and exit 1.")
    boolean collect;

    @Option(names = "--estimate",
            description = "Validate the grid, time a short calibration of each point kind on this machine and print points, core-hours and wall "
                    + "time for the chosen engine and workers; trains no point and writes nothing.")
    boolean estimate;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    /** Exit code of --collect when points are missing (2 stays for bad input). */
    static final int EXIT_INCOMPLETE = 1;

    @Override
    public Integer call() {
        if (maxPoints < 0) throw new IllegalArgumentException("--max-points must be ≥ 0, got " + maxPoints);
        Shard slice = shard == null ? null : Shard.parse(shard);
        if (collect && (slice != null || estimate || maxPoints > 0 || keepModels)) {
            throw new IllegalArgumentException("--collect only writes the tables; it takes no --shard, --estimate, --max-points or --keep-models");
        }
        engineOptions.validate();
        if (!java.nio.file.Files.isRegularFile(grid)) throw new IllegalArgumentException("--grid " + grid + ": no such file");
        Grid g;
        try {
            g = Grid.read(grid);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(grid + ": " + e.getMessage());
        }
        Path dir = out != null ? out : Path.of("reports", "sweeps", g.name());
        if (estimate) return SweepEstimateReport.print(g.name(), g.points(), slice, dir, engineOptions, quiet);
        if (collect) return collect(g, dir);
        if (slice == null) {
            radlab.report.StagedDirectory.create(dir.resolve("sweep-check")).close(); // fails early if DIR is not writable
        } else {
            // Shards start together on a shared file system: no staging directory (another node's would look stale).
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot create " + dir + ": " + radlab.util.IoErrors.reason(e));
            }
            radlab.report.StagedDirectory.checkWritable(dir);
        }
        try (Engine e = engineOptions.open("radlab sweep " + g.name())) {
            Sweep.Summary s = Sweep.run(g, e, new Sweep.Options(dir, keepModels, maxPoints, null, slice), quiet ? m -> { } : System.err::println);
            System.out.printf("%s%d points: %d already done, %d computed (%d corrupt rows recomputed), %d remaining%n",
                    slice == null ? "" : "shard " + slice + ": ", s.total(), s.alreadyDone(), s.computed(), s.corrupt(), s.remaining());
            if (s.remaining() == 0 && slice == null) System.out.println("wrote " + dir.resolve("results.csv") + ", results.parquet, aggregated.csv");
        }
        return 0;
    }

    /** --collect: the tables, or one line per missing point and exit 1. */
    private int collect(Grid g, Path dir) {
        List<Sweep.Missing> missing = Sweep.collect(g, new Sweep.Options(dir, false, 0, null));
        if (missing.isEmpty()) {
            System.out.printf("%d points: all present; wrote %s, results.parquet, aggregated.csv%n", g.points().size(), dir.resolve("results.csv"));
            return 0;
        }
        for (Sweep.Missing m : missing) {
            ExperimentSpec s = m.planned().spec();
            System.out.printf("missing: point %d (%s %s seed %d), %s, %s%n", m.position(), s.model().arch(), s.objective().kind(), s.seed(),
                    m.planned().task().hash(), m.reason());
        }
        System.out.printf("%d of %d points missing; no tables written (point p belongs to shard p mod N: re-run those shards, then --collect)%n",
                missing.size(), g.points().size());
        return EXIT_INCOMPLETE;
    }
}
