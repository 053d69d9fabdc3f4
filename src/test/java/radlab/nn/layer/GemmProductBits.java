package radlab.nn.layer;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Run by {@link GemmProductBitsTest} in a child JVM: with the CLI's kernel choice (OPENBLAS_CORETYPE=SkylakeX) the
 * float64 {@link Gemm#product} and Dense's products must have exactly mmul's bits on the training, evaluation and
 * attack shapes of a 784-256-256-10 MLP, above and below the small-matrix limit (exits 1 naming the first difference);
 * the float32 products (oneDNN) are hashed and printed, for a comparison across OpenMP thread counts.
 * Argument {@code float-only}: print the hash only; {@code float-only-pinned}: the same after radlab's
 * {@link radlab.util.NativeThreads#pinProcess}.
 */
public final class GemmProductBits {
    private GemmProductBits() {}

    public static void main(String[] args) {
        boolean mmulBits = args.length == 0 || !args[0].startsWith("float-only");
        // radlab's pinning (what the CLI and the engines do), or only OpenBLAS's process-wide count: then oneDNN follows
        // OMP_NUM_THREADS
        if (args.length > 0 && args[0].equals("float-only-pinned")) radlab.util.NativeThreads.pinProcess();
        else Nd4j.factory().blas().setMaxThreads(1);
        // {m, k, n}: batch 64 and 1,000 through 784-256-256-10 (1000×256·256×784: PGD's input gradient), and the
        // weight-gradient shapes (k = batch)
        int[][] shapes = {{64, 784, 256}, {64, 256, 256}, {64, 256, 10}, {1000, 784, 256}, {1000, 256, 784}, {1000, 256, 10}, {784, 64, 256}, {256, 64, 10}};
        // float32 runs oneDNN (not mmul): its bits are printed, and GemmProductBitsTest compares them across thread counts
        long[] floatHash = {17};
        GemmCases.forEach(31, shapes, c -> {
            INDArray p = Gemm.product(c.a(), c.transposeA(), c.b(), c.transposeB());
            if (c.a().dataType() == DataType.FLOAT) floatHash[0] = 31 * floatHash[0] + Arrays.hashCode(p.data().asFloat());
            else if (mmulBits) same(Gemm.mmul(c.a(), c.transposeA(), c.b(), c.transposeB()), p, c.what());
        });
        System.out.println("float products hash " + floatHash[0]);
        if (!mmulBits) return;
        for (DataType t : new DataType[] {DataType.DOUBLE}) {
            INDArray w = Nd4j.randn(t, 784, 256), bias = Nd4j.randn(t, 1, 256), x = Nd4j.randn(t, 64, 784), g = Nd4j.randn(t, 64, 256);
            Dense d = new Dense(w, bias);
            same(x.mmul(w).addiRowVector(bias), d.forward(x), t + " forward");
            same(g.mmul(w.transpose()), d.inputVjp(g, null, 1), t + " input VJP");
            same(x.transpose().mmul(g), d.parameterGradients(x, g).get(0), t + " weight gradient");
        }
        System.out.println("bit-identical");
    }

    private static void same(INDArray expected, INDArray actual, String what) {
        if (!Arrays.equals(expected.shape(), actual.shape()) || !Arrays.equals(expected.dup('c').data().asDouble(), actual.dup('c').data().asDouble())) {
            System.out.println("differs: " + what);
            System.exit(1);
        }
    }
}
