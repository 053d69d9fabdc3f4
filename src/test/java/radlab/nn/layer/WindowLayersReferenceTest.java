package radlab.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.testing.Tolerance;

/**
 * Convolution and pooling layers (libnd4j's kernels, oneDNN's in float32) against an independent transcription of
 * their definitions as plain loops over every index: forward, bias-free operator, transpose, kernel and bias
 * gradients, the max-pooling selection (first maximum on ties), its VJP over several seeds per sample and the VJP's
 * adjoint. The shapes cover stride 2, padding, and windows that leave the last rows and columns of the input
 * uncovered. Float32 at 1e-5 relative to the largest entry, float64 at 1e-12 (docs/testing.md).
 */
@Tag("numeric")
class WindowLayersReferenceTest {
    /** in shape, out channels, k, s, p. */
    static List<Arguments> convolutions() {
        return List.of(
                Arguments.of(new ImageShape(1, 6, 6), 2, 3, 1, 0),
                Arguments.of(new ImageShape(2, 7, 7), 3, 3, 2, 1),
                Arguments.of(new ImageShape(3, 8, 8), 2, 3, 2, 0),   // (8 − 3) mod 2 = 1: the last row is not covered
                Arguments.of(new ImageShape(2, 5, 9), 4, 5, 1, 2));
    }

    static List<Arguments> types() {
        return List.of(Arguments.of(DataType.FLOAT), Arguments.of(DataType.DOUBLE));
    }

