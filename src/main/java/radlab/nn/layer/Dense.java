package radlab.nn.layer;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.util.Broadcasts;

/**
 * Fully connected layer out = in·W + b. W is stored in × out so a batch goes through as one matmul; in the math
 * convention of the papers (A = Wᵀ, out × in) it is the transpose.
 */
public final class Dense implements LinearLayer {
    private final INDArray w;
    private final INDArray b;

    public Dense(INDArray w, INDArray b) {
        if (w.rank() != 2 || !Arrays.equals(b.shape(), new long[] {1, w.columns()})) {
            throw new IllegalArgumentException("dense weight " + Arrays.toString(w.shape()) + " and bias " + Arrays.toString(b.shape()) + " do not fit");
        }
        this.w = w;
        this.b = b.dataType() == w.dataType() ? b : b.castTo(w.dataType());
    }

    @Override
    public int inputSize() {
        return (int) w.rows();
    }

    @Override
    public int outputSize() {
        return (int) w.columns();
    }

    @Override
    public String describe() {
        return "dense " + inputSize() + "→" + outputSize();
    }

    @Override
    public List<INDArray> parameters() {
        return List.of(w, b);
    }

    @Override
    public Layer withParameters(List<INDArray> p) {
        return new Dense(p.get(0), p.get(1));
    }

    @Override
    public INDArray weight() {
        return w;
    }

    @Override
    public INDArray bias() {
        return b;
    }

    @Override
    public boolean dense() {
        return true;
    }

    @Override
    public INDArray forward(INDArray in) {
        return Broadcasts.addiRow(product(in, w, false), b);
    }

    /** g·Wᵀ, whether g has one row per sample (backprop) or R seed rows per sample (Jacobians). */
    @Override
    public INDArray inputVjp(INDArray g, Object local, int r) {
        return applyTranspose(g);
    }

    @Override
    public INDArray vjpAdjoint(INDArray ubar, Object local, int r) {
        return applyOperator(ubar);
    }

    @Override
    public List<INDArray> parameterGradients(INDArray in, INDArray g) {
        // inᵀ·g in c order (Gemm.product), so that the optimizer reads it straight: as an f-order array it cost Adam a
        // transpose per step, ~9 % of a plain epoch (bench/pytorch/README.md)
        return List.of(Gemm.product(in, true, g, false), g.sum(true, 0));
    }

    @Override
    public INDArray applyOperator(INDArray in) {
        return product(in, w, false);
    }

    @Override
    public INDArray applyTranspose(INDArray out) {
        return product(out, w, true);
    }

    @Override
    public INDArray applyEntrywisePower(INDArray in, double p) {
        return in.mmul(Transforms.pow(Transforms.abs(w, true), p, false));
    }

    /** a·op(W) in c order ({@link Gemm#product}). */
    private static INDArray product(INDArray a, INDArray w, boolean transposeW) {
        return Gemm.product(a, false, w, transposeW);
    }
}
