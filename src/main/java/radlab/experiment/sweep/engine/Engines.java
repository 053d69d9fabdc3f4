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

    /** How long {@link #checkMasterAnswers} waits for a TCP connection to a standalone master. */
    public static final java.time.Duration MASTER_TIMEOUT = java.time.Duration.ofSeconds(10);

    /**
     * For a standalone master ({@code spark://host:port}, or {@code spark://h1:p1,h2:p2} with standby masters), checks
     * that at least one of them accepts a TCP connection within {@link #MASTER_TIMEOUT}. Without this, Spark retries its
     * registration for about a minute and then leaves the driver waiting for executors that never come. Other
     * masters (local[N], yarn, k8s://…) are left to Spark.
     */
    public static void checkMasterAnswers(String master) {
        if (master == null || !master.startsWith("spark://")) return;
        String hosts = master.substring("spark://".length());
        java.util.List<String> tried = new java.util.ArrayList<>();
        for (String hp : hosts.split(",")) {
            int colon = hp.lastIndexOf(':');
            int port;
            try {
                port = colon > 0 ? Integer.parseInt(hp.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) throw new IllegalArgumentException("bad --master '" + master + "'; expected spark://HOST:PORT");
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(hp.substring(0, colon), port), (int) MASTER_TIMEOUT.toMillis());
                return;
            } catch (java.io.IOException e) {
                tried.add(hp);
            }
        }
        throw new IllegalArgumentException("Spark master " + master + " does not answer: no connection to " + String.join(" or ", tried)
                + " within " + MASTER_TIMEOUT.toSeconds() + " s (is the master running? scripts/spark-local.sh status)");
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
