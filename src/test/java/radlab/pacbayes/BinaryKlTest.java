package radlab.pacbayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import radlab.testing.Tolerance;

@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class BinaryKlTest {
    /** Plain bisection on [q, 1): the reference the Brent-based inverse must agree with. */
    static double bisection(double q, double c) {
        double lo = q, hi = 1;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (BinaryKl.kl(q, mid) <= c) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    @Test
    void klMatchesHandComputedValues() {
        // The closed forms use other operations than BinaryKl: relative tolerance (docs/testing.md).
        Tolerance.assertClose(0.5 * Math.log(4.0 / 3), BinaryKl.kl(0.5, 0.25), "kl(0.5, 0.25)"); // ½ln(0.5/0.25) + ½ln(0.5/0.75)
        Tolerance.assertClose(-Math.log(0.7), BinaryKl.kl(0, 0.3), "kl(0, 0.3)");
        assertEquals(0, BinaryKl.kl(0.3, 0.3), 1e-15, "absolute at zero: q·ln 1 + (1 − q)·ln 1");
        assertEquals(Double.POSITIVE_INFINITY, BinaryKl.kl(0.2, 1));
    }

    @Test
    void inverseOfZeroErrorIsOneMinusExpMinusC() {
        for (double c : new double[] {1e-4, 0.01, 0.1, 0.5, 1, 3, 10}) {
            assertEquals(1 - Math.exp(-c), BinaryKl.inverseUpper(0, c), 1e-10, "c = " + c);
        }
    }

    @Test
    void inverseAgreesWithBisectionAtManyPoints() {
        int checked = 0;
        for (int i = 0; i < 20; i++) {
            double q = 0.05 * i;
            for (double c : new double[] {1e-5, 1e-3, 0.01, 0.05, 0.2, 0.7, 2, 6}) {
                double p = BinaryKl.inverseUpper(q, c);
                assertEquals(bisection(q, c), p, 1e-9, "q = " + q + ", c = " + c);
                assertTrue(p >= q && p <= 1);
                if (p < 1) assertTrue(BinaryKl.kl(q, p) >= c - 1e-9, "the upper inverse sits on or above the level set");
                checked++;
            }
        }
        assertEquals(160, checked);
    }

    @Test
    void pinskerRelaxationIsNeverTighter() {
        for (double q = 0; q <= 1; q += 0.1) {
            for (double c : new double[] {1e-4, 0.01, 0.1, 1}) {
                assertTrue(BinaryKl.pinskerUpper(q, c) >= BinaryKl.inverseUpper(q, c) - 1e-12, "q = " + q + ", c = " + c);
            }
        }
        // and strictly looser where it matters (small errors): kl⁻¹(0, 0.01) ≈ 0.00995 vs √0.005 ≈ 0.0707
        assertTrue(BinaryKl.pinskerUpper(0, 0.01) > 5 * BinaryKl.inverseUpper(0, 0.01));
    }

    @Test
    void edgeCasesAndBadInput() {
        // Exact by construction (returned without arithmetic): the edges are special-cased, so bit-identity holds anywhere.
        assertEquals(0.3, BinaryKl.inverseUpper(0.3, 0), 0);
        assertEquals(1, BinaryKl.inverseUpper(1, 0.1), 0);
        assertEquals(1, BinaryKl.inverseUpper(0.1, 1000), 0);
        assertThrows(IllegalArgumentException.class, () -> BinaryKl.inverseUpper(-0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> BinaryKl.inverseUpper(0.1, -1));
        assertThrows(IllegalArgumentException.class, () -> BinaryKl.kl(0.1, 1.5));
    }

    @Test
    void langfordCaruanaAndComplexityFollowTheirFormulas() {
        Tolerance.assertClose(BinaryKl.inverseUpper(0.1, Math.log(2 / 0.01) / 100), PacBayesBounds.monteCarloUpper(0.1, 100, 0.01), "Langford–Caruana");
        Tolerance.assertClose((50 + Math.log(2 * Math.sqrt(1000) * 40 / 0.025)) / 1000, PacBayesBounds.complexity(50, 1000, 40, 0.025), "complexity");
    }
}
