package radlab.cli;

import java.lang.reflect.Method;
import org.bytedeco.javacpp.Pointer;

/**
 * Keeps the resident size near a target by collecting garbage, which is what frees ND4J's off-heap buffers: ND4J
 * releases a buffer only when the garbage collector finds its small Java object, and the heap fills slowly compared
 * with native memory (a 6 MB array costs the heap about a hundred bytes), so without this the process grows by
 * gigabytes of dead arrays between collections (issue #14). JavaCPP's own check (maxphysicalbytes) does collect, but
 * fails the allocation when a collection cannot get under its limit, so it cannot be set to the target.
 *
 * <p>A daemon thread reads the resident size every {@value #PERIOD_MS} ms (from /proc, a few microseconds); above the
 * threshold it runs a collection, gives ND4J's deallocator thread a moment, and returns freed heap pages to the OS
 * (malloc_trim). The threshold starts at the target and adapts like a heap-growth policy: after a collection it becomes
 * max(target, 1.25 × what the collection left), so a job whose live arrays exceed the target (large CNN batches) is
 * not collected over and over, and a job that shrinks again gets the target back.
 */
final class MemoryGovernor implements Runnable {
    static final int PERIOD_MS = 20;
    /** Wait between the collection and malloc_trim (JavaCPP's own collect-and-trim waits 100 ms). */
    static final int SETTLE_MS = 50;
    /** The governor's target as a fraction of the budget: the rest is headroom for allocations between two checks. */
    static final double TARGET_FRACTION = 0.7;

    private final long target;
    /** Resident bytes that a collection must get under, else the run ends with an out-of-memory error (0: no limit). */
    private final long hardLimit;
    private volatile long threshold;
    private volatile long collections;

    MemoryGovernor(long target, long hardLimit) {
        this.target = target;
        this.hardLimit = hardLimit;
        this.threshold = hardLimit > 0 ? Math.min(target, hardLimit) : target;
    }

    /**
     * Starts the governor for budget {@code budget} bytes as a daemon thread. With -D{@value #DEBUG_PROPERTY}=true it
     * reports its collections and the peak resident size on stderr at exit.
     */
    static MemoryGovernor start(long budget) {
        MemoryGovernor g = new MemoryGovernor((long) (budget * TARGET_FRACTION), Long.getLong(HARD_LIMIT_PROPERTY, 0L));
        Thread t = new Thread(g, "radlab-memory-governor");
        t.setDaemon(true);
        t.start();
        if (Boolean.getBoolean(DEBUG_PROPERTY)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.printf("radlab: memory: budget %d MB, %d collections by the governor (%.1f s), "
                    + "threshold now %d MB, resident now %d MB%n", budget >> 20, g.collections, g.nanos / 1e9, g.threshold >> 20,
                    Pointer.physicalBytes() >> 20)));
        }
        return g;
    }

    static final String DEBUG_PROPERTY = "radlab.memory.debug";
    /**
     * The hard limit on resident memory, in bytes, that the relaunched child enforces here instead of in JavaCPP
     * ({@link MemoryLimits#childCommand}): JavaCPP's check (maxphysicalbytes) reads /proc for every new NDArray, 7 % of
     * a training epoch (bench/pytorch/README.md), while the governor reads it every {@value #PERIOD_MS} ms.
     */
    static final String HARD_LIMIT_PROPERTY = "radlab.memory.hardLimit";

    /** True when a collection left more resident than the hard limit allows (0: no limit): the run cannot go on. */
    static boolean overHardLimit(long hardLimit, long after) {
        return hardLimit > 0 && after > hardLimit;
    }

    /** The one-line error of a run stopped by the hard limit, in the words of the CLI's out-of-memory error. */
    static String outOfMemoryMessage(long after, long hardLimit) {
        return String.format("radlab: error: out of memory (resident %d MB after a garbage collection, above the limit of %d MB); use smaller "
                + "sizes or raise the memory limit, e.g. %s=4g (docs/performance.md, Memory)", after >> 20, hardLimit >> 20, MemoryLimits.BUDGET_ENV);
    }
    private volatile long nanos;

    /** The next threshold after a collection that left {@code after} bytes resident. */
    static long nextThreshold(long target, long after) {
        return Math.max(target, after + after / 4);
    }

    /**
     * As {@link #nextThreshold(long, long)}, but never above a hard limit (0: none), so that a resident size passing
     * the limit always brings a collection and the check after it, as JavaCPP's check did at every allocation.
     */
    static long nextThreshold(long target, long after, long hardLimit) {
        long next = nextThreshold(target, after);
        return hardLimit > 0 ? Math.min(next, hardLimit) : next;
    }

    long collections() {
        return collections;
    }

    @Override
    public void run() {
        try {
            while (true) {
                Thread.sleep(PERIOD_MS);
                if (Pointer.physicalBytes() <= threshold) continue;
                long t0 = System.nanoTime();
                System.gc();
                long t1 = System.nanoTime();
                Thread.sleep(SETTLE_MS);   // ND4J's deallocator thread frees the collected buffers asynchronously
                long t2 = System.nanoTime();
                trim();
                nanos += System.nanoTime() - t2 + t1 - t0;   // the collection stops the program; the wait does not
                collections++;
                long after = Pointer.physicalBytes();
                if (overHardLimit(hardLimit, after)) {
                    // what JavaCPP's own check did by failing the allocation: one line and the failure exit code; the
                    // shutdown hooks remove staging directories, so no half-written report is left
                    System.err.println(outOfMemoryMessage(after, hardLimit));
                    System.exit(RadlabCli.EXIT_FAILURE);
                }
                threshold = nextThreshold(target, after, hardLimit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // the governor is an optimisation: without JavaCPP's native library it simply stops
        }
    }

    private static final Method TRIM = trimMethod();

    /** JavaCPP 1.5.7's Pointer.trimMemory() (glibc malloc_trim(0)) is private; newer versions make it public. */
    private static Method trimMethod() {
        try {
            Method m = Pointer.class.getDeclaredMethod("trimMemory");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Returns free malloc memory to the OS (glibc keeps freed blocks in its arenas otherwise). */
    static void trim() {
        if (TRIM == null) return;
        try {
            TRIM.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // best effort
        }
    }
}
