package radlab.nn.layer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * libnd4j's own convolution and pooling kernels (conv2d, conv2d_bp, deconv2d, maxpool2d, maxpool2d_bp, avgpool2d,
 * upsampling2d) on flat NCHW rows. With the oneDNN build of ND4J (radlab's default) the float32 kernels are oneDNN's,
 * 5–15× faster than im2col plus one matmul on the shapes of an MNIST CNN; float64 falls back to libnd4j's im2col.
 *
 * <p>Every op gets the integer arguments kH, kW, sH, sW, pH, pW, dH, dW, same-mode (0), NHWC (0) and, for the
 * convolutions, the weight format 1 = [C_out, C_in, kH, kW], radlab's storage order, so no kernel is ever permuted.
 */
final class NativeWindows {
    private static final int WEIGHTS_OIHW = 1;

    private NativeWindows() {}

    /** Flat rows (n × C·H·W) as an n × C × H × W array (a view when the rows are contiguous). */
    static INDArray image(INDArray rows, ImageShape s) {
        INDArray base = rows.ordering() == 'c' && !rows.isView() ? rows : rows.dup('c');
        return base.reshape('c', rows.rows(), s.channels(), s.height(), s.width());
    }

    private static INDArray flat(INDArray image) {
        return image.reshape('c', image.size(0), image.length() / image.size(0));
    }

    private static int[] args(int k, int s, int p, boolean weights) {
        return weights ? new int[] {k, k, s, s, p, p, 1, 1, 0, 0, WEIGHTS_OIHW} : new int[] {k, k, s, s, p, p, 1, 1, 0, 0, 0};
    }

    /** out = K ⋆ x (+ b): n × C_in·H·W → n × C_out·oh·ow; {@code bias} may be null. */
    static INDArray convolve(INDArray rows, ImageShape in, ImageShape out, INDArray kernel, INDArray bias, int k, int s, int p) {
        INDArray x = image(rows, in);
        INDArray y = Nd4j.createUninitialized(rows.dataType(), rows.rows(), out.channels(), out.height(), out.width());
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d").addIntegerArguments(args(k, s, p, true)).addOutputs(y);
        op = bias == null ? op.addInputs(x, kernel) : op.addInputs(x, kernel, bias.reshape(bias.length()));
        Nd4j.exec(op.build());
        return flat(y);
    }

    /**
     * The transpose of the bias-free convolution: g (n × C_out·oh·ow) ↦ Kᵀg (n × C_in·H·W), by libnd4j's
     * transposed convolution. When the windows do not reach the last rows or columns of the input (a remainder of
     * (H + 2p − k) mod s), those input cells get zero.
     */
    static INDArray transpose(INDArray g, ImageShape in, ImageShape out, INDArray kernel, int k, int s, int p) {
        int h = s * (out.height() - 1) + k - 2 * p, w = s * (out.width() - 1) + k - 2 * p;
        boolean exact = h == in.height() && w == in.width();
        INDArray x = exact ? Nd4j.createUninitialized(g.dataType(), g.rows(), in.channels(), h, w)
                : Nd4j.create(g.dataType(), g.rows(), in.channels(), h, w);
        Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(image(g, out), kernel).addOutputs(x)
                .addIntegerArguments(args(k, s, p, true)).build());
        return exact ? flat(x) : padded(x, in);
    }

    /** Σ_rows of the kernel and bias gradients of ⟨g, K ⋆ x + b⟩ (libnd4j's conv2d_bp; its input gradient is dropped). */
    static INDArray[] kernelGradients(INDArray rows, INDArray g, ImageShape in, ImageShape out, INDArray kernel, int k, int s, int p) {
        INDArray x = image(rows, in);
        INDArray gIn = Nd4j.createUninitialized(rows.dataType(), x.shape());
        INDArray gK = Nd4j.createUninitialized(rows.dataType(), kernel.shape());
        INDArray gB = Nd4j.createUninitialized(rows.dataType(), kernel.size(0));
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, kernel, Nd4j.zeros(rows.dataType(), kernel.size(0)), image(g, out))
                .addOutputs(gIn, gK, gB).addIntegerArguments(args(k, s, p, true)).build());
        gIn.close();
        return new INDArray[] {gK, gB.reshape(1, kernel.size(0))};
    }

    /**
     * Whether oneDNN runs its AVX-512 code here: the CPU reports avx512f (Linux /proc/cpuinfo) and neither
     * ONEDNN_MAX_CPU_ISA nor DNNL_MAX_CPU_ISA caps it below. Only then is oneDNN's max pooling fast: on its AVX2 path
     * it took 11.2 ms for a 64×32×24×24 batch against 0.6 ms on AVX-512 (bench/pytorch/README.md).
     */
    static final boolean ONEDNN_AVX512 = oneDnnAvx512();

    private static boolean oneDnnAvx512() {
        for (String var : new String[] {"ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"}) {
            String cap = System.getenv(var);
            if (cap == null || cap.isBlank()) continue;
            String c = cap.trim().toUpperCase(java.util.Locale.ROOT);
            if (!(c.equals("ALL") || c.startsWith("AVX512") || c.startsWith("AVX10"))) return false;
        }
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo")).contains(" avx512f");
        } catch (java.io.IOException | RuntimeException e) {
            return true;   // not Linux: keep oneDNN's kernel
        }
    }

    /**
     * Non-overlapping k×k max or average pooling (stride k, no padding): n × C·H·W → n × C·oh·ow. Max pooling without
     * oneDNN's AVX-512 code, when the windows tile the image, is a max reduction over the axes of the reshape
     * n × C × oh × k × ow × k (6–7× faster than oneDNN's AVX2 kernel; the maxima are exact either way, so the values
     * do not depend on the path).
     */
    static INDArray pool(INDArray rows, ImageShape in, ImageShape out, int k, boolean max) {
        if (max && !ONEDNN_AVX512 && in.height() == out.height() * k && in.width() == out.width() * k) {
            INDArray x = image(rows, in);
            INDArray y = x.reshape('c', x.size(0), in.channels(), out.height(), k, out.width(), k).max(3, 5);
            return flat(y);
        }
        INDArray y = Nd4j.createUninitialized(rows.dataType(), rows.rows(), out.channels(), out.height(), out.width());
        Nd4j.exec(DynamicCustomOp.builder(max ? "maxpool2d" : "avgpool2d").addInputs(image(rows, in)).addOutputs(y)
                .addIntegerArguments(args(k, k, 0, false)).build());
        return flat(y);
    }

    /**
     * The max-pooling selection as a 0/1 mask in the input's layout (n × C·H·W): one cell per window, the first
     * maximum on ties; cells no window covers are 0. It is libnd4j's maxpool2d_bp of an all-ones output gradient.
     */
    static INDArray maxMask(INDArray rows, ImageShape in, ImageShape out, int k) {
        INDArray mask = Nd4j.createUninitialized(rows.dataType(), rows.rows(), in.channels(), in.height(), in.width());
        INDArray ones = Nd4j.ones(rows.dataType(), rows.rows(), out.channels(), out.height(), out.width());
        Nd4j.exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(image(rows, in), ones).addOutputs(mask)
                .addIntegerArguments(args(k, k, 0, false)).build());
        ones.close();
        return flat(mask);
    }

    /**
     * Each output cell copied to every cell of its k×k window: n × C·oh·ow → n × C·H·W (cells no window covers are 0).
     */
    static INDArray upsample(INDArray g, ImageShape in, ImageShape out, int k) {
        int h = out.height() * k, w = out.width() * k;
        boolean exact = h == in.height() && w == in.width();
        INDArray up = Nd4j.createUninitialized(g.dataType(), g.rows(), in.channels(), h, w);
        Nd4j.exec(DynamicCustomOp.builder("upsampling2d").addInputs(image(g, out)).addOutputs(up).addIntegerArguments(k, k, 1).build());
        return exact ? flat(up) : padded(up, in);
    }

    /**
     * {@code part} (n × C × h × w, h ≤ H, w ≤ W) in the top-left corner of zeros of the input's shape, as flat rows:
     * the cells of the last rows and columns that no window covers. {@code part} is released.
     */
    private static INDArray padded(INDArray part, ImageShape in) {
        INDArray full = Nd4j.create(part.dataType(), part.size(0), in.channels(), in.height(), in.width());
        full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, part.size(2)), NDArrayIndex.interval(0, part.size(3))).assign(part);
        release(part);
        return flat(full);
    }

    /** Frees a temporary now (if ND4J allows closing it) rather than at the next garbage collection. */
    static void release(INDArray a) {
        if (a != null && a.closeable()) a.close();
    }
}
