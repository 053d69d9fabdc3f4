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
import radlab.util.MemoryGovernor;
import radlab.util.EvaluationThreads;

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

    /** System property (or environment variable {@value #THREADS_ENV}) choosing ND4J's OpenMP/BLAS threads. */
    public static final String THREADS_PROPERTY = "radlab.threads";
    public static final String THREADS_ENV = "RADLAB_THREADS";

    public static void main(String[] args) {
        boolean work = !helpOnly(args);
        long budget;
        try {
            budget = MemoryLimits.budget(System.getProperty(MemoryLimits.BUDGET_PROPERTY), System.getenv(MemoryLimits.BUDGET_ENV));
            if (work) {
                // radlab's heap and malloc limits need a fresh JVM (MemoryLimits): run the command there
                java.util.Optional<Integer> child = MemoryLimits.relaunch(args);
                if (child.isPresent()) System.exit(child.get());
                BlasKernel.checkNotBlank(System.getenv());
            }
        } catch (IllegalArgumentException e) {
            System.err.println("radlab: error: " + oneLine(e.getMessage()));
            System.exit(EXIT_USAGE);
            return;
        }
        configureNativeMemory();
        if (work) {
            configureThreads();
            MemoryLimits.watchParent();
            // without the relaunch the heap may be the user's (-Xmx): the target then leaves room for it
            long hardLimit = Long.getLong(MemoryLimits.HARD_LIMIT_PROPERTY, 0L);
            MemoryGovernor.start(Math.max(budget, Runtime.getRuntime().maxMemory() + (512L << 20)), hardLimit, MemoryLimits.exitOnHardLimit(hardLimit));
        }
        System.exit(run(args));
    }

    /**
     * JavaCPP's hard limit on the whole process's resident memory (maxphysicalbytes): above it an allocation collects,
     * trims and, if still above, fails with an OutOfMemoryError. It is a backstop, not the target, and the relaunched
     * child does not use it: {@link MemoryLimits} gives it maxphysicalbytes=0 and the same limit (the user's default
     * heap + 1 GB) for {@link MemoryGovernor}, which keeps the resident size near the budget and checks the limit after
     * each collection, without JavaCPP's /proc read for every new array. A hard limit at the target does not work: 1 GB
     * failed a 2-epoch {@code train} with "physicalBytes = 1082M" (freed native memory is not all returned to the OS).
     * Without the relaunch (the user chose the heap) the limit is that heap + 1 GB, at least 2 GB. A user's setting
     * always wins.
     */
    static void configureNativeMemory() {
        if (System.getProperty(MemoryLimits.MAX_PHYSICAL) == null) {
            System.setProperty(MemoryLimits.MAX_PHYSICAL, MemoryLimits.hardLimit(Runtime.getRuntime().maxMemory()) + "");
        }
    }

    /**
     * Threads. ND4J's OpenMP and BLAS threads are set to 1: the work of every command is a sequence of small matmuls
     * and element-wise ops (batches of 64–2,000 rows), where a second ND4J thread costs more in synchronisation than it
     * gains (measured on 2 cores: a training epoch 4× slower; docs/performance.md, Threads). A thread count given by
     * -Dradlab.threads=N, or else the environment variable RADLAB_THREADS=N, goes to {@link EvaluationThreads}
     * instead: N Java threads evaluate independent batches at once, each with one ND4J thread, with the same results.
     * ND4J stays at one thread per Java thread whatever OMP_NUM_THREADS says ({@link radlab.util.NativeThreads}).
     */
    static void configureThreads() {
        String v = System.getProperty(THREADS_PROPERTY, System.getenv(THREADS_ENV));
        int n = 1;
        if (v != null) {
            try {
                n = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                System.err.println("radlab: warning: ignoring " + THREADS_PROPERTY + "/" + THREADS_ENV + "='" + v + "' (not a positive integer); using 1 thread");
                n = 1;
            }
        }
        EvaluationThreads.set(n);
        radlab.util.NativeThreads.pinProcess();
    }

    /** No command to run (usage or version only): then ND4J is not loaded just to set its threads. */
    private static boolean helpOnly(String[] args) {
        if (args.length == 0) return true;
        for (String a : args) if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version") || a.equals("help")) return true;
        return false;
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = commandLine();
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
            System.err.println("radlab: error: out of memory (" + e.getMessage() + "); use smaller sizes or raise the memory limit, e.g. "
                    + MemoryLimits.BUDGET_ENV + "=4g (docs/performance.md, Memory)");
            return EXIT_FAILURE;
        } catch (RuntimeException e) {
            // A bug, not a user error: still one line and no stack trace, but say so, so that it gets reported.
            System.err.println("radlab: error: internal error " + e.getClass().getSimpleName() + ": " + oneLine(String.valueOf(e.getMessage()))
                    + " (please report this with the command line)");
            return EXIT_FAILURE;
        }
    }

    /** The command line with radlab's help layout, as {@link #run} uses it (and docs/cli.md is generated from). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RadlabCli());
        // Subcommands get -V from mixinStandardHelpOptions but not the version provider: `radlab train -V` printed nothing.
        for (CommandLine sub : cl.getSubcommands().values()) sub.getCommandSpec().versionProvider(new Version());
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, RadlabCli::commandList);
        return cl;
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /**
     * The command list of {@code radlab --help}: each command with the first sentence of its description, wrapped.
     * picocli's default shows only the first description line, which cut every description mid-sentence.
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
