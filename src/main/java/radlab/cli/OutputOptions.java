package radlab.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/** Where reports go and how chatty a command is. */
public final class OutputOptions {
    @Option(names = "--out", defaultValue = "reports", paramLabel = "DIR",
            description = "Directory for reports (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--run", paramLabel = "NAME",
            description = "Name of this run's report directory under --out (default: COMMAND-yyyyMMdd-HHmmss). An existing one is replaced.")
    String run;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars or per-epoch lines; only the final summary.")
    boolean quiet;

    Path runDirectory(String command) {
        String name = run != null ? run : command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("--run must be a plain directory name, got '" + name + "'");
        }
        return out.resolve(name);
    }
}
