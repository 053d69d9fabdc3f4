package radlab.experiment.sweep.engine;

import radlab.experiment.sweep.Engine;

/**
 * Builds an engine by name. Spark is a provided dependency: the normal jar runs without it, so the Spark engine is
 * loaded reflectively, after checking that Spark is on the classpath, and its absence is one clear error.
 */
public final class Engines {
    private Engines() {}

    /**
     * @param name    local or spark
     * @param master  Spark master URL (spark only; null = from spark-submit)
     * @param workers local worker threads (local only; ≤ 0 = one per core)
     */
    public static Engine create(String name, String master, int workers, String appName) {
        switch (name) {
            case "local" -> {
                if (master != null) throw new IllegalArgumentException("--master applies to --engine spark only");
                return new LocalEngine(workers <= 0 ? LocalEngine.defaultWorkers() : workers);
            }
            case "spark" -> {
                if (workers > 0) throw new IllegalArgumentException("--workers applies to --engine local only; Spark's parallelism is --master local[N]");
                if (!sparkAvailable()) {
                    throw new IllegalArgumentException("--engine spark needs Apache Spark on the classpath, which the normal jar leaves out; "
                            + "run the jar with spark-submit (docs/sweeps.md: \"Sweeps on a cluster\") or use --engine local");
                }
                try {
                    return (Engine) Class.forName("radlab.experiment.sweep.engine.SparkEngine").getConstructor(String.class, String.class)
                            .newInstance(master, appName);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw new IllegalStateException(e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot start the Spark engine: " + e, e);
                }
            }
            default -> throw new IllegalArgumentException("unknown --engine '" + name + "'; expected local or spark");
        }
    }

    public static boolean sparkAvailable() {
        try {
            Class.forName("org.apache.spark.api.java.JavaSparkContext", false, Engines.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
