package radlab.measures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class LogLogSlopeTest {
    @Test
    void exactPowerLawGivesItsExponentWithAZeroWidthInterval() {
        double[] n = {250, 500, 1000, 2000, 4000}, y = new double[5];
        for (int i = 0; i < n.length; i++) y[i] = 3 * Math.pow(n[i], -0.5);
        LogLogSlope s = LogLogSlope.fit(n, y);
        assertEquals(-0.5, s.slope(), 1e-12);
        assertEquals(Math.log(3), s.intercept(), 1e-10);
        assertEquals(-0.5, s.low(), 1e-9);
        assertEquals(-0.5, s.high(), 1e-9);
        assertEquals(-1, s.direction());
        assertEquals(5, s.points());
    }

    @Test
    void intervalOnAHandComputedNoisyExample() {
        // ln x = 0, 1, 2 (x = 1, e, e²), ln y = 0, 2, 1: slope 0.5, residuals (−0.5, 1, −0.5), s² = 1.5/1, SE = √(1.5/2),
        // t_{0.975,1} = 12.7062047…
        double[] x = {1, Math.E, Math.E * Math.E}, y = {1, Math.exp(2), Math.E};
        LogLogSlope s = LogLogSlope.fit(x, y);
        assertEquals(0.5, s.slope(), 1e-12);
        double half = 12.706204736174705 * Math.sqrt(1.5 / 2);
        assertEquals(0.5 - half, s.low(), 1e-8);
        assertEquals(0.5 + half, s.high(), 1e-8);
        assertEquals(0, s.direction(), "the interval contains 0");
    }

    @Test
    void nonPositiveValuesAreLeftOutAndCounted() {
        LogLogSlope s = LogLogSlope.fit(new double[] {1, 2, 4, 8}, new double[] {-1, 2, 4, 8});
        assertEquals(1, s.leftOut());
        assertEquals(3, s.points());
        assertEquals(1, s.slope(), 1e-12);
        assertTrue(Double.isNaN(LogLogSlope.fit(new double[] {1, 2}, new double[] {1, 2}).low()), "two points: no interval");
    }

    @Test
    void fitMeansAveragesLnYPerXAndFitsTheMeans() {
        double[] x = {1, 2, 4, 8}, y = {3, 5, 4, 9};
        assertEquals(LogLogSlope.fit(x, y), LogLogSlope.fitMeans(x, y), "one value per x: the same regression, same order");
        // x = 1 twice with y = 1, e²: mean ln y = 1 there; x = e, e² once each with ln y = 0, 2. Means (0,1), (1,0), (2,2)
        // against the 4 single points: 3 regression points (1 degree of freedom) instead of 4
        double e = Math.E;
        LogLogSlope m = LogLogSlope.fitMeans(new double[] {1, e, 1, e * e}, new double[] {1, 1, e * e, e * e});
        assertEquals(0.5, m.slope(), 1e-12);
        assertEquals(3, m.points());
        double half = 12.706204736174705 * Math.sqrt(1.5 / 2); // the noisy example above: same three points
        assertEquals(0.5 + half, m.high(), 1e-8);
    }
}
