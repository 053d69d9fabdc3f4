package radlab.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;
import radlab.report.StagedDirectory;

/** Where reports go and how chatty a command is. */
public final class OutputOptions {
    @Option(names = "--out", defaultValue = "reports", paramLabel = "DIR",
            description = "Directory for reports (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--run", paramLabel = "NAME",
            description = "Name of this run's report directory under --out (default: COMMAND-yyyyMMdd-HHmmss). An existing radlab "
                    + "report of that name is replaced; any other existing file or directory only with --overwrite.")
    String run;

    @Option(names = "--overwrite", description = "Replace OUT/RUN even if it is not a radlab report (it has no .radlab-report file).")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars or per-epoch lines; only the final summary.")
    boolean quiet;

    Path runDirectory(String command) {
        if (out.toString().isBlank()) throw new IllegalArgumentException("--out must name a directory, got ''");
        String name = run != null ? run : command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("--run must be a plain directory name, got '" + name + "'");
        }
        return out.resolve(name);
    }

    /**
     * Checks the report destination and opens its staging directory: called before any computation, so an unwritable
     * --out, a --run name the file system rejects or somebody else's directory is reported before the work, not after.
     */
    StagedDirectory open(String command) {
        return StagedDirectory.create(runDirectory(command), overwrite);
    }
}
