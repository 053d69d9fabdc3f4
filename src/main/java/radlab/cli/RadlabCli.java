package radlab.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import radlab.data.DataException;
import radlab.train.TrainingDivergedException;

/**
 * Entry point: {@code java -jar target/radlab.jar COMMAND [OPTIONS]}. Every user error ends in one line on stderr
 * starting with "radlab: error:" and exit code 2; a failed computation (divergence, I/O) in exit code 1.
 */
@Command(name = "radlab", mixinStandardHelpOptions = true, versionProvider = RadlabCli.Version.class,
        description = "Checks deep-learning generalization theory against measurement.",
        subcommands = {ReproduceCommand.class, TrainCommand.class, EvalCommand.class, AttackCommand.class, RademacherCommand.class, NormsCommand.class, PacBayesCommand.class, CorrelateCommand.class, CommandLine.HelpCommand.class})
public final class RadlabCli {
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_FAILURE = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new RadlabCli());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("radlab: error: " + ex.getMessage().lines().findFirst().orElse("bad arguments"));
            System.err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof DataException) {
                System.err.println("radlab: error: " + ex.getMessage());
                return EXIT_USAGE;
            }
            if (ex instanceof TrainingDivergedException || ex instanceof UncheckedIOException) {
                System.err.println("radlab: error: " + ex.getMessage());
                return EXIT_FAILURE;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"radlab " + radlab.report.Provenance.currentRadlabVersion() + " (ND4J "
                    + radlab.report.Provenance.currentNd4jVersion() + ", Java " + System.getProperty("java.version") + ")"};
        }
    }
}
