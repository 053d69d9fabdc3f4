package radlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import radlab.measures.CorrelationAnalysis;
import radlab.measures.MeasureCorrelation;
import radlab.measures.ModelTableReader;

@Command(name = "correlate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Which measure tracks the gap? Kendall's τ and the granulated Ψ of every measure against every gap column of a results table.",
                "RESULTS is a CSV with one row per model. Ψ (Jiang et al. 2020) averages τ within groups of models that differ in one hyper-parameter.",
                "95 %% bootstrap intervals over models. Writes reports/RUN/{correlation.csv, correlation.md, correlation-GAP.png/.svg}.",
                "Default column roles: hyper-parameters spec.* and hp_*; gaps: numeric columns named *gap, *_gap*, *gap_*; measures: every other",
                "numeric column. Formulas: docs/theory.md §10."})
final class CorrelateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULTS", description = "Results table (CSV, one row per model).")
    Path results;

    @Option(names = "--hyper", split = ",", paramLabel = "COL,…", description = "Hyper-parameter columns (default: columns named spec.* or hp_*; spec.seed is held fixed in Ψ's groups, not an axis).")
    List<String> hyper = List.of();

    @Option(names = "--gaps", split = ",", paramLabel = "COL,…", description = "Gap columns (default: numeric columns named *gap, *_gap*, *gap_*).")
    List<String> gaps = List.of();

    @Option(names = "--measures", split = ",", paramLabel = "COL,…", description = "Measure columns (default: every other numeric column).")
    List<String> measures = List.of();

    @Option(names = "--resamples", defaultValue = "1000", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", defaultValue = "" + radlab.spec.Defaults.SEED, description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin OutputOptions output;

    @Override
    public Integer call() {
        if (resamples < 1) throw new IllegalArgumentException("--resamples must be positive, got " + resamples);
        Path runDir = output.runDirectory("correlate");
        ModelTableReader.Roles roles = ModelTableReader.read(results, hyper, gaps, measures);
        if (!output.quiet) System.err.printf("correlating %d measures with %d gaps over %d models (%d resamples)%n", roles.measures().size(),
                roles.gaps().size(), roles.table().rows(), resamples);
        List<MeasureCorrelation> rows = CorrelationAnalysis.run(roles.table(), roles.measures(), roles.gaps(), resamples, seed);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("results", results.toString());
        config.put("hyper", roles.table().hyperNames());
        config.put("gaps", roles.gaps());
        config.put("measures", roles.measures());
        config.put("resamples", resamples);
        config.put("seed", seed);
        Path written = CorrelationReport.write(runDir, rows, roles.gaps(), config);
        System.out.print(CorrelationReport.markdown(rows, roles.table().rows(), roles.table().hyperNames()));
        System.out.println("report in " + written);
        return 0;
    }
}
