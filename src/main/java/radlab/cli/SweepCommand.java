package radlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import radlab.experiment.sweep.Engine;
import radlab.experiment.sweep.Grid;
import radlab.experiment.sweep.Sweep;

@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a grid of experiments (JSON: base spec, explicit points, Cartesian axes; see docs/sweeps.md): each point is",
                "trained, attacked (the APGD suite under ℓ2 and ℓ∞), measured (Jacobian and layer norms, bounds with their terms) and stored under its content hash,",
                "so re-running or resuming skips finished points. Writes results.csv, results.parquet and aggregated.csv (mean ± 95 %% t-interval",
                "over seeds) to OUT."})
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

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() {
        if (maxPoints < 0) throw new IllegalArgumentException("--max-points must be ≥ 0, got " + maxPoints);
        engineOptions.validate();
        if (!java.nio.file.Files.isRegularFile(grid)) throw new IllegalArgumentException("--grid " + grid + ": no such file");
        Grid g;
        try {
            g = Grid.read(grid);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(grid + ": " + e.getMessage());
        }
        Path dir = out != null ? out : Path.of("reports", "sweeps", g.name());
        radlab.report.StagedDirectory.create(dir.resolve("sweep-check")).close(); // fails early if DIR is not writable
        try (Engine e = engineOptions.open("radlab sweep " + g.name())) {
            Sweep.Summary s = Sweep.run(g, e, new Sweep.Options(dir, keepModels, maxPoints, null), quiet ? m -> { } : System.err::println);
            System.out.printf("%d points: %d already done, %d computed (%d corrupt rows recomputed), %d remaining%n", s.total(), s.alreadyDone(),
                    s.computed(), s.corrupt(), s.remaining());
            if (s.remaining() == 0) System.out.println("wrote " + dir.resolve("results.csv") + ", results.parquet, aggregated.csv");
        }
        return 0;
    }
}
