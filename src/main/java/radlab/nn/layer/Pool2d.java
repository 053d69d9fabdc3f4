package radlab.nn.layer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Non-overlapping k×k pooling (stride k, no padding; a remainder row or column is dropped), per channel.
 * <ul>
 *   <li>MAX: locally linear like ReLU. {@link #local} records the selected cell of each window as a one-hot mask
 *       (first maximum on ties, so an all-zero window after ReLU routes its gradient to one cell, as ND4J and
 *       PyTorch do); the VJP scatters through the mask, its adjoint gathers through it, no second-order term.</li>
 *   <li>AVERAGE: linear with entries 1/k²; its VJP's adjoint is the forward itself.</li>
 * </ul>
 * Both are 1-Lipschitz in ℓ2 because the windows do not overlap, which the Lipschitz bounds rely on.
 */
public record Pool2d(Kind kind, ImageShape in, int k) implements Layer {
    public enum Kind { MAX, AVERAGE }

    public Pool2d {
        if (k < 1) throw new IllegalArgumentException("pooling size must be ≥ 1, got " + k);
        in.window(in.channels(), k, k, 0);
    }

    public ImageShape outputShape() {
        return in.window(in.channels(), k, k, 0);
    }

    private ImageShape plane() {
        return new ImageShape(1, in.height(), in.width());
    }

    @Override
    public int inputSize() {
        return in.size();
    }

    @Override
    public int outputSize() {
        return outputShape().size();
    }

    @Override
    public String describe() {
        return (kind == Kind.MAX ? "max-pool " : "avg-pool ") + k + "×" + k + " " + in + "→" + outputShape();
    }

    /** rows (m × C·H·W) → one row per (image, channel, oh, ow) with the k² window values. */
    private INDArray windows(INDArray rows) {
        return Windows.toColumns(rows.dup('c').reshape('c', rows.rows() * in.channels(), (long) in.height() * in.width()), plane(), k, k, 0);
    }

    /** Windows ((m·C·oh·ow) × k²) summed back into rows (m × C·H·W). */
    private INDArray unwindows(INDArray cols, long m) {
        ImageShape o = outputShape();
        return Windows.fromColumns(cols, plane(), new ImageShape(1, o.height(), o.width()), k, k, 0).reshape('c', m, in.size());
    }

    @Override
    public INDArray forward(INDArray x) {
        INDArray w = windows(x);
        INDArray pooled = kind == Kind.MAX ? w.max(1) : w.mean(1);
        Windows.release(w);
        return pooled.reshape('c', x.rows(), outputSize());
    }

    @Override
    public Object local(INDArray x) {
        if (kind == Kind.AVERAGE) return null;
        INDArray w = windows(x);
        INDArray idx = Nd4j.argMax(w, 1);
        Windows.release(w);
        return Nd4j.exec(new OneHot(idx, k * k, -1, 1.0, 0.0, DataType.INT8))[0].castTo(x.dataType());
    }

    @Override
    public INDArray inputVjp(INDArray g, Object local, int r) {
        long m = g.rows(), cells = (long) k * k;
        INDArray cols;
        if (kind == Kind.MAX) {
            INDArray mask = (INDArray) local;
            long n = m / r;
            cols = g.reshape('c', n, r, outputSize(), 1).mul(mask.reshape('c', n, 1, outputSize(), cells)).reshape('c', m * outputSize(), cells);
        } else {
            cols = g.reshape('c', m * outputSize(), 1).repeat(1, cells).divi(cells);
        }
        INDArray result = unwindows(cols, m);
        Windows.release(cols);
        return result;
    }

    @Override
    public INDArray vjpAdjoint(INDArray ubar, Object local, int r) {
        if (kind == Kind.AVERAGE) return forward(ubar);
        INDArray mask = (INDArray) local;
        long m = ubar.rows(), n = m / r, cells = (long) k * k;
        INDArray w = windows(ubar);
        INDArray picked = w.reshape('c', n, r, outputSize(), cells).mul(mask.reshape('c', n, 1, outputSize(), cells));
        Windows.release(w);
        INDArray result = picked.sum(3).reshape('c', m, outputSize());
        Windows.release(picked);
        return result;
    }
}
