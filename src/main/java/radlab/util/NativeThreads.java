package radlab.util;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J's native threads: one per computing Java thread, always. Parallelism comes from Java threads over fixed,
 * independent pieces of work (evaluation batches, sweep points), never from a second native thread inside one op:
 * (1) on batches of 64–2,000 rows a second OpenMP/BLAS thread was measured slower than one on every workload
 * (docs/performance.md, Threads); (2) sums must not depend on the thread count, and both OpenBLAS and oneDNN split
 * some products' sums by it (measured: oneDNN's float32 64×784·(256×784)ᵀ changes bits between one and two threads).
 * ND4J's and OpenBLAS's settings are process-wide, but OpenMP's thread count (which oneDNN follows) is per calling
 * thread and starts from OMP_NUM_THREADS: every thread radlab computes on calls {@link #pinCallingThread}.
 */
public final class NativeThreads {
    private NativeThreads() {}

    /** ND4J's and OpenBLAS's process-wide thread counts to one, and this thread's OpenMP thread count. */
    public static void pinProcess() {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        pinCallingThread();
    }

    /** The OpenMP thread count of the calling thread (what oneDNN's convolutions and products use) to one. */
    public static void pinCallingThread() {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }

    /** {@code task} run on a thread pinned to one native thread: for thread factories of computing pools. */
    public static Runnable pinned(Runnable task) {
        return () -> {
            pinCallingThread();
            task.run();
        };
    }
}
