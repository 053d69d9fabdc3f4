package radlab.nn.layer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products: {@link #product} is the one used on batches and weights. The others reproduce the bits of ND4J's
 * {@code mmul}, faster (the float64 path of product, and tests). ND4J 1.0.0-M2.1's mmul runs the BLAS GEMM
 * into a freshly allocated, zero-filled f-order temporary and copies that into the c-order result; on this project's
 * shapes that costs 1.3–2.3× the GEMM alone (bench/pytorch/README.md, "GEMM floor"). Here the same GEMM call (same
 * operands, same transpose flags, f-order output, so OpenBLAS sums in the same order) writes into an uninitialised
 * array, and the copy to c order is exact (DenseProductTest checks the bits).
 */
public final class Gemm {
    private Gemm() {}

    /** op(a)·op(b) as a c-order array, op = transpose when the flag is set; bit-identical to the mmul of the views. */
    public static INDArray mmul(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        INDArray f = mmulF(a, transposeA, b, transposeB), c = f.dup('c');
        // free the temporary now rather than when the garbage collector finds it (outside a workspace its native
        // buffer would otherwise pile up: 31 MB per product for batched Jacobians)
        if (f.closeable()) f.close();
        return c;
    }

    /**
     * op(a)·op(b) as a c-order array without the copy: the transposed problem op(b)ᵀ·op(a)ᵀ written in f order is
     * the product in c order (the call numpy and torch make). Per element OpenBLAS sums along k in the same order, but
     * which kernel runs depends on the transpose flags and shape, so the bits are {@link #mmul}'s only with the SkylakeX
     * kernels and m·n·k above OpenBLAS's small-matrix limit (10⁶); with the Cooperlake/Haswell kernels (OpenBLAS's own
     * choice on this machine) they differ by ~1e-7 relative in float (measured up to 3e-7; GemmTransposedTest pins
     * ≤ 1e-6 everywhere and the bits where they hold). Saves the f→c copy, 0.8–1.3× the GEMM on the Jacobian shapes.
     */
    public static INDArray mmulC(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        long rows = transposeA ? a.columns() : a.rows(), cols = transposeB ? b.rows() : b.columns();
        INDArray ct = Nd4j.createUninitialized(a.dataType(), new long[] {cols, rows}, 'f');
        Nd4j.gemm(b, a, ct, !transposeB, !transposeA, 1.0, 0.0);
        // the same buffer as a plain c-order array, not ct.transpose(): a transposed view carries a view flag and
        // ND4J/libnd4j treat views differently (broadcasts, dup, closing), and the result must behave like mmul's
        return Nd4j.create(ct.data(), new long[] {rows, cols}, new long[] {cols, 1}, 0, 'c');
    }

    /**
     * Multiply-adds m·n·k from which OpenBLAS runs its general GEMM kernels, whose per-element sums do not depend on the
     * transpose flags with the SkylakeX kernels; below it its small-matrix kernels, which do (measured, see
     * {@link #mmulC}).
     */
    static final long SMALL_MATRIX_LIMIT = 1_000_000;

    /**
     * op(a)·op(b) in c order: <b>the one home of radlab's matrix products</b> on batches and weights. float32 runs
     * libnd4j's {@code matmul} op, which the oneDNN build of ND4J (radlab's default) hands to oneDNN: 1.2–1.8× faster
     * than OpenBLAS 0.3.19 on the 64-row training shapes, the same speed on large ones, and c order without a copy
     * (bench/pytorch/README.md, "GEMM"). Its bits differ from mmul's (≤ 1e-6 of the GEMM error scale Σ|a||b|), do not
     * depend on the operands' layout or on the OpenMP thread count (measured on these shapes; DenseProductTest checks
     * layout and repeatability). float64, which oneDNN does not run, keeps OpenBLAS: {@link #mmulC} (no copy) above
     * {@link #SMALL_MATRIX_LIMIT} multiply-adds, where it is bit-identical to mmul with the SkylakeX kernels that the CLI
     * asks for on AVX-512 CPUs (radlab.cli.BlasKernel) and within ~3e-7 relative with others; mmul below it.
     */
    public static INDArray product(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        long m = transposeA ? a.columns() : a.rows(), k = transposeA ? a.rows() : a.columns(), n = transposeB ? b.rows() : b.columns();
        if (a.dataType() == DataType.FLOAT && b.dataType() == DataType.FLOAT && m * n * k > 0) return matmulOp(a, transposeA, b, transposeB, m, n);
        return m * n * k > SMALL_MATRIX_LIMIT ? mmulC(a, transposeA, b, transposeB) : mmul(a, transposeA, b, transposeB);
    }

    private static INDArray matmulOp(INDArray a, boolean transposeA, INDArray b, boolean transposeB, long m, long n) {
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, new long[] {m, n}, 'c');
        Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(a, b).addOutputs(c).addIntegerArguments(transposeA ? 1 : 0, transposeB ? 1 : 0).build());
        return c;
    }

    /** op(a)·op(b) as an f-order array (no copy; for consumers that do not care about the layout). */
    public static INDArray mmulF(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        long rows = transposeA ? a.columns() : a.rows(), cols = transposeB ? b.rows() : b.columns();
        INDArray f = Nd4j.createUninitialized(a.dataType(), new long[] {rows, cols}, 'f');
        return Nd4j.gemm(a, b, f, transposeA, transposeB, 1.0, 0.0);
    }
}
