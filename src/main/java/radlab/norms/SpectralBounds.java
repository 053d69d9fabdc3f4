package radlab.norms;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.layer.Conv2d;
import radlab.nn.layer.LinearLayer;

/**
 * Upper bounds of ‖A‖_σ (the ℓ2 operator norm) of a weight layer that are upper bounds by construction, for
 * certificates (power iteration approaches ‖A‖_σ from below and its stopping rule bounds nothing when σ1 ≈ σ2):
 * <ul>
 *   <li>dense: the largest singular value, √λ_max(WᵀW) from LAPACK's symmetric eigensolver, exact to rounding;</li>
 *   <li>convolution (kernel K, C_out × C × k × k, stride s, zero padding p, input H × W): the norm of the circular
 *       cross-correlation with the same kernel on the padded (H+2p) × (W+2p) grid, which is
 *       max over the (H+2p)·(W+2p) frequencies f of σ_max(K̂(f)), K̂(f)_{oc} = Σ_{i,j} K_{ocij}·e^{−2πi(i·f1/(H+2p) + j·f2/(W+2p))}
 *       (Sedghi, Gupta &amp; Long 2019, ICLR, "The singular values of convolutional layers", Theorem 6). It bounds the
 *       zero-padded, strided layer because that layer is A = P·C·E: E pads the input with zeros (an isometry), C is the
 *       circular correlation on the padded grid, and P keeps the rows at the strided output positions, whose windows
 *       s·y + i ≤ H + 2p − 1 never wrap around; ‖P‖, ‖E‖ ≤ 1. K̂(f) is complex; its singular values are those of the
 *       real [[Re, −Im], [Im, Re]] (each twice), whose σ_max the same SVD gives. It ignores the stride and the border, so
 *       on small or strided layers two simpler bounds can be lower, and the smallest of the three is used:
 *       ‖A‖_F and √(‖A‖_1·‖A‖_∞) (max column sum times max row sum of |A|; Hölder), both exact from the kernel
 *       because each entry of A is one kernel entry or 0, so |A| is the convolution with |K|.</li>
 * </ul>
 */
public final class SpectralBounds {
    private SpectralBounds() {}

    /** An upper bound of ‖A‖_σ of the layer's weight operator (exact to rounding for dense layers). */
    public static double upper(LinearLayer layer) {
        if (layer.dense()) return largestSingularValue(layer.weight());
        if (layer instanceof Conv2d c) return Math.min(circularConvolution(c), Math.min(frobenius(c), holder(c)));
        throw new IllegalArgumentException("no spectral upper bound for " + layer.describe());
    }

    /**
     * σ_max(W) as √λ_max(G) of the Gram matrix G = WᵀW or WWᵀ (the smaller), from LAPACK's symmetric eigensolver
     * (syev, eigenvalues only): exact to rounding (forming G perturbs λ by at most ~m·2^−53·‖W‖_F², so σ by a relative
     * ~1e-13 for the layers here), with no iteration state. ND4J's gesvd wrapper is not used: it returns wrong,
     * run-to-run different values for matrices such as 784×256 or 600×300 (checked against Commons Math's SVD in
     * {@code SpectralBoundsTest}). Throws if LAPACK returns a non-finite value.
     */
    public static double largestSingularValue(INDArray w) {
        INDArray a = w.castTo(DataType.DOUBLE);
        INDArray g = a.rows() >= a.columns() ? a.transpose().mmul(a) : a.mmul(a.transpose());
        INDArray ev = org.nd4j.linalg.eigen.Eigen.symmetricGeneralizedEigenvalues(g.dup('f'), false);
        double s = Math.sqrt(Math.max(0, ev.maxNumber().doubleValue()));
        if (!Double.isFinite(s)) throw new ArithmeticException("eigensolver gave a non-finite value");
        return s;
    }

    /** The circular-correlation bound of a convolution layer described in the class comment. */
    static double circularConvolution(Conv2d conv) {
        int k = conv.kernelSize(), p = conv.padding();
        int mh = conv.inputShape().height() + 2 * p, mw = conv.inputShape().width() + 2 * p;
        double[][][][] kernel = kernelArray(conv.weight());
        int cout = kernel.length, cin = kernel[0].length;
        double max = 0;
        double[] re = new double[cout * cin], im = new double[cout * cin];
        for (int f1 = 0; f1 < mh; f1++) {
            for (int f2 = 0; f2 < mw; f2++) {
                java.util.Arrays.fill(re, 0);
                java.util.Arrays.fill(im, 0);
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        // reduce i·f before dividing so that the phase is exact for large grids
                        double phase = -2 * Math.PI * ((double) (i * f1 % mh) / mh + (double) (j * f2 % mw) / mw);
                        double cos = Math.cos(phase), sin = Math.sin(phase);
                        for (int o = 0; o < cout; o++) {
                            for (int c = 0; c < cin; c++) {
                                double v = kernel[o][c][i][j];
                                re[o * cin + c] += v * cos;
                                im[o * cin + c] += v * sin;
                            }
                        }
                    }
                }
                max = Math.max(max, largestSingularValue(realEmbedding(re, im, cout, cin)));
            }
        }
        return max;
    }

    /** ‖A‖_F from the row sums of A∘A (the convolution with K∘K applied to ones). */
    static double frobenius(LinearLayer a) {
        return Math.sqrt(a.applyEntrywisePower(Nd4j.ones(DataType.DOUBLE, 1, a.inputSize()), 2).sumNumber().doubleValue());
    }

    /** √(‖A‖_1·‖A‖_∞): the largest column sum of |A| (|A|ᵀ applied to ones) times the largest row sum (|A| applied to ones). */
    static double holder(LinearLayer a) {
        LinearLayer abs = a.withWeight(org.nd4j.linalg.ops.transforms.Transforms.abs(a.weight().castTo(DataType.DOUBLE), true));
        double rows = abs.applyOperator(Nd4j.ones(DataType.DOUBLE, 1, a.inputSize())).maxNumber().doubleValue();
        double cols = abs.applyTranspose(Nd4j.ones(DataType.DOUBLE, 1, a.outputSize())).maxNumber().doubleValue();
        return Math.sqrt(rows * cols);
    }

    /** [[X, −Y], [Y, X]] for Z = X + iY (cout × cin, row-major): σ(Z) with each value twice. */
    static INDArray realEmbedding(double[] re, double[] im, int rows, int cols) {
        double[][] m = new double[2 * rows][2 * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = re[r * cols + c], y = im[r * cols + c];
                m[r][c] = x;
                m[r][cols + c] = -y;
                m[rows + r][c] = y;
                m[rows + r][cols + c] = x;
            }
        }
        return Nd4j.createFromArray(m);
    }

    private static double[][][][] kernelArray(INDArray kernel) {
        INDArray k = kernel.castTo(DataType.DOUBLE);
        int a = (int) k.size(0), b = (int) k.size(1), c = (int) k.size(2), d = (int) k.size(3);
        double[] flat = k.dup('c').data().asDouble();
        double[][][][] out = new double[a][b][c][d];
        int idx = 0;
        for (int i = 0; i < a; i++) for (int j = 0; j < b; j++) for (int l = 0; l < c; l++) for (int m = 0; m < d; m++) out[i][j][l][m] = flat[idx++];
        return out;
    }
}
