package radlab.cli;

import picocli.CommandLine.Option;
import radlab.experiment.sweep.Engine;
import radlab.experiment.sweep.engine.Engines;

/** Where the points of a grid run (local worker threads or Apache Spark), shared by {@code sweep} and {@code reproduce}. */
public final class EngineOptions {
    @Option(names = "--engine", defaultValue = "local", paramLabel = "local|spark",
            description = "local: worker threads in this JVM, one per core; spark: Apache Spark tasks (needs Spark on the classpath) (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[2] (default: the one spark-submit sets).")
    String master;

    @Option(names = "--workers", defaultValue = "0", paramLabel = "N", description = "Local worker threads (default: one per core).")
    int workers;

    /** Checks the options before any work (one-line errors), including that a standalone master answers, and returns the engine's name. */
    String validate() {
        String name = checkedName();
        if (name.equals("spark")) Engines.checkMasterAnswers(master);
        return name;
    }

    /** The engine's name, after the checks that need no connection. */
    private String checkedName() {
        if (workers < 0) throw new IllegalArgumentException("--workers must be ≥ 0, got " + workers);
        String name = engine.trim().toLowerCase();
        if (!name.equals("local") && !name.equals("spark")) {
            throw new IllegalArgumentException("unknown --engine '" + engine + "'; expected local or spark");
        }
        if (name.equals("spark") && !Engines.sparkAvailable()) Engines.create("spark", master, workers, "");  // one-line error
        if (name.equals("local") && master != null) throw new IllegalArgumentException("--master applies to --engine spark only");
        return name;
    }

    /**
     * The engine, open until closed; {@code appName} names a Spark application. Called after {@link #validate}, so the
     * master was already probed: once per command, not once per engine (reproduce opens two).
     */
    Engine open(String appName) {
        return Engines.create(checkedName(), master, workers, appName);
    }
}
