package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The relaunch with radlab's memory limits (issue #14): who relaunches, with which command line, and that it behaves like one JVM. */
class MemoryLimitsTest {
    private static final String[] TRAIN = {"train", "--epochs", "2"};
    private static final long HARD = 7L << 30;

    @Test
    void childCommandCarriesTheLimitsThenTheUsersOptionsThenTheSameArguments() {
        List<String> cmd = MemoryLimits.childCommand(Path.of("/jdk/bin/java"), List.of("-Dradlab.threads=2"), "target/radlab.jar", 1L << 30, HARD, TRAIN);
        assertEquals(List.of("/jdk/bin/java", "-Xmx512m", "-Xms64m", "-Xmn32m", "-XX:+UseSerialGC", "-Dradlab.threads=2",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=0", "-Dradlab.memory.hardLimit=" + HARD, "-Dorg.bytedeco.javacpp.maxbytes=" + HARD,
                "-Dradlab.memory=1073741824",
                "-Dradlab.relaunched=true", "-cp", "target/radlab.jar", "radlab.cli.RadlabCli", "train", "--epochs", "2"), cmd);
        List<String> big = MemoryLimits.childCommand(Path.of("java"), List.of(), "cp", 4L << 30, HARD, TRAIN);
        assertTrue(big.containsAll(List.of("-Xmx2048m", "-Xms256m", "-Xmn128m")), big.toString());
    }

