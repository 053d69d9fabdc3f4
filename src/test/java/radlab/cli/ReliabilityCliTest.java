package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import radlab.data.IdxFixtures;
import radlab.report.ReportMarker;

/** Issue #13 (items 1–3, 5, 6) through the command line: each test is named after the case it pins. */
class ReliabilityCliTest {
    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            return new Run(RadlabCli.run(args), out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static String[] tinyTrain(Path out, String run, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--hidden", "4", "--epochs", "1", "--train-size", "100", "--test-size", "50",
                "--no-robust-eval", "--out", out.toString(), "--run", run, "--quiet"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    static void assertUsageError(Run r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("radlab: error: ") && r.err().contains(expected), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void runNameOfAnExistingNonReportDirectoryIsRefusedUnlessOverwrite(@TempDir Path out) throws Exception {
        Path mine = Files.createDirectories(out.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "mine");
        assertUsageError(cli(tinyTrain(out, "mine")), "is not a radlab report");
        assertEquals("mine", Files.readString(mine.resolve("notes.txt")), "before the fix the directory was deleted");
        assertEquals(0, cli(tinyTrain(out, "mine", "--overwrite")).code());
        assertTrue(ReportMarker.isReport(mine) && Files.isRegularFile(mine.resolve("results.json")));
        assertEquals(0, cli(tinyTrain(out, "mine")).code(), "radlab's own report is replaced without --overwrite");
    }

    @Test
    @Timeout(300)
    void concurrentRunsOfOneNameLeaveOneCompleteReportAndTheLoserExits1(@TempDir Path out) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        String[] args = {"train", "--hidden", "8", "--epochs", "2", "--train-size", "300", "--test-size", "100", "--steps", "2",
                "--out", out.toString(), "--run", "same", "--quiet"};
        List<Future<Integer>> runs = List.of(pool.submit(() -> RadlabCli.run(args)), pool.submit(() -> RadlabCli.run(args)));
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : runs) codes.add(f.get());
        pool.shutdown();
        assertTrue(codes.contains(0) && codes.stream().allMatch(c -> c == 0 || c == 1), codes.toString());
        for (String f : List.of("results.json", "history.csv", "training-curves.png", "model/model.json", "model/weights.bin")) {
            assertTrue(Files.size(out.resolve("same").resolve(f)) > 0, f);
        }
        assertEquals(List.of("same"), names(out), "no staging left");
    }

    @Test
    void stagingLeftByAKilledRunIsRemovedAtTheNextStart(@TempDir Path out) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path killed = Files.createDirectories(out.resolve(".radlab-staging-" + p.pid() + "-00ff/run/model"));
        Files.writeString(killed.resolve("model.json"), "{");
        assertEquals(0, cli(tinyTrain(out, "next")).code());
        assertEquals(List.of("next"), names(out));
    }

