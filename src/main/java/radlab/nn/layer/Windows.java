package radlab.nn.layer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * im2col/col2im between flat NCHW rows and one row per (image, output position) with the window's C·k·k values,
 * on ND4J's native {@link Convolution} kernels (no per-pixel Java loops). A convolution is then one matmul.
 *
 * <p>The window arrays are the largest temporaries of a CNN pass (k² times the activations, times K seeds in the
 * Jacobian recursion), so intermediate copies are closed as soon as they are consumed instead of waiting for the
 * garbage collector to free their off-heap memory, which let a training process grow to many gigabytes.
 */
final class Windows {
    private Windows() {}

    /** rows (n × C·H·W) → windows ((n·oh·ow) × (C·k·k)), rows ordered (image, oh, ow), columns (c, ky, kx). */
    static INDArray toColumns(INDArray rows, ImageShape in, int k, int s, int p) {
        ImageShape o = in.window(in.channels(), k, s, p);
        long n = rows.rows(), oh = o.height(), ow = o.width();
        boolean copy = rows.ordering() != 'c' || rows.isView();
        INDArray base = copy ? rows.dup('c') : rows;
        // ND4J allocates im2col's output in the default precision unless given one, so pass it in the data's type.
        INDArray cols = Nd4j.create(rows.dataType(), n, in.channels(), k, k, oh, ow);
        Convolution.im2col(base.reshape('c', n, in.channels(), in.height(), in.width()), k, k, s, s, p, p, false, cols);
        if (copy) release(base);
        INDArray out = cols.permute(0, 4, 5, 1, 2, 3).dup('c');
        release(cols);
        return out.reshape('c', n * oh * ow, (long) in.channels() * k * k);
    }

    /** Adjoint of {@link #toColumns}: windows ((n·oh·ow) × (C·k·k)) summed back into rows (n × C·H·W). */
    static INDArray fromColumns(INDArray cols2d, ImageShape in, ImageShape out, int k, int s, int p) {
        long n = cols2d.rows() / ((long) out.height() * out.width());
        INDArray cols = cols2d.reshape('c', n, out.height(), out.width(), in.channels(), k, k).permute(0, 3, 4, 5, 1, 2).dup('c');
        INDArray img = Convolution.col2im(cols, s, s, p, p, in.height(), in.width());
        release(cols);
        return img.reshape('c', n, in.size());
    }

    /** Channel-last rows ((n·oh·ow) × C) → flat NCHW rows (n × C·oh·ow). */
    static INDArray toNchw(INDArray perPosition, ImageShape out) {
        long n = perPosition.rows() / ((long) out.height() * out.width());
        return perPosition.reshape('c', n, out.height(), out.width(), out.channels()).permute(0, 3, 1, 2).dup('c').reshape('c', n, out.size());
    }

    /** Flat NCHW rows (n × C·oh·ow) → channel-last rows ((n·oh·ow) × C). */
    static INDArray fromNchw(INDArray rows, ImageShape out) {
        long n = rows.rows();
        return rows.reshape('c', n, out.channels(), out.height(), out.width()).permute(0, 2, 3, 1).dup('c')
                .reshape('c', n * out.height() * out.width(), out.channels());
    }

    /** Frees a temporary now (if ND4J allows closing it) rather than at the next garbage collection. */
    static void release(INDArray a) {
        if (a != null && a.closeable()) a.close();
    }
}
