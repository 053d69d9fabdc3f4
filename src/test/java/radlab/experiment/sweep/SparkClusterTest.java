package radlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on this machine through scripts/spark-local.sh: a master, three one-core workers
 * and their executors as separate JVMs on 127.0.0.1, the driver submitted as a user would. Every executor must get a
 * point at once (the driver cannot know the cluster's slots, so it must queue every point), and the rows must equal a
 * local sweep's (timings aside), also when a worker and its executor are killed (kill -9) mid-grid, and when the driver
 * is killed (kill -9) and the same command resumes. Needs target/radlab.jar (mvn package); about 3 min on this 2-core
 * machine.
 */
@Tag("slow")
class SparkClusterTest {
    /** 2 objectives × 4 seeds = 8 points, each a few seconds, so a worker can be killed with points still to run. */
    static final String EIGHT = "{\"name\": \"eight\", \"base\": {\"data\": {\"trainSize\": 120, \"testSize\": 40}, \"model\": {\"arch\": \"mlp:8\"},"
            + " \"optimizer\": {\"epochs\": 1, \"batchSize\": 40}, \"evaluation\": {\"attackSteps\": 1, \"evalSize\": 20, \"attackTargets\": 1}},"
            + " \"axes\": {\"objective\": [{\"kind\": \"plain\"}, {\"kind\": \"l2-jacobian\", \"lambda\": 0.01}], \"seed\": [1, 2, 3, 4]}}";
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path JAR = ROOT.resolve("target/radlab.jar");

    private Path state;

    /** Runs the script with ARGS (state under the test's directory), output to LOG; the process, not yet finished. */
    private Process script(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/spark-local.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_DIR", state.toString());
        return pb.start();
    }

    private String runScript(Path log, long timeoutSeconds, String... args) throws Exception {
        Process p = script(log, args);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("spark-local.sh " + String.join(" ", args) + " timed out: " + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "spark-local.sh " + String.join(" ", args) + ": " + out);
        return out;
    }

    private static void localSweep(Path grid, Path out, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                "sweep", "--grid", grid.toString(), "--out", out.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        // Spark gives every executor OMP_NUM_THREADS = spark.task.cpus (1); with one OpenMP thread per core ND4J's
        // reductions sum in another order and a few norms differ in the last bits (docs/sweeps.md). The CLI's
        // relaunched JVM sets it itself: removed here (Surefire sets it) so that the comparison checks that.
        pb.environment().remove("OMP_NUM_THREADS");
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        assertEquals(0, p.exitValue(), Files.readString(log));
    }

    /** results.csv without its timing columns (time.*), as {@link ResultRow#withoutTimings} compares rows. */
    static List<List<String>> rowsWithoutTimings(Path csv) throws IOException {
        List<List<String>> lines = radlab.report.CsvTable.read(csv);
        List<String> header = lines.get(0);
        List<List<String>> out = new ArrayList<>();
        for (List<String> line : lines) {
            assertEquals(header.size(), line.size(), "cells in " + line);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < line.size(); i++) if (!ResultRow.isTiming(header.get(i))) kept.add(line.get(i));
            out.add(kept);
        }
        return out;
    }


    private static void assertSameRows(Path expected, Path actual) throws IOException {
        List<List<String>> e = rowsWithoutTimings(expected), a = rowsWithoutTimings(actual);
        assertEquals(e.size(), a.size(), "rows");
        assertEquals(e.get(0), a.get(0), "columns");
        for (int i = 1; i < e.size(); i++) {
            for (int c = 0; c < e.get(0).size(); c++) assertEquals(e.get(i).get(c), a.get(i).get(c), "row " + i + ", column " + e.get(0).get(c));
        }
    }

    private static final Pattern TASK_EVENT = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) INFO Executor: (Running|Finished) task .*\\(TID (\\d+)\\)");

    /** The most tasks that ran at the same time, from the executors' logs (APP/N/stderr) of one application. */
    static int maxTasksAtOnce(Path app) throws IOException {
        List<long[]> events = new ArrayList<>();  // {time ms, +1 start / -1 end}
        try (Stream<Path> executors = Files.list(app)) {
            for (Path e : executors.toList()) {
                for (String line : Files.readAllLines(e.resolve("stderr"))) {
                    Matcher m = TASK_EVENT.matcher(line);
                    if (m.find()) events.add(new long[] {LocalTime.parse(m.group(1)).toNanoOfDay() / 1_000_000, m.group(2).equals("Running") ? 1 : -1});
                }
            }
        }
        events.sort(Comparator.<long[]>comparingLong(ev -> ev[0]).thenComparingLong(ev -> ev[1]));  // an end before a start at the same ms
        int now = 0, max = 0;
        for (long[] ev : events) max = Math.max(max, now += (int) ev[1]);
        return max;
    }

    private static long rows(Path sweep) throws IOException {
        Path points = sweep.resolve("points");
        if (!Files.isDirectory(points)) return 0;
        try (Stream<Path> s = Files.list(points)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".row.json")).count();
        }
    }

    @Test
    void aMasterAndThreeWorkersRunPointsAtOnceAndGiveTheLocalRowsAlsoWhenAWorkerOrTheDriverIsKilled(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "needs target/radlab.jar: mvn -B -q package -DskipTests");
        state = tmp.resolve("state");
        try {
            String url = runScript(tmp.resolve("master.log"), 120, "master").strip();
            assertTrue(url.matches("spark://127\\.0\\.0\\.1:\\d+"), url);
            assertEquals("worker-1", runScript(tmp.resolve("worker1.log"), 120, "worker").strip());
            assertEquals("worker-2", runScript(tmp.resolve("worker2.log"), 120, "worker").strip());
            assertEquals("worker-3", runScript(tmp.resolve("worker3.log"), 120, "worker").strip());

            // The shipped smoke grid, through spark-submit, against a local sweep of the same jar.
            Path tiny = ROOT.resolve("grids/tiny.json");
            String out = runScript(tmp.resolve("tiny-spark.log"), 300, "submit", "sweep", "--grid", tiny.toString(), "--engine", "spark",
                    "--master", url, "--out", tmp.resolve("tiny-spark").toString());
            assertTrue(out.contains("4 computed"), out);
            assertTrue(out.contains("on spark (" + url), out);
            try (Stream<Path> apps = Files.list(state.resolve("work"))) {  // three executor JVMs, one per worker, ran it at once
                Path app = apps.findFirst().orElseThrow();
                assertEquals(3, maxTasksAtOnce(app), "tasks running at once in " + app);
            }
            localSweep(tiny, tmp.resolve("tiny-local"), tmp.resolve("tiny-local.log"));
            assertSameRows(tmp.resolve("tiny-local/results.csv"), tmp.resolve("tiny-spark/results.csv"));

            // Eight points; worker 1 and its executor die (kill -9) once the first row is stored.
            Path eight = tmp.resolve("eight.json");
            Files.writeString(eight, EIGHT);
            Path sparkOut = tmp.resolve("eight-spark");
            Path log = tmp.resolve("eight-spark.log");
            Process submit = script(log, "submit", "sweep", "--grid", eight.toString(), "--engine", "spark", "--out", sparkOut.toString());
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
                while (rows(sparkOut) == 0 && submit.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
                long before = rows(sparkOut);
                assertTrue(before >= 1 && before < 8, before + " rows when the worker was killed: " + Files.readString(log));
                runScript(tmp.resolve("kill.log"), 30, "kill-worker", "1");
                assertTrue(submit.waitFor(300, TimeUnit.SECONDS), "sweep did not finish: " + Files.readString(log));
            } finally {
                submit.destroyForcibly().waitFor();
            }
            String eightLog = Files.readString(log);
            assertEquals(0, submit.exitValue(), eightLog);
            assertTrue(eightLog.contains("8 computed"), eightLog);
            assertTrue(eightLog.contains("Lost executor"), "the driver saw the executor go: " + eightLog);
            localSweep(eight, tmp.resolve("eight-local"), tmp.resolve("eight-local.log"));
            assertSameRows(tmp.resolve("eight-local/results.csv"), sparkOut.resolve("results.csv"));

            // The driver dies (kill -9; spark-local.sh execs SparkSubmit, so the process is the driver's JVM) once a
            // row is stored; the same command then trains only the missing points and gives the same rows.
            Path resumed = tmp.resolve("eight-driver");
            Path driverLog = tmp.resolve("eight-driver.log");
            Process driver = script(driverLog, "submit", "sweep", "--grid", eight.toString(), "--engine", "spark", "--out", resumed.toString());
            long stored;
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
                while (rows(resumed) == 0 && driver.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
                assertTrue(driver.isAlive(), "driver finished before it could be killed: " + Files.readString(driverLog));
                new ProcessBuilder("kill", "-9", String.valueOf(driver.pid())).start().waitFor();
                assertTrue(driver.waitFor(30, TimeUnit.SECONDS), "driver survived kill -9");
                stored = rows(resumed);
            } finally {
                driver.destroyForcibly().waitFor();
            }
            assertTrue(stored >= 1 && stored < 8, stored + " rows when the driver was killed");
            assertTrue(Files.notExists(resumed.resolve("results.csv")), "no table from a killed driver");
            String again = runScript(tmp.resolve("eight-resume.log"), 300, "submit", "sweep", "--grid", eight.toString(), "--engine", "spark",
                    "--out", resumed.toString());
            assertTrue(again.contains("8 points: ") && again.contains(" computed"), again);
            Matcher done = Pattern.compile("8 points: (\\d+) already done, (\\d+) computed").matcher(again);
            assertTrue(done.find(), again);
            // The driver writes every row, so nothing was stored after its death: the resume trains exactly the rest.
            assertEquals(stored, Long.parseLong(done.group(1)), again);
            assertEquals(8 - stored, Long.parseLong(done.group(2)), again);
            assertSameRows(tmp.resolve("eight-local/results.csv"), resumed.resolve("results.csv"));
        } finally {  // always, and without an assertion that would hide the test's own failure
            Process stop = script(tmp.resolve("stop.log"), "stop");
            if (!stop.waitFor(60, TimeUnit.SECONDS)) stop.destroyForcibly().waitFor();
        }
        assertTrue(Files.readString(tmp.resolve("stop.log")).startsWith("stopped 4 process"), Files.readString(tmp.resolve("stop.log")));
    }
}
