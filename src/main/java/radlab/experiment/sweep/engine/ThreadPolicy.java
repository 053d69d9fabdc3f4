package radlab.experiment.sweep.engine;

/**
 * Every point trains with exactly one ND4J (OpenMP and BLAS) thread; parallelism comes from running one point per
 * core. Two reasons: (1) rows must not depend on the engine or worker count, and BLAS sums in a different order with
 * a different thread count (measured here: 1 vs 2 threads changes the 8th–10th significant digit of losses and
 * norms); (2) on these 2-core machines, two BLAS threads per task under load were measured several times slower
 * than one, so W workers × 1 thread keeps the cores busy without oversubscription. ND4J's thread settings are
 * process-wide, hence one policy applied by every engine (and by every Spark executor JVM). The API calls below do
 * not reach libnd4j's reductions, which read the environment variable OMP_NUM_THREADS at start: the CLI's relaunched
 * JVM gets OMP_NUM_THREADS=1 ({@code radlab.cli.MemoryLimits}), Spark gives it to its executors, and Surefire to the
 * test JVMs; a JVM started otherwise without it may differ in the last digits of reductions.
 */
public final class ThreadPolicy {
    public static final int THREADS_PER_TASK = 1;

    private ThreadPolicy() {}

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Sets ND4J's OpenMP and BLAS threads of this JVM and of the calling thread, and radlab's evaluation threads, to
     * {@link #THREADS_PER_TASK} (worker threads pin themselves: radlab.util.NativeThreads).
     */
    public static void apply() {
        radlab.util.EvaluationThreads.set(THREADS_PER_TASK);
        radlab.util.NativeThreads.pinProcess();
    }
}
