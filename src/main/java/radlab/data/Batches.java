package radlab.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The one loop over consecutive row ranges [start, end) of at most {@code batch} rows that evaluation, robust
 * evaluation, norms and certificates each wrote by hand, and its most common use: a per-row value computed batch by
 * batch and concatenated ({@link #mapRows}). Rows are taken in order and each exactly once.
 */
public final class Batches {
    private Batches() {}

    /** Work on rows [start, end). */
    @FunctionalInterface
    public interface Range {
        void accept(int start, int end);
    }

    /** One value per row of [start, end). */
    @FunctionalInterface
    public interface RowValues {
        double[] apply(int start, int end);
    }

    /** Calls {@code range} for [0, b), [b, 2b), …, [kb, n) in order. */
    public static void forEach(int n, int batch, Range range) {
        if (n < 0) throw new IllegalArgumentException("row count must be ≥ 0, got " + n);
        if (batch <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batch);
        for (int start = 0; start < n; start += batch) range.accept(start, Math.min(n, start + batch));
    }

    /**
     * Calls {@code range} for the same ranges as {@link #forEach}, on up to {@code threads} Java threads at once (the
     * calling thread and helpers), each range exactly once, in no particular order. The ranges do not depend on the
     * thread count, so work whose ranges are independent (each writes only its own rows; attacks seeded per call) gives
     * identical results for any count. Every helper runs with one native thread (radlab.util.NativeThreads), as the
     * caller does. The first failure is rethrown
     * once every started range has finished.
     */
    public static void forEachParallel(int n, int batch, int threads, Range range) {
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        int ranges = n == 0 ? 0 : (n + batch - 1) / Math.max(batch, 1);
        if (threads == 1 || ranges <= 1) {
            forEach(n, batch, range);
            return;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < ranges && failure.get() == null; i = next.getAndIncrement()) {
                int start = i * batch;
                try {
                    range.accept(start, Math.min(n, start + batch));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        };
        int helpers = Math.min(threads, ranges) - 1;
        Thread[] started = new Thread[helpers];
        for (int h = 0; h < helpers; h++) {
            started[h] = new Thread(radlab.util.NativeThreads.pinned(worker), "radlab-batch-" + h);
            started[h].setDaemon(true);
            started[h].start();
        }
        worker.run();
        for (Thread t : started) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for batch threads", e);
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
    }

    /** The per-row values of all {@code n} rows, computed batch by batch; each batch must give one value per row. */
    public static double[] mapRows(int n, int batch, RowValues values) {
        return mapRowsParallel(n, batch, 1, values);
    }

    /**
     * {@link #mapRows} with the batches on up to {@code threads} Java threads ({@link #forEachParallel}): the same
     * values for any thread count when each batch's values depend only on its rows.
     */
    public static double[] mapRowsParallel(int n, int batch, int threads, RowValues values) {
        double[] out = new double[n];
        forEachParallel(n, batch, threads, (start, end) -> {
            double[] v = values.apply(start, end);
            if (v.length != end - start) throw new IllegalStateException(v.length + " values for rows [" + start + ", " + end + ")");
            System.arraycopy(v, 0, out, start, v.length); // disjoint ranges; the joins publish the writes
        });
        return out;
    }

    /** Writes a batch's per-row values (a vector of any floating type) into {@code into} from index {@code start} on. */
    public static void copyInto(INDArray perRow, double[] into, int start) {
        double[] v = perRow.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup().data().asDouble();
        System.arraycopy(v, 0, into, start, v.length);
    }

    /** Rows [start, end) of a matrix (a view). */
    public static INDArray rows(INDArray x, int start, int end) {
        return x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
    }

    /** Labels of rows [start, end) (a copy). */
    public static int[] labels(Dataset d, int start, int end) {
        return d.labels(start, end);
    }
}
