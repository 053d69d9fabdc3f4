package radlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.experiment.ReproductionRun;
import radlab.report.CsvTable;

/**
 * The radius-bracket figure on the smoke profile's shared sweep: its files, one panel per model and threat, and a sound
 * bracket in every row (RadiusSearchTest holds the search itself against closed forms and brute force).
 */
class RadiusBracketFigureTest {
    @TempDir
    Path tmp;

    @Test
    void smokeProfileWritesTheFigure() throws Exception {
        ReproductionRun run = radlab.testing.SmokeSweep.run(); // trained once for the test JVM
        assertEquals(List.of("none", "l2-0.1", "l1-0.01", "adv-1"), RadiusBracketFigure.models(run).stream().map(ReproductionRun.Config::key).toList());
        Figure f = ReproductionFigures.build(RadiusBracketFigure.NAME, run);
        Path dir = f.write(tmp.resolve("reports").resolve(RadiusBracketFigure.NAME), "provenance");
        for (String file : List.of("radius-bracket.png", "radius-bracket.svg", "radius-bracket.csv", "README.md")) {
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
        assertEquals(8, f.panels().size(), "4 models × 2 threat models");
        String readme = Files.readString(dir.resolve("README.md"));
        assertTrue(readme.contains("processors available to the JVM") && readme.contains("APGD-CE-10"), readme);
        List<List<String>> csv = CsvTable.read(dir.resolve("radius-bracket.csv"));
        List<String> h = csv.get(0);
        assertEquals(1 + 8 * 4, csv.size(), "4 samples per model and threat");
        int cert = h.indexOf("certified_radius"), adv = h.indexOf("adversarial_radius"), found = h.indexOf("adversarial_found"),
                est = h.indexOf("jacobian_estimate"), rank = h.indexOf("rank");
        double previous = Double.NEGATIVE_INFINITY;
        for (List<String> row : csv.subList(1, csv.size())) {
            double c = Double.parseDouble(row.get(cert));
            if (Boolean.parseBoolean(row.get(found))) assertTrue(c <= Double.parseDouble(row.get(adv)), row.toString());
            else assertEquals("", row.get(adv), row.toString());
            double e = row.get(est).isEmpty() ? Double.POSITIVE_INFINITY : Double.parseDouble(row.get(est));
            if (!row.get(rank).equals("1")) assertTrue(e >= previous, "rows sorted by the estimate: " + row);
            previous = e;
        }
    }
}
