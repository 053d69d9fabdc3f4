package radlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The suite's tolerance policy (docs/testing.md) in one place. Bit-identity is asserted only between two computations
 * in the same JVM; a value that was computed elsewhere — a literal in a test, a golden file, a closed form evaluated
 * with other operations — is compared with a relative tolerance from here, because another CPU's BLAS kernels and
 * libm sum and round in another order.
 */
public final class Tolerance {
    /**
     * float64 through BLAS (blocked GEMM, reductions) or a chain of a few dozen transcendental operations: each kernel
     * family rounds differently in the last bits (3e-15 relative seen between AMD Zen and Intel SkylakeX kernels on
     * the bound values); 1e-12 leaves three orders of magnitude for longer chains and still catches any formula change.
     */
    public static final double FLOAT64 = 1e-12;

    /** float32 through BLAS: a 784-long dot product in float32 differs by ~1e-6 relative between summation orders. */
    public static final double FLOAT32 = 1e-5;

    private Tolerance() {}

    /** |expected − actual| ≤ relative · max(|expected|, tiny): relative, with an absolute floor only at exactly zero. */
    public static void assertRelative(double expected, double actual, double relative, String what) {
        if (Double.isNaN(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        double scale = Math.abs(expected) > 0 ? Math.abs(expected) : Double.MIN_NORMAL;
        assertEquals(expected, actual, relative * scale, () -> what + ": relative error " + Math.abs(expected - actual) / scale
                + " above " + relative);
    }

    /** {@link #assertRelative} at {@link #FLOAT64}. */
    public static void assertClose(double expected, double actual, String what) {
        assertRelative(expected, actual, FLOAT64, what);
    }
}
