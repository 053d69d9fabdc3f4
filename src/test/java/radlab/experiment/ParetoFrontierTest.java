package radlab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The frontier on hand-built tables whose non-dominated sets are worked out by hand in each comment. */
class ParetoFrontierTest {
    @Test
    void dominatedTiedAndEqualCostConfigurations() {
        // i:        0     1     2     3     4     5     6     7
        double[] c = {3, 3, 6, 9, 9, 12, 15, 15};
        double[] a = {50, 40, 60, 60, 70, 65, 80, 80};
        // 0: cheapest and best at cost 3 → on.          1: equal cost 3, lower accuracy → dominated by 0.
        // 2: 60 > 50 (best cheaper) → on.               3: cost 9, 60 = 2's 60 at lower cost → dominated by 2 (and by 4).
        // 4: 70 > 60 → on.                              5: 65 < 70 at cost 9 < 12 → dominated by 4.
        // 6, 7: identical (15, 80), 80 > 70 → both on (a tie dominates neither).
        assertArrayEquals(new boolean[] {true, false, true, false, true, false, true, true}, ParetoFrontier.members(c, a));
    }

    @Test
    void undefinedAccuracyIsNeitherOnTheFrontierNorDominating() {
        double[] c = {1, 2, 4};
        double[] a = {Double.NaN, 30, 20};
        // 0 has no measurement; 1 is the cheapest defined; 2 is worse at higher cost.
        assertArrayEquals(new boolean[] {false, true, false}, ParetoFrontier.members(c, a));
    }

    @Test
    void staircaseStepsRightThenUpAndRunsToTheLargestCost() {
        double[] c = {3, 6, 9, 12, 2};
        double[] a = {50, 40, 70, 65, Double.NaN};
        // frontier: (3, 50), (9, 70); the largest defined cost is 12 (the NaN at cost 2 is ignored).
        double[][] s = ParetoFrontier.staircase(c, a);
        assertArrayEquals(new double[] {3, 9, 9, 12}, s[0]);
        assertArrayEquals(new double[] {50, 50, 70, 70}, s[1]);
    }

    @Test
    void noDefinedPointGivesAnEmptyLineAndMismatchedLengthsAreRejected() {
        double[][] s = ParetoFrontier.staircase(new double[] {1}, new double[] {Double.NaN});
        assertArrayEquals(new double[0], s[0]);
        assertThrows(IllegalArgumentException.class, () -> ParetoFrontier.members(new double[2], new double[3]));
    }
}
