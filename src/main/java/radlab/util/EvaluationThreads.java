package radlab.util;

/**
 * How many Java threads evaluate independent batches at once in a single command (robust evaluation's attack
 * batches), each with one ND4J thread. One by default, and always one inside a sweep, which runs one point per core.
 * ND4J's own threads (OpenMP, BLAS) stay at one: within one batch of 64–2,000 rows two of them on two cores were
 * measured several times slower than one (docs/performance.md, Threads). The results do not depend on the count:
 * batches are fixed and independent.
 */
public final class EvaluationThreads {
    /** System property read at start-up: {@code -Dradlab.evaluationThreads=N}. */
    public static final String PROPERTY = "radlab.evaluationThreads";

    private static volatile int threads = Math.max(1, Integer.getInteger(PROPERTY, 1));

    private EvaluationThreads() {}

    public static int get() {
        return threads;
    }

    public static void set(int n) {
        if (n < 1) throw new IllegalArgumentException("evaluation threads must be ≥ 1, got " + n);
        threads = n;
    }
}
