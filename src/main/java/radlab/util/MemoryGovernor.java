package radlab.util;

import java.lang.reflect.Method;
import java.util.function.LongConsumer;
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
 *
 * <p>Used by the CLI's JVM (with a hard limit that ends the run), the notebook kernel and the test JVM.
 */
public final class MemoryGovernor implements Runnable {
    static final int PERIOD_MS = 20;
    /** Wait between the collection and malloc_trim (JavaCPP's own collect-and-trim waits 100 ms). */
    static final int SETTLE_MS = 50;
    /** The governor's target as a fraction of the budget: the rest is headroom for allocations between two checks. */
    static final double TARGET_FRACTION = 0.7;

    private final long target;
    /** Resident bytes that a collection must get under, else the run ends with an out-of-memory error (0: no limit). */
    private final long hardLimit;
    /** Called with the resident bytes a collection left above the hard limit; the run cannot go on. */
    private final LongConsumer onHardLimit;
    private volatile long threshold;
    private volatile long collections;

    /**
     * @param hardLimit   resident bytes a collection must get under (0: no limit)
     * @param onHardLimit called with the resident bytes when a collection did not (e.g. to end the run with one line)
     */
    public MemoryGovernor(long target, long hardLimit, LongConsumer onHardLimit) {
        this.target = target;
        this.hardLimit = hardLimit;
        this.onHardLimit = onHardLimit;
        this.threshold = hardLimit > 0 ? Math.min(target, hardLimit) : target;
    }

    /** Starts a governor without a hard limit for budget {@code budget} bytes (target 70 % of it) as a daemon thread. */
    public static MemoryGovernor start(long budget) {
        return start(budget, 0, after -> {});
    }

    /**
     * Starts the governor for budget {@code budget} bytes as a daemon thread. With -D{@value #DEBUG_PROPERTY}=true it
     * reports its collections and the peak resident size on stderr at exit.
     */
    public static MemoryGovernor start(long budget, long hardLimit, LongConsumer onHardLimit) {
        MemoryGovernor g = new MemoryGovernor((long) (budget * TARGET_FRACTION), hardLimit, onHardLimit);
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

    public static final String DEBUG_PROPERTY = "radlab.memory.debug";

    /** True when a collection left more resident than the hard limit allows (0: no limit): the run cannot go on. */
    public static boolean overHardLimit(long hardLimit, long after) {
        return hardLimit > 0 && after > hardLimit;
    }

    private volatile long nanos;

    /** The next threshold after a collection that left {@code after} bytes resident. */
    public static long nextThreshold(long target, long after) {
        return Math.max(target, after + after / 4);
    }

    /**
     * As {@link #nextThreshold(long, long)}, but never above a hard limit (0: none), so that a resident size passing
     * the limit always brings a collection and the check after it, as JavaCPP's check did at every allocation.
     */
    public static long nextThreshold(long target, long after, long hardLimit) {
        long next = nextThreshold(target, after);
        return hardLimit > 0 ? Math.min(next, hardLimit) : next;
    }

    public long collections() {
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
                if (overHardLimit(hardLimit, after)) onHardLimit.accept(after);
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
    public static void trim() {
        if (TRIM == null) return;
        try {
            TRIM.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // best effort
        }
    }
}
