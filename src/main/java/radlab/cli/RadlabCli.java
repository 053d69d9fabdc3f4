package radlab.cli;

import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;
import radlab.data.DataException;
import radlab.report.ConcurrentRunException;
import radlab.train.TrainingDivergedException;

/**
 * Entry point: {@code java -jar target/radlab.jar COMMAND [OPTIONS]}. Every user error ends in one line on stderr
 * starting with "radlab: error:" and exit code 2; a failed computation (divergence, I/O, a lost race for the same
 * report directory) in exit code 1.
 */
@Command(name = "radlab", mixinStandardHelpOptions = true, versionProvider = RadlabCli.Version.class,
        description = "Checks deep-learning generalization theory against measurement.",
        subcommands = {ReproduceCommand.class, SweepCommand.class, TrainCommand.class, RerunCommand.class, EvalCommand.class, AttackCommand.class, RademacherCommand.class,
                NormsCommand.class, PacBayesCommand.class, CorrelateCommand.class, CommandLine.HelpCommand.class})
public final class RadlabCli {
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_FAILURE = 1;

    public static void main(String[] args) {
        // ND4J's off-heap arrays are freed when their Java objects are collected, and JavaCPP only forces a collection
        // above maxphysicalbytes (default 2 × max heap): without a cap a CNN run grows to many GB of garbage.
        if (System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", Math.max(2L << 30, Runtime.getRuntime().maxMemory() + (1L << 30)) + "");
        }
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new RadlabCli());
        // Subcommands get -V from mixinStandardHelpOptions but not the version provider: `radlab train -V` printed nothing.
        for (CommandLine sub : cl.getSubcommands().values()) sub.getCommandSpec().versionProvider(new Version());
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, RadlabCli::commandList);
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("radlab: error: " + ex.getMessage().lines().findFirst().orElse("bad arguments"));
            System.err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof DataException) {
                System.err.println("radlab: error: " + oneLine(ex.getMessage()));
                return EXIT_USAGE;
            }
            if (ex instanceof TrainingDivergedException || ex instanceof UncheckedIOException || ex instanceof ConcurrentRunException) {
                System.err.println("radlab: error: " + oneLine(ex.getMessage()));
                return EXIT_FAILURE;
            }
            throw ex;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("radlab: error: out of memory (" + e.getMessage() + "); use smaller sizes or a larger -Xmx");
            return EXIT_FAILURE;
        } catch (RuntimeException e) {
            // A bug, not a user error: still one line and no stack trace, but say so, so that it gets reported.
            System.err.println("radlab: error: internal error " + e.getClass().getSimpleName() + ": " + oneLine(String.valueOf(e.getMessage()))
                    + " (please report this with the command line)");
            return EXIT_FAILURE;
        }
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /**
     * The command list of {@code radlab --help}: each command with the first sentence of its description, wrapped.
     * picocli's default shows only the first description line, which cut every description mid-sentence (issue #11).
     */
    static String commandList(Help help) {
        Map<String, Help> subs = help.subcommands();
        if (subs.isEmpty()) return "";
        int nameWidth = subs.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
        int width = help.commandSpec().usageMessage().width();
        Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(), new Help.Column(nameWidth, 2, Help.Column.Overflow.SPAN),
                new Help.Column(width - nameWidth, 1, Help.Column.Overflow.WRAP));
        for (Map.Entry<String, Help> e : subs.entrySet()) table.addRowValues(e.getKey(), firstSentence(e.getValue().commandSpec().usageMessage()));
        return table.toString();
    }

    static String firstSentence(UsageMessageSpec usage) {
        String text = String.join(" ", usage.header().length > 0 ? usage.header() : usage.description()).replaceAll("\\s+", " ").trim();
        String[] sentences = text.split("(?<=\\.)\\s+(?=[A-Z])", 2);
        return sentences[0];
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"radlab " + radlab.report.Provenance.currentRadlabVersion() + " (ND4J "
                    + radlab.report.Provenance.currentNd4jVersion() + ", Java " + System.getProperty("java.version") + ")"};
        }
    }
}
