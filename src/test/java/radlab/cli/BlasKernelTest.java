package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** radlab's OpenBLAS kernel choice (issue #14): when it asks for SkylakeX, and that the relaunched child really gets it. */
class BlasKernelTest {
    private static Map<String, String> child(Map<String, String> env, Set<String> flags) {
        Map<String, String> c = new HashMap<>(env);
        BlasKernel.apply(c, flags);
        return c;
    }

    @Test
    void skylakeXOnlyWithAllFiveAvx512FlagsAndOnlyWhenTheUserChoseNothing() {
        Set<String> zen4 = new HashSet<>(BlasKernel.SKYLAKEX_FLAGS);
        zen4.addAll(Set.of("avx2", "fma", "avx512_bf16"));
        assertEquals(Map.of("X", "1", "OPENBLAS_CORETYPE", "SkylakeX"), child(Map.of("X", "1"), zen4));
        assertEquals(Map.of("OPENBLAS_CORETYPE", "Haswell"), child(Map.of("OPENBLAS_CORETYPE", "Haswell"), zen4), "the user's choice wins");
        for (String missing : BlasKernel.SKYLAKEX_FLAGS) {
            Set<String> partial = new HashSet<>(zen4);
            partial.remove(missing);
            assertEquals(Map.of(), child(Map.of(), partial), "without " + missing);
        }
        assertEquals(Map.of(), child(Map.of(), Set.of()), "no /proc/cpuinfo");
    }

    /** An empty OPENBLAS_CORETYPE makes OpenBLAS 0.3.19 load kernels with wrong float64 GEMMs: never passed on, never run with. */
    @Test
    void aBlankCoreTypeIsDroppedForTheChildAndRefusedInTheLaunchingJvm() {
        assertEquals(Map.of("OPENBLAS_CORETYPE", "SkylakeX"), child(Map.of("OPENBLAS_CORETYPE", ""), BlasKernel.SKYLAKEX_FLAGS));
        assertEquals(Map.of(), child(Map.of("OPENBLAS_CORETYPE", " "), Set.of("avx2")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlasKernel.checkNotBlank(Map.of("OPENBLAS_CORETYPE", "")));
        assertTrue(e.getMessage().startsWith("OPENBLAS_CORETYPE is set but empty"), e.getMessage());
        BlasKernel.checkNotBlank(Map.of("OPENBLAS_CORETYPE", "Haswell"));
        BlasKernel.checkNotBlank(Map.of());
    }

    @Test
    void cpuFlagsAreTheFirstFlagsLineAndAnUnreadableFileIsNone(@TempDir Path tmp) throws Exception {
        Path info = tmp.resolve("cpuinfo");
        Files.writeString(info, "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx2 avx512f  avx512vl\nbugs\t\t: none\n"
                + "processor\t: 1\nflags\t\t: fpu sse\n");
        assertEquals(Set.of("fpu", "avx2", "avx512f", "avx512vl"), BlasKernel.cpuFlags(info));
        assertEquals(Set.of(), BlasKernel.cpuFlags(tmp.resolve("absent")));
    }

    /** End to end: OpenBLAS itself reports the core it loaded (OPENBLAS_VERBOSE=2) in the relaunched child. */
    @Test
    @Timeout(120)
    @EnabledOnOs(OS.LINUX)
    void theRelaunchedChildLoadsTheChosenKernels(@TempDir Path tmp) throws Exception {
        String expected = BlasKernel.cpuFlags().containsAll(BlasKernel.SKYLAKEX_FLAGS) ? "Core: SkylakeX" : "Core: ";
        String radlabs = coreLines(Map.of(), tmp.resolve("a"));
        assertTrue(radlabs.contains(expected), radlabs);
        String users = coreLines(Map.of("OPENBLAS_CORETYPE", "Haswell"), tmp.resolve("b"));
        assertTrue(users.contains("Core: Haswell") && !users.contains("SkylakeX"), "the user's choice is kept: " + users);
        String blank = coreLines(Map.of("OPENBLAS_CORETYPE", ""), tmp.resolve("c"));
        assertTrue(blank.contains(expected) && !blank.contains("Core not found"), "a blank choice is dropped: " + blank);
        // in one JVM (no relaunch) the blank cannot be dropped before ND4J loads: a usage error before any work
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), RadlabCli.class.getName(),
                "rademacher", "--n", "50", "--draws", "4", "--out", tmp.resolve("d").toString()).redirectErrorStream(true);
        pb.environment().put("RADLAB_NO_RELAUNCH", "1");
        pb.environment().put("OPENBLAS_CORETYPE", "");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.startsWith("radlab: error: OPENBLAS_CORETYPE is set but empty") && out.lines().count() == 1, out);
        assertTrue(Files.notExists(tmp.resolve("d")), "no report started");
    }

    private static String coreLines(Map<String, String> env, Path dir) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", cp, RadlabCli.class.getName(), "rademacher", "--n", "50", "--draws", "4", "--quiet",
                "--out", dir.toString())
                .redirectErrorStream(true);
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().remove("RADLAB_NO_RELAUNCH");
        pb.environment().put("OPENBLAS_VERBOSE", "2");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().filter(l -> l.startsWith("Core")).distinct().reduce("", (a, b) -> a + b + "\n");
    }
}
