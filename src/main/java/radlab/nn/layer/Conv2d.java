package radlab.nn.layer;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * 2-D convolution (cross-correlation, as in every deep-learning library) with square kernel k, stride s, zero
 * padding p: out[o, y, x] = b[o] + Σ_{c,i,j} K[o, c, i, j]·in[c, s·y − p + i, s·x − p + j]. Computed by libnd4j's
 * conv2d (oneDNN in float32); the input VJP is its transposed convolution, the kernel gradient conv2d_bp
 * ({@link NativeWindows}). The kernel is stored C_out × C × k × k, the bias 1 × C_out.
 */
public final class Conv2d implements LinearLayer {
    private final ImageShape in;
    private final ImageShape out;
    private final int k;
    private final int s;
    private final int p;
    private final INDArray kernel;
    private final INDArray b;

    public Conv2d(ImageShape in, int k, int s, int p, INDArray kernel, INDArray b) {
        if (kernel.rank() != 4 || kernel.size(1) != in.channels() || kernel.size(2) != k || kernel.size(3) != k
                || !Arrays.equals(b.shape(), new long[] {1, kernel.size(0)})) {
            throw new IllegalArgumentException(String.format("conv kernel %s and bias %s do not fit input %s with k=%d",
                    Arrays.toString(kernel.shape()), Arrays.toString(b.shape()), in, k));
        }
        if (s < 1 || p < 0 || p >= k) throw new IllegalArgumentException("conv needs stride ≥ 1 and 0 ≤ padding < k, got s=" + s + " p=" + p);
        this.in = in;
        this.out = in.window((int) kernel.size(0), k, s, p);
        this.k = k;
        this.s = s;
        this.p = p;
        this.kernel = kernel;
        this.b = b.dataType() == kernel.dataType() ? b : b.castTo(kernel.dataType());
    }

    public ImageShape inputShape() {
        return in;
    }

    public ImageShape outputShape() {
        return out;
    }

    public int kernelSize() {
        return k;
    }

    public int stride() {
        return s;
    }

    public int padding() {
        return p;
    }

    @Override
    public int inputSize() {
        return in.size();
    }

    @Override
    public int outputSize() {
        return out.size();
    }

    @Override
    public String describe() {
        return String.format("conv %d×%d×%d s%d p%d %s→%s", out.channels(), k, k, s, p, in, out);
    }

    @Override
    public List<INDArray> parameters() {
        return List.of(kernel, b);
    }

    @Override
    public Layer withParameters(List<INDArray> params) {
        return new Conv2d(in, k, s, p, params.get(0), params.get(1));
    }

    @Override
    public INDArray weight() {
        return kernel;
    }

    @Override
    public INDArray bias() {
        return b;
    }

    @Override
    public boolean dense() {
        return false;
    }

    private INDArray convolve(INDArray rows, INDArray kr, INDArray bias) {
        return NativeWindows.convolve(rows, in, out, kr, bias, k, s, p);
    }

    @Override
    public INDArray forward(INDArray x) {
        return convolve(x, kernel, b);
    }

    @Override
    public INDArray inputVjp(INDArray g, Object local, int r) {
        return applyTranspose(g);
    }

    @Override
    public List<INDArray> parameterGradients(INDArray x, INDArray g) {
        return List.of(NativeWindows.kernelGradients(x, g, in, out, kernel, k, s, p));
    }

    @Override
    public INDArray applyOperator(INDArray x) {
        return convolve(x, kernel, null);
    }

    @Override
    public INDArray applyTranspose(INDArray g) {
        return NativeWindows.transpose(g, in, out, kernel, k, s, p);
    }

    @Override
    public INDArray applyEntrywisePower(INDArray x, double power) {
        return convolve(x, Transforms.pow(Transforms.abs(kernel, true), power, false), null);
    }
}
