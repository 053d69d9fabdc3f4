package radlab.nn.layer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Non-overlapping k×k pooling (stride k, no padding; a remainder row or column is dropped), per channel.
 * <ul>
 *   <li>MAX: locally linear like ReLU. {@link #local} records the selected cell of each window as a 0/1 mask in
 *       the input's layout (first maximum on ties, so an all-zero window after ReLU routes its gradient to one cell,
 *       as ND4J and PyTorch do); the VJP spreads each output gradient over its window and keeps the selected cell,
 *       its adjoint sums the masked window, no second-order term.</li>
 *   <li>AVERAGE: linear with entries 1/k²; its VJP's adjoint is the forward itself.</li>
 * </ul>
 * Computed by libnd4j's pooling kernels ({@link NativeWindows}). Both are 1-Lipschitz in ℓ2 because the windows do not overlap, which the Lipschitz bounds rely on.
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

    @Override
    public INDArray forward(INDArray x) {
        return NativeWindows.pool(x, in, outputShape(), k, kind == Kind.MAX);
    }

    @Override
    public Object local(INDArray x) {
        return kind == Kind.MAX ? NativeWindows.maxMask(x, in, outputShape(), k) : null;
    }

    @Override
    public INDArray inputVjp(INDArray g, Object local, int r) {
        INDArray up = NativeWindows.upsample(g, in, outputShape(), k);
        if (kind == Kind.AVERAGE) return up.divi(k * k);
        INDArray result = Layer.mulPerSample(up, (INDArray) local, r);
        NativeWindows.release(up);
        return result;
    }

    @Override
    public INDArray vjpAdjoint(INDArray ubar, Object local, int r) {
        if (kind == Kind.AVERAGE) return forward(ubar);
        // Σ over each window of ū ⊙ mask: the selected cell's value, as a window mean times k²
        INDArray picked = Layer.mulPerSample(ubar, (INDArray) local, r);
        INDArray result = NativeWindows.pool(picked, in, outputShape(), k, false).muli(k * k);
        NativeWindows.release(picked);
        return result;
    }
}
