package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import radlab.nn.layer.ImageShape;

/**
 * Square's schedules against fra31/auto-attack, autoattack/square.py, re-transcribed here in a different form: the
 * window fraction p = p_init / 2^(number of breakpoints the rescaled query index exceeds), and the window side from
 * Python's round (half to even, via BigDecimal here).
 */
class SquareScheduleTest {
    private static final int[] BREAKPOINTS = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000};

    /** square.py p_selection with resc_schedule=True: it = int(it / n_queries * 10000), then the breakpoints. */
    private static double referenceP(int it, int queries, double pInit) {
        int rescaled = (int) Math.floor(it / (double) queries * 10000);
        int halvings = 0;
        for (int b : BREAKPOINTS) if (rescaled > b) halvings++;
        return pInit / Math.pow(2, halvings);
    }

    private static int pythonRound(double v) {
        return new BigDecimal(v).setScale(0, RoundingMode.HALF_EVEN).intValueExact();
    }

    private static int referenceLinfSide(double p, int c, int h, int w) {
        return Math.min(Math.max(pythonRound(Math.sqrt(p * (c * h * w) / c)), 1), Math.min(h, w));
    }

    private static int referenceL2Side(double p, int c, int h, int w) {
        int s = Math.max(pythonRound(Math.sqrt(p * (c * h * w) / c)), 3);
        if (s % 2 == 0) s += 1;
        return Math.min(s, Math.min(h, w));
    }

    @Test
    void pSelectionMatchesTheReferenceAtEveryQuery() {
        for (int queries : new int[] {10000, 5000, 1000, 137}) {
            for (double pInit : new double[] {0.8, 0.05}) {
                for (int it = 0; it < queries; it++) {
                    assertEquals(referenceP(it, queries, pInit), Square.pSelection(it, queries, pInit), 0.0, "it " + it + " of " + queries);
                }
            }
        }
        // the breakpoints of the standard 5000-query run: it' = 2·it, so the first halving is at it = 6 (it' = 12 > 10)
        assertEquals(0.8, Square.pSelection(5, 5000, 0.8), 0.0);
        assertEquals(0.4, Square.pSelection(6, 5000, 0.8), 0.0);
        assertEquals(0.4, Square.pSelection(25, 5000, 0.8), 0.0);
        assertEquals(0.2, Square.pSelection(26, 5000, 0.8), 0.0);
        assertEquals(0.8 / 256, Square.pSelection(4000, 5000, 0.8), 0.0);
        assertEquals(0.8 / 512, Square.pSelection(4001, 5000, 0.8), 0.0);
    }

    @Test
    void windowSidesMatchTheReferenceAlongTheSchedule() {
        ImageShape[] shapes = {new ImageShape(1, 28, 28), new ImageShape(3, 32, 32), new ImageShape(1, 2, 2), new ImageShape(1, 8, 8),
                new ImageShape(1, 1, 10), new ImageShape(2, 6, 9)};
        for (ImageShape s : shapes) {
            for (int it = 0; it < 5000; it++) {
                double p = Square.pSelection(it, 5000, 0.8);
                assertEquals(referenceLinfSide(p, s.channels(), s.height(), s.width()), Square.linfSide(p, s), s + " it " + it);
                assertEquals(referenceL2Side(p, s.channels(), s.height(), s.width()), Square.l2Side(p, s), s + " it " + it);
            }
        }
        // MNIST by hand: √(p·784) for p = 0.8, 0.4, …, 0.8/512 is 25.04, 17.71, 12.52, 8.85, 6.26, 4.43, 3.13, 2.21, 1.57, 1.11
        ImageShape mnist = new ImageShape(1, 28, 28);
        int[] linf = new int[10], l2 = new int[10];
        for (int k = 0; k < 10; k++) {
            linf[k] = Square.linfSide(0.8 / Math.pow(2, k), mnist);
            l2[k] = Square.l2Side(0.8 / Math.pow(2, k), mnist);
        }
        assertArrayEquals(new int[] {25, 18, 13, 9, 6, 4, 3, 2, 2, 1}, linf);
        assertArrayEquals(new int[] {25, 19, 13, 9, 7, 5, 3, 3, 3, 3}, l2);
        // Python rounds half to even: √(0.25·25) = 2.5 gives 2, where Math.round would give 3
        assertEquals(2, Square.linfSide(0.25, new ImageShape(1, 5, 5)));
        assertEquals(29, Square.linfSide(0.8, new ImageShape(3, 32, 32))); // √(0.8·1024) = 28.62
    }

    @Test
    void l2WindowPatternMatchesTheReferenceRectangles() {
        // eta_rectangles(1, 3): centre 1 + 1/4 from the second rectangle, sides 1/4: (1, 5, 1)/√27
        double r27 = Math.sqrt(27), r30 = Math.sqrt(30);
        double[][] one = Square.etaRectangles(1, 3);
        assertArrayEquals(new double[] {1 / r27, 5 / r27, 1 / r27}, one[0], 1e-15);
        // eta_rectangles(2, 3): the 1×1 centre sits on row 1 (x_c − 1 = 1), the 3×3 ring clipped to both rows
        double[][] two = Square.etaRectangles(2, 3);
        assertArrayEquals(new double[] {1 / r30, 1 / r30, 1 / r30}, two[0], 1e-15);
        assertArrayEquals(new double[] {1 / r30, 5 / r30, 1 / r30}, two[1], 1e-15);
        assertEquals(0, Square.etaRectangles(0, 1).length);
    }
}