    @Test
    @Timeout(180)
    void aTerminatedRunRemovesItsStagingAtOnce(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder("java", "-cp", cp, RadlabCli.class.getName(), "train", "--epochs", "500", "--train-size", "2000",
                "--test-size", "100", "--hidden", "8", "--no-robust-eval", "--out", out.toString(), "--run", "t", "--quiet")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
        try {
            while (p.isAlive() && (!Files.isDirectory(out) || names(out).stream().noneMatch(n -> n.startsWith(".radlab-staging-")))) Thread.sleep(100);
            assertTrue(p.isAlive(), Files.readString(tmp.resolve("log.txt")));
            p.destroy(); // SIGTERM, as from kill or a closed terminal
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertFalse(Files.exists(out), "staging and the directories the run created are gone: " + (Files.exists(out) ? names(out) : ""));
    }

    @Test
    @Timeout(60) // each of these runs for minutes if the destination is checked only after the work
    void outputLocationIsCheckedBeforeAnyComputation(@TempDir Path out) throws Exception {
        Path file = Files.writeString(out.resolve("file"), "x");
        String[] longTrain = {"train", "--epochs", "1000", "--quiet"};
        Run proc = cli(concat(longTrain, "--out", "/proc/radlab"));
        assertUsageError(proc, "/proc/radlab");
        assertTrue(proc.err().matches("(?s).*\\(.+\\).*"), "says why: " + proc.err());
        assertUsageError(cli(concat(longTrain, "--out", out.toString(), "--run", "r".repeat(256))), "too long");
        assertUsageError(cli("rademacher", "--draws", "100000", "--out", file.toString(), "--quiet"), "output directory");
        assertUsageError(cli("reproduce", "--profile", "paper", "--cache", file.resolve("c").toString(), "--out", out.resolve("o").toString(), "--quiet"),
                "--cache");
        Path figure = Files.createDirectories(out.resolve("o2/robustness-vs-cost"));
        Files.writeString(figure.resolve("mine.txt"), "x");
        assertUsageError(cli("reproduce", "--profile", "paper", "--out", out.resolve("o2").toString(), "--quiet"), "is not a radlab report");
        assertUsageError(cli(concat(longTrain, "--out", "")), "--out must name a directory");
        assertEquals(List.of("file", "o2"), names(out), "nothing created by the failed runs");
        assertEquals(List.of("robustness-vs-cost"), names(out.resolve("o2")));
    }

    @Test
    void runNameOf255CharactersWorks(@TempDir Path out) throws Exception {
        Run r = cli(tinyTrain(out, "r".repeat(255)));
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void augmentShiftOfAWholeImageSideIsAUsageError(@TempDir Path out) throws Exception {
        assertUsageError(cli(tinyTrain(out, "s", "--augment-shift", "100")), "--augment-shift 100 must be less than the image side 28");
        assertUsageError(cli(tinyTrain(out, "s", "--augment-shift", "28")), "--augment-shift 28");
        assertEquals(0, cli(tinyTrain(out, "s", "--augment-shift", "27")).code());
    }

    @Test
    void labelFileWithAnImageHeaderNamesTheFileAndTheRank(@TempDir Path tmp) throws Exception {
        byte[][] files = IdxFixtures.valid(60, 20);
        // image magic (rank 3) over label bytes: the "dimensions" 0x09090909² overflowed the size check ("len < 0")
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 60);
        b.put(new byte[] {0, 0, 8, 3}).putInt(60000);
        for (int i = 0; i < 60; i++) b.put((byte) 9);
        files[1] = b.array();
        Path dir = IdxFixtures.write(tmp.resolve("data"), files);
        Run r = cli("rademacher", "--data", dir.toString(), "--n", "10", "--draws", "2", "--out", tmp.resolve("o").toString(), "--quiet");
        assertUsageError(r, "train-labels-idx1-ubyte: IDX rank 3, expected 1");
    }

    @Test
    void dataOptionsThatCannotBeHonouredAreRejected(@TempDir Path tmp) throws Exception {
        Path dir = IdxFixtures.write(tmp.resolve("data"), IdxFixtures.valid(200, 50));
        String o = tmp.resolve("o").toString();
        assertUsageError(cli("train", "--data", dir.toString(), "--train-size", "5000", "--out", o, "--quiet"),
                "--train-size 5000 exceeds the 200 training images");
        assertUsageError(cli("train", "--data", dir.toString(), "--test-size", "51", "--out", o, "--quiet"), "--test-size 51 exceeds the 50 test images");
        assertUsageError(cli("train", "--data", dir.resolve(IdxFixtures.FILES[0]).toString(), "--out", o, "--quiet"), "is a file, not a data directory");
        assertUsageError(cli("train", "--data", "", "--out", o, "--quiet"), "--data must name a directory"); // not the current directory
    }

    @Test
    void hugeFiniteLossIsDivergenceWithExit1AndNoReport(@TempDir Path out) throws Exception {
        Run r = cli(tinyTrain(out, "boom", "--lr", "1e10"));
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.err().startsWith("radlab: error: training diverged"), r.err());
        assertFalse(Files.exists(out.resolve("boom")));
    }

    @Test
    void negativeZeroEpsilonIsRejected(@TempDir Path out) throws Exception {
        assertUsageError(cli(tinyTrain(out, "z", "--epsilon", "-0.0")), "ε must be a finite number ≥ 0, got -0.0");
        assertUsageError(cli(tinyTrain(out, "z", "--jacobian-reg", "l2", "--lambda", "-0.0")), "--lambda must be a finite number ≥ 0");
    }

    @Test
    void versionIsPrintedBySubcommandsToo() {
        for (String cmd : List.of("train", "eval", "attack", "rademacher", "reproduce")) {
            Run r = cli(cmd, "-V");
            assertEquals(0, r.code());
            assertTrue(r.out().startsWith("radlab "), cmd + ": '" + r.out() + "'");
        }
    }

    @Test
    void offATerminalTrainingPrintsOnePlainLinePerEpochAndQuietNothing(@TempDir Path out) throws Exception {
        String[] args = {"train", "--hidden", "4", "--epochs", "3", "--train-size", "200", "--test-size", "50", "--no-robust-eval",
                "--out", out.toString(), "--run", "p"};
        Run r = cli(args);
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("\r"), "no carriage returns when stderr is not a terminal");
        assertEquals(3, r.err().lines().filter(l -> l.startsWith("epoch ")).count(), r.err());
        Run quiet = cli(concat(args, "--quiet"));
        assertEquals("", quiet.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