    @Test
    void theUsersOwnSettingsAreNeitherOverriddenNorDuplicated() {
        List<String> user = List.of("-XX:+UseG1GC", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3g", "-Dorg.bytedeco.javacpp.maxbytes=2g", "-Dradlab.memory=2g");
        List<String> cmd = MemoryLimits.childCommand(Path.of("java"), user, "cp", 2L << 30, HARD, TRAIN);
        assertFalse(cmd.contains("-XX:+UseSerialGC"), cmd.toString());
        for (String prefix : List.of("-Dorg.bytedeco.javacpp.maxphysicalbytes=", "-Dorg.bytedeco.javacpp.maxbytes=", "-Dradlab.memory=")) {
            assertEquals(1, cmd.stream().filter(a -> a.startsWith(prefix)).count(), prefix + " once: " + cmd);
        }
        assertTrue(cmd.containsAll(user));
        assertTrue(cmd.stream().noneMatch(a -> a.startsWith("-Dradlab.memory.hardLimit=")), "the user's maxphysicalbytes: JavaCPP keeps the limit");
        assertEquals(Map.of("HOME", "/h", "MALLOC_ARENA_MAX", "2", "OMP_NUM_THREADS", "1"), MemoryLimits.childEnvironment(Map.of("HOME", "/h"), java.util.Set.of()));
        assertEquals(Map.of("MALLOC_ARENA_MAX", "8", "OMP_NUM_THREADS", "1"),
                MemoryLimits.childEnvironment(Map.of("MALLOC_ARENA_MAX", "8", "OMP_NUM_THREADS", "2"), java.util.Set.of()),
                "the user's arena setting wins; ND4J keeps one OpenMP thread (radlab.util.NativeThreads)");
        assertEquals(Map.of("MALLOC_ARENA_MAX", "2", "OMP_NUM_THREADS", "1", "OPENBLAS_CORETYPE", "SkylakeX"), MemoryLimits.childEnvironment(Map.of(), BlasKernel.SKYLAKEX_FLAGS));
    }

    @Test
    void relaunchOnlyWhenTheUserLeftTheJvmToRadlab() {
        Map<String, String> none = Map.of();
        assertTrue(MemoryLimits.shouldRelaunch(TRAIN, List.of("-Dradlab.threads=2"), none, none));
        for (String heap : List.of("-Xmx4g", "-Xms1g", "-XX:MaxHeapSize=2g", "-XX:MaxRAMPercentage=50", "-XX:MaxRAM=8g",
                "-agentlib:jdwp=transport=dt_socket,server=y", "-javaagent:x.jar")) {
            assertFalse(MemoryLimits.shouldRelaunch(TRAIN, List.of(heap), none, none), heap);
        }
        assertFalse(MemoryLimits.shouldRelaunch(TRAIN, List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Dx=1 -Xmx2g"), none));
        assertFalse(MemoryLimits.shouldRelaunch(TRAIN, List.of(), Map.of("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=25"), none));
        assertTrue(MemoryLimits.shouldRelaunch(TRAIN, List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8"), none));
        assertFalse(MemoryLimits.shouldRelaunch(TRAIN, List.of(), Map.of("RADLAB_NO_RELAUNCH", "1"), none));
        assertTrue(MemoryLimits.shouldRelaunch(TRAIN, List.of(), Map.of("RADLAB_NO_RELAUNCH", "0"), none));
        assertFalse(MemoryLimits.shouldRelaunch(TRAIN, List.of(), none, Map.of("radlab.noRelaunch", "true")));
        assertFalse(MemoryLimits.shouldRelaunch(TRAIN, List.of(), none, Map.of("radlab.relaunched", "true")), "the child never relaunches");
        assertFalse(MemoryLimits.shouldRelaunch(new String[] {"sweep", "--grid", "g.json", "--engine", "spark"}, List.of(), none, none));
        assertFalse(MemoryLimits.shouldRelaunch(new String[] {"reproduce", "--engine=spark"}, List.of(), none, none));
    }

    @Test
    void budgetIsReadLikeAnXmxSizeAndBadValuesAreOneLineErrors() {
        assertEquals(1L << 30, MemoryLimits.budget(null, null));
        assertEquals(2L << 30, MemoryLimits.budget(null, "2g"));
        assertEquals(1536L << 20, MemoryLimits.budget("1536M", "2g"), "the property wins");
        assertEquals(1L << 30, MemoryLimits.budget(null, "1073741824"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> MemoryLimits.budget(null, "lots"));
        assertEquals("RADLAB_MEMORY='lots' is not a size such as 1g, 1536m or 4g", bad.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryLimits.budget("100m", null)).getMessage().contains("below the minimum"));
        assertThrows(IllegalArgumentException.class, () -> MemoryLimits.budget(null, "-1g"));
        assertThrows(IllegalArgumentException.class, () -> MemoryLimits.budget(null, "99999999999999t"));
    }

    @Test
    void governorThresholdGrowsAboveWhatACollectionLeavesAndFallsBackToTheTarget() {
        assertEquals(700, radlab.util.MemoryGovernor.nextThreshold(700, 300));
        assertEquals(1250, radlab.util.MemoryGovernor.nextThreshold(700, 1000));
        assertTrue(radlab.util.MemoryGovernor.overHardLimit(1000, 1001));
        assertFalse(radlab.util.MemoryGovernor.overHardLimit(1000, 1000));
        assertFalse(radlab.util.MemoryGovernor.overHardLimit(0, Long.MAX_VALUE), "0: no limit");
        assertEquals(1100, radlab.util.MemoryGovernor.nextThreshold(700, 1000, 1100), "capped at the hard limit");
        assertEquals(1250, radlab.util.MemoryGovernor.nextThreshold(700, 1000, 0));
        assertEquals(700, radlab.util.MemoryGovernor.nextThreshold(700, 300, 1100));
    }

    /**
     * The hard limit the child enforces in place of JavaCPP's: when a collection leaves more resident than the limit,
     * the run ends with the CLI's one-line out-of-memory error and exit code 1, and the report being written is
     * removed (its staging directory's shutdown hook), as when JavaCPP failed the allocation. 10 MB is below what a
     * JVM with ND4J takes (~90 MB), so the governor's first collection trips it.
     */
    @Test
    @Timeout(120)
    @EnabledOnOs(OS.LINUX)
    void aRunAboveTheHardLimitAfterACollectionEndsWithTheOutOfMemoryError(@TempDir Path tmp) throws Exception {
        String cp = testClassPath(), java = javaBinary();
        Path out = tmp.resolve("out");
        Process p = new ProcessBuilder(java, "-Dorg.bytedeco.javacpp.maxphysicalbytes=0", "-cp", cp, GovernorHardLimitMain.class.getName(), out.toString(),
                "" + (10L << 20)).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(RadlabCli.EXIT_FAILURE, p.waitFor(), log);
        assertTrue(log.lines().anyMatch(l -> l.startsWith("radlab: error: out of memory (resident ") && l.contains("above the limit of 10 MB")), log);
        assertFalse(log.contains("Exception"), log);
        try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "no report and no staging directory left: " + log);
        }
    }

    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** ProcessHandle.Info.arguments() is empty for long command lines (the test class path): read /proc instead. */
    private static List<String> commandLine(ProcessHandle h) {
        try {
            return List.of(Files.readString(Path.of("/proc", "" + h.pid(), "cmdline")).split("\0"));
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** The real thing: a plain `java -cp … RadlabCli` runs its command in one child with the limits, and forwards exit codes. */
    @Test
    @Timeout(120)
    @EnabledOnOs(OS.LINUX)
    void theLauncherRunsTheCommandInALimitedChildAndForwardsItsExitCode(@TempDir Path tmp) throws Exception {
        String cp = testClassPath(), java = javaBinary();
        Process p = new ProcessBuilder(java, "-cp", cp, RadlabCli.class.getName(), "train", "--epochs", "500", "--train-size", "2000",
                "--test-size", "100", "--hidden", "8", "--no-robust-eval", "--out", tmp.resolve("out").toString(), "--quiet")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
        try {
            Optional<ProcessHandle> child = Optional.empty();
            while (p.isAlive() && child.isEmpty()) {
                child = p.descendants().filter(h -> commandLine(h).contains("-Dradlab.relaunched=true")).findFirst();
                Thread.sleep(100);
            }
            assertTrue(child.isPresent(), "a child JVM: " + Files.readString(tmp.resolve("log.txt")));
            List<String> args = commandLine(child.get());
            assertTrue(args.containsAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "train", "--epochs", "500")), args.toString());
            assertEquals(1, p.descendants().count(), "exactly one relaunch");
            p.destroy(); // SIGTERM to the launcher stops the child too
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertTrue(child.get().onExit().get(60, TimeUnit.SECONDS) != null && !child.get().isAlive());
        } finally {
            p.destroyForcibly();
        }
        Process bad = new ProcessBuilder(java, "-cp", cp, RadlabCli.class.getName(), "train", "--epochs", "0", "--out", tmp.toString())
                .redirectErrorStream(true).start();
        String out = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(2, bad.waitFor(), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("radlab: error: ")) && out.lines().noneMatch(l -> l.contains("warning")), out);
        ProcessBuilder badBudget = new ProcessBuilder(java, "-cp", cp, RadlabCli.class.getName(), "rademacher").redirectErrorStream(true);
        badBudget.environment().put("RADLAB_MEMORY", "lots");
        Process b = badBudget.start();
        String line = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(2, b.waitFor(), line);
        assertEquals("radlab: error: RADLAB_MEMORY='lots' is not a size such as 1g, 1536m or 4g", line);
    }
}
