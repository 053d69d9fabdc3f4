package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.report.CsvTable;

class CorrelateCommandTest {
    @TempDir Path dir;

    /** The hand-computed grid of RankCorrelationsTest plus a name column, a measure opposite to the gap and a second gap. */
    Path table() throws Exception {
        Path csv = dir.resolve("results.csv");
        Files.writeString(csv, String.join("\n", "name,spec.lr,spec.width,gap,robust_gap,norm,neg",
                "a,A,1,1,1,1,-1", "b,B,1,2,2,2,-2", "c,A,2,4,3,3,-3", "d,B,2,3,4,4,-4", ""));
        return csv;
    }

    @Test
    void defaultRolesAndHandComputedValues() throws Exception {
        Path csv = table();
        Object[] r = CliTest.run("correlate", csv.toString(), "--out", dir.toString(), "--run", "c", "--resamples", "50", "-q");
        assertEquals(0, r[0], String.valueOf(r[1]));
        Path out = dir.resolve("c");
        for (String f : List.of("correlation.csv", "correlation.md", "config.json", "correlation-gap.png", "correlation-gap.svg", "correlation-robust_gap.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        List<List<String>> rows = CsvTable.read(out.resolve("correlation.csv"));
        List<String> h = rows.get(0);
        // gap "gap" = (1,2,4,3) vs norm (1,2,3,4): τ = 2/3, Ψ = (0 + 1)/2; "neg" is its mirror
        List<String> normVsGap = rows.stream().filter(x -> x.get(0).equals("gap") && x.get(1).equals("norm")).findFirst().orElseThrow();
        assertEquals(2.0 / 3, Double.parseDouble(normVsGap.get(h.indexOf("tau"))), 1e-12);
        assertEquals(0.5, Double.parseDouble(normVsGap.get(h.indexOf("psi"))), 1e-12);
        List<String> negVsGap = rows.stream().filter(x -> x.get(0).equals("gap") && x.get(1).equals("neg")).findFirst().orElseThrow();
        assertEquals(-2.0 / 3, Double.parseDouble(negVsGap.get(h.indexOf("tau"))), 1e-12);
        assertEquals(5, rows.size(), "2 gaps × 2 measures; the name and spec.* columns are not measures");
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        Path csv = table();
        Object[] missing = CliTest.run("correlate", dir.resolve("nope.csv").toString(), "--out", dir.toString(), "-q");
        assertEquals(2, missing[0]);
        assertTrue(String.valueOf(missing[1]).startsWith("radlab: error: results table"), String.valueOf(missing[1]));
        Object[] column = CliTest.run("correlate", csv.toString(), "--gaps", "nope", "--out", dir.toString(), "-q");
        assertEquals(2, column[0]);
        assertTrue(String.valueOf(column[1]).contains("no column 'nope'"), String.valueOf(column[1]));
        Object[] text = CliTest.run("correlate", csv.toString(), "--measures", "name", "--out", dir.toString(), "-q");
        assertEquals(2, text[0]);
        assertFalse(String.valueOf(text[1]).contains("Exception"), String.valueOf(text[1]));
    }
}
