package radlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.cli.RadlabCli;

/** Bad options of {@code radlab sweep}: one line, exit 2, nothing trained or written. */
class SweepCommandTest {
    static String[] run(String... args) {
        PrintStream err = System.err, out = System.out;
        ByteArrayOutputStream e = new ByteArrayOutputStream(), o = new ByteArrayOutputStream();
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        try {
            int code = RadlabCli.run(args);
            return new String[] {String.valueOf(code), e.toString(StandardCharsets.UTF_8).strip(), o.toString(StandardCharsets.UTF_8).strip()};
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
    }

    @Test
    void badOptionsFailBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("g.json");
        Files.writeString(grid, TinyGrids.FOUR);
        String out = dir.resolve("out").toString();
        String[][] cases = {
                {"--engine", "dask"}, {"--max-points", "-1"}, {"--workers", "-2"}, {"--master", "local[2]"},
                {"--engine", "spark", "--workers", "2"}, {"--engine", "spark", "--master", "yarn[2"},
        };
        String[] expected = {"unknown --engine 'dask'", "--max-points must be ≥ 0", "--workers must be ≥ 0", "--master applies to --engine spark only",
                "--workers applies to --engine local only", "cannot start Spark with master 'yarn[2': Could not parse Master URL"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 5];
            System.arraycopy(new String[] {"sweep", "--grid", grid.toString(), "--out", out}, 0, args, 0, 5);
            System.arraycopy(cases[i], 0, args, 5, cases[i].length);
            String[] r = run(args);
            assertEquals("2", r[0], String.join(" ", cases[i]) + ": " + r[1]);
            String line = r[1].lines().filter(l -> !l.startsWith("SLF4J")).reduce("", (a, b) -> a + b); // Spark's logging set-up warns on the test classpath
            assertTrue(line.startsWith("radlab: error: " + expected[i]) && r[1].lines().filter(l -> l.startsWith("radlab")).count() == 1, r[1]);
            assertTrue(Files.notExists(dir.resolve("out/points")), "nothing trained");
        }
        String[] missing = run("sweep", "--grid", dir.resolve("nope.json").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[1].contains("no such file"), missing[1]);
    }

    /** A standalone master that does not answer: one line within the stated timeout, exit 2, nothing written. */
    @Test
    void silentSparkMasterIsOneLineWithinTheTimeout(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("g.json");
        Files.writeString(grid, TinyGrids.FOUR);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();  // closed again: nothing listens there
        }
        long t0 = System.nanoTime();
        String[] r = run("sweep", "--grid", grid.toString(), "--out", dir.resolve("out").toString(), "--engine", "spark", "--master", "spark://127.0.0.1:" + port);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals("2", r[0], r[1]);
        String line = r[1].lines().filter(l -> l.startsWith("radlab")).reduce("", (a, b) -> a + b);
        assertTrue(line.startsWith("radlab: error: Spark master spark://127.0.0.1:" + port + " does not answer"), r[1]);
        assertTrue(seconds < radlab.experiment.sweep.engine.Engines.MASTER_TIMEOUT.toSeconds() + 5, seconds + " s");
        assertTrue(Files.notExists(dir.resolve("out")), "nothing written");
        String[] bad = run("sweep", "--grid", grid.toString(), "--engine", "spark", "--master", "spark://127.0.0.1:notaport");
        assertEquals("2", bad[0], bad[1]);
        assertTrue(bad[1].contains("radlab: error: bad --master 'spark://127.0.0.1:notaport'"), bad[1]);
    }

    @Test
    void runsAGridFromTheCommandLineInPieces(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("g.json");
        Files.writeString(grid, TinyGrids.THREE);
        String out = dir.resolve("out").toString();
        String[] first = run("sweep", "--grid", grid.toString(), "--out", out, "--max-points", "1", "--workers", "1");
        assertEquals("0", first[0], first[1]);
        assertEquals("3 points: 0 already done, 1 computed (0 corrupt rows recomputed), 2 remaining", first[2]);
        assertTrue(first[1].contains("re-run the same command to resume"), first[1]);
        String[] rest = run("sweep", "--grid", grid.toString(), "--out", out, "-q");
        assertEquals("0", rest[0], rest[1]);
        assertTrue(rest[2].startsWith("3 points: 1 already done, 2 computed"), rest[2]);
        assertTrue(Files.isRegularFile(dir.resolve("out/aggregated.csv")));
        assertTrue(CodeVersion.current().matches(".+\\+[0-9a-f]{16}"), CodeVersion.current());
    }

    /** The normal jar has no Spark: run the CLI in a JVM whose class path leaves Spark out. */
    @Test
    void sparkEngineWithoutSparkOnTheClassPathIsOneLine(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("g.json");
        Files.writeString(grid, TinyGrids.FOUR);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String noSpark = java.util.Arrays.stream(cp.split(java.io.File.pathSeparator)).filter(e -> !e.contains("/org/apache/spark/") && !e.contains("/org/apache/logging/log4j/")) // Spark and its log binding, as in the packaged jar
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", noSpark, "radlab.cli.RadlabCli",
                "sweep", "--grid", grid.toString(), "--engine", "spark", "--master", "local[2]", "--out", dir.resolve("out").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(2, p.waitFor(), output);
        assertTrue(output.startsWith("radlab: error: --engine spark needs Apache Spark on the classpath") && output.lines().count() == 1, output);
        assertTrue(Files.notExists(dir.resolve("out")));
    }

    /** A grid may read a data directory (issue #16); a missing one or too few images in it is one line, before any point runs. */
    @Test
    void aBadDataDirectoryFailsBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path small = radlab.data.IdxFixtures.write(dir.resolve("idx"), radlab.data.IdxFixtures.valid(100, 30));
        String body = ", \"model\": {\"arch\": \"mlp:8\"}, \"optimizer\": {\"epochs\": 1}, \"evaluation\": {\"attackSteps\": 1, \"evalSize\": 20}}}";
        String[][] cases = {
                {"{\"base\": {\"data\": {\"dir\": \"" + dir.resolve("nowhere") + "\", \"trainSize\": 50, \"testSize\": 20}" + body, "data directory does not exist"},
                {"{\"base\": {\"data\": {\"dir\": \"" + small + "\", \"trainSize\": 500, \"testSize\": 20}" + body, "data.trainSize 500 exceeds the 100"}};
        for (String[] c : cases) {
            Path grid = dir.resolve("g.json");
            Files.writeString(grid, c[0]);
            String[] r = run("sweep", "--grid", grid.toString(), "--out", dir.resolve("out").toString(), "--quiet");
            assertEquals("2", r[0], r[1]);
            List<String> lines = r[1].lines().filter(l -> !l.startsWith("SLF4J")).toList(); // logging set-up noise on the test classpath
            assertTrue(lines.size() == 1 && lines.get(0).startsWith("radlab: error: ") && lines.get(0).contains(c[1]), r[1]);
            assertTrue(Files.notExists(dir.resolve("out/points")), "nothing trained");
        }
    }
}