    static List<Arguments> convolutionsAndTypes() {
        return convolutions().stream().flatMap(a -> types().stream().map(t -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], a.get()[3], a.get()[4], t.get()[0]))).toList();
    }

    static INDArray random(DataType type, Random rnd, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian();
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
    }

    static double tol(DataType t) {
        return t == DataType.FLOAT ? Tolerance.FLOAT32 : Tolerance.FLOAT64;
    }

    /** |a − b| ≤ tol·max|b| entry by entry. */
    static void assertNear(double[] expected, INDArray actual, DataType t, String what) {
        double[] a = actual.castTo(DataType.DOUBLE).data().asDouble();
        assertEquals(expected.length, a.length, what + " length");
        double scale = 1e-30;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], tol(t) * scale * 10, what + " entry " + i);
        }
    }

    static double at(double[] img, ImageShape s, int n, int c, int y, int x) {
        if (y < 0 || x < 0 || y >= s.height() || x >= s.width()) return 0;
        return img[((n * s.channels() + c) * s.height() + y) * s.width() + x];
    }

    @ParameterizedTest
    @MethodSource("convolutionsAndTypes")
    void convolutionMatchesItsDefinition(ImageShape in, int co, int k, int s, int p, DataType type) {
        Random rnd = new Random(7);
        int n = 3;
        INDArray kernel = random(type, rnd, co, in.channels(), k, k), bias = random(type, rnd, 1, co);
        Conv2d conv = new Conv2d(in, k, s, p, kernel, bias);
        ImageShape out = conv.outputShape();
        INDArray x = random(type, rnd, n, in.size()), g = random(type, rnd, n, out.size());
        double[] xs = x.castTo(DataType.DOUBLE).data().asDouble(), gs = g.castTo(DataType.DOUBLE).data().asDouble();
        double[] ks = kernel.castTo(DataType.DOUBLE).data().asDouble(), bs = bias.castTo(DataType.DOUBLE).data().asDouble();
        double[] fwd = new double[n * out.size()], opOnly = new double[n * out.size()];
        double[] transpose = new double[n * in.size()], dk = new double[ks.length], db = new double[co];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < co; o++) {
                for (int y = 0; y < out.height(); y++) {
                    for (int xx = 0; xx < out.width(); xx++) {
                        int oi = ((b * co + o) * out.height() + y) * out.width() + xx;
                        double sum = 0;
                        for (int c = 0; c < in.channels(); c++) {
                            for (int i = 0; i < k; i++) {
                                for (int j = 0; j < k; j++) {
                                    int ki = ((o * in.channels() + c) * k + i) * k + j;
                                    int iy = s * y - p + i, ix = s * xx - p + j;
                                    sum += ks[ki] * at(xs, in, b, c, iy, ix);
                                    dk[ki] += gs[oi] * at(xs, in, b, c, iy, ix);
                                    if (iy >= 0 && ix >= 0 && iy < in.height() && ix < in.width()) {
                                        transpose[((b * in.channels() + c) * in.height() + iy) * in.width() + ix] += ks[ki] * gs[oi];
                                    }
                                }
                            }
                        }
                        opOnly[oi] = sum;
                        fwd[oi] = sum + bs[o];
                        db[o] += gs[oi];
                    }
                }
            }
        }
        assertNear(fwd, conv.forward(x), type, "forward");
        assertNear(opOnly, conv.applyOperator(x), type, "operator");
        assertNear(transpose, conv.applyTranspose(g), type, "transpose");
        assertNear(transpose, conv.inputVjp(g, null, 1), type, "input VJP");
        List<INDArray> grads = conv.parameterGradients(x, g);
        assertNear(dk, grads.get(0), type, "kernel gradient");
        assertNear(db, grads.get(1), type, "bias gradient");
        assertEquals(List.of(1L, (long) co), List.of(grads.get(1).shape()[0], grads.get(1).shape()[1]));
    }

    static List<Arguments> pools() {
        return List.of(Arguments.of(new ImageShape(2, 6, 6), 2), Arguments.of(new ImageShape(3, 7, 5), 2),
                Arguments.of(new ImageShape(1, 9, 9), 3));
    }

    static List<Arguments> poolsAndTypes() {
        return pools().stream().flatMap(a -> types().stream().map(t -> Arguments.of(a.get()[0], a.get()[1], t.get()[0]))).toList();
    }

    /** Random values rounded to a coarse grid, so windows have ties, plus one all-zero image (ReLU's dead windows). */
    static INDArray withTies(DataType type, Random rnd, int n, int size) {
        double[] v = new double[n * size];
        for (int i = size; i < v.length; i++) v[i] = Math.max(0, Math.round(rnd.nextGaussian() * 2) / 2.0);
        return Nd4j.create(v, new long[] {n, size}, DataType.DOUBLE).castTo(type);
    }

    @ParameterizedTest
    @MethodSource("poolsAndTypes")
    void maxPoolingMatchesItsDefinitionWithFirstMaximumOnTies(ImageShape in, int k, DataType type) {
        Random rnd = new Random(3);
        int n = 3, r = 2;
        Pool2d pool = new Pool2d(Pool2d.Kind.MAX, in, k);
        ImageShape out = pool.outputShape();
        INDArray x = withTies(type, rnd, n, in.size());
        INDArray g = random(type, rnd, n * r, out.size()), ubar = random(type, rnd, n * r, in.size());
        double[] xs = x.castTo(DataType.DOUBLE).data().asDouble(), gs = g.castTo(DataType.DOUBLE).data().asDouble();
        double[] us = ubar.castTo(DataType.DOUBLE).data().asDouble();
        double[] fwd = new double[n * out.size()], vjp = new double[n * r * in.size()], adj = new double[n * r * out.size()];
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < in.channels(); c++) {
                for (int y = 0; y < out.height(); y++) {
                    for (int xx = 0; xx < out.width(); xx++) {
                        int best = -1;
                        double max = Double.NEGATIVE_INFINITY;
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                int idx = (c * in.height() + y * k + i) * in.width() + xx * k + j;
                                if (xs[b * in.size() + idx] > max) {   // strict: the first maximum in row-major order
                                    max = xs[b * in.size() + idx];
                                    best = idx;
                                }
                            }
                        }
                        int o = (c * out.height() + y) * out.width() + xx;
                        fwd[b * out.size() + o] = max;
                        for (int q = 0; q < r; q++) {
                            int row = b * r + q;
                            vjp[row * in.size() + best] += gs[row * out.size() + o];
                            adj[row * out.size() + o] = us[row * in.size() + best];
                        }
                    }
                }
            }
        }
        assertNear(fwd, pool.forward(x), type, "forward");
        Object mask = pool.local(x);
        assertNear(vjp, pool.inputVjp(g, mask, r), type, "VJP");
        assertNear(adj, pool.vjpAdjoint(ubar, mask, r), type, "VJP adjoint");
    }

    @ParameterizedTest
    @MethodSource("poolsAndTypes")
    void averagePoolingMatchesItsDefinition(ImageShape in, int k, DataType type) {
        Random rnd = new Random(5);
        int n = 2;
        Pool2d pool = new Pool2d(Pool2d.Kind.AVERAGE, in, k);
        ImageShape out = pool.outputShape();
        INDArray x = random(type, rnd, n, in.size()), g = random(type, rnd, n, out.size());
        double[] xs = x.castTo(DataType.DOUBLE).data().asDouble(), gs = g.castTo(DataType.DOUBLE).data().asDouble();
        double[] fwd = new double[n * out.size()], vjp = new double[n * in.size()];
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < in.channels(); c++) {
                for (int y = 0; y < out.height(); y++) {
                    for (int xx = 0; xx < out.width(); xx++) {
                        int o = b * out.size() + (c * out.height() + y) * out.width() + xx;
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                int idx = b * in.size() + (c * in.height() + y * k + i) * in.width() + xx * k + j;
                                fwd[o] += xs[idx] / (k * k);
                                vjp[idx] += gs[o] / (k * k);
                            }
                        }
                    }
                }
            }
        }
        assertNear(fwd, pool.forward(x), type, "forward");
        assertNear(vjp, pool.inputVjp(g, pool.local(x), 1), type, "VJP");
        assertNear(fwd, pool.vjpAdjoint(x, pool.local(x), 1), type, "VJP adjoint");
    }
}
