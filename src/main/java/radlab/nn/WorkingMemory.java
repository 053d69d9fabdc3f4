package radlab.nn;

import radlab.nn.layer.Conv2d;
import radlab.nn.layer.Layer;

/**
 * How many rows a batched pass may take so that its arrays stay within a memory target. A forward pass keeps every
 * layer's input and output, and the backward pass or an attack step builds arrays of the same sizes again. A float64
 * convolution also builds its im2col windows for the whole batch (libnd4j's own kernel: output positions × C·k², for
 * {@code c32k5-p2-c64k5-p2-d128} 51,200 values per image in the second convolution against its 4,608 inputs); the
 * float32 kernels (oneDNN's) work image by image in a scratch space of their own, so they add nothing per row. Fixed batches sized for an MLP (2,000
 * rows for evaluation) made a CNN job's arrays gigabytes: the default-sized MLPs keep their batches, since their
 * estimate is far below the targets.
 */
public final class WorkingMemory {
    private WorkingMemory() {}

    /** Values one sample occupies in a forward pass: Σ over layers of input + output (+ a float64 convolution's windows). */
    public static long valuesPerSample(Model model) {
        long values = 0;
        boolean windows = model.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE;
        for (Layer l : model.layers()) {
            values += l.inputSize() + (long) l.outputSize();
            if (windows && l instanceof Conv2d c) {
                values += (long) c.outputShape().height() * c.outputShape().width() * c.inputShape().channels() * c.kernelSize() * c.kernelSize();
            }
        }
        return values;
    }

    /**
     * The largest batch ≤ {@code batch} whose estimated arrays, {@code copies} × {@link #valuesPerSample} values per row
     * (copies: how many arrays of a forward pass's size the caller holds at once), fit in {@code bytes}; at least 1.
     */
    public static int rowsWithin(Model model, int batch, long bytes, int copies) {
        long perRow = Math.max(1, copies * valuesPerSample(model) * model.dataType().width());
        return (int) Math.max(1, Math.min(batch, bytes / perRow));
    }

    /** An evaluation batch within {@link #BATCH_BYTES}: a forward pass and the loss hold ~4 arrays of its size. */
    public static int evaluationBatch(Model model, int batch) {
        return rowsWithin(model, batch, BATCH_BYTES, 4);
    }

    /** An attack batch within {@link #BATCH_BYTES}: forward and input-gradient passes plus the iterates, ~8 arrays. */
    public static int attackBatch(Model model, int batch) {
        return rowsWithin(model, batch, BATCH_BYTES, 8);
    }

    /** Memory target of one evaluation or attack batch: a quarter of the default 1 GiB budget (docs/performance.md, Memory). */
    public static final long BATCH_BYTES = 256L << 20;
}
