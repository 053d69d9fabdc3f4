package radlab.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Checks shared by the tests that read a reproduction figure's CSV. */
public final class FigureCsv {
    private FigureCsv() {}

    /**
     * The CSV (header first) has data rows and no infinite cell, and no NaN cell except in bounds-vs-n and correlation,
     * which write NaN, as their READMEs say, for a slope or τ that is undefined on tiny data.
     */
    public static void assertFiniteCells(String figure, List<List<String>> csv) {
        assertTrue(csv.size() > 1, figure + " has data rows");
        boolean undefinedAllowed = figure.equals("bounds-vs-n") || figure.equals("correlation");
        for (List<String> row : csv.subList(1, csv.size())) {
            for (String cell : row) {
                assertTrue((undefinedAllowed || !cell.equals("NaN")) && !cell.contains("Infinity"), figure + " has a non-finite cell in " + row);
            }
        }
    }
}
