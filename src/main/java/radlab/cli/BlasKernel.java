package radlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which OpenBLAS kernels radlab asks for (issue #14; README, Performance). ND4J 1.0.0-M2.1 bundles OpenBLAS 0.3.19,
 * which picks its kernels from the CPU model: on an AVX-512 AMD EPYC (Zen 4) it chose "Cooperlake", whose float64
 * GEMM ran at 18.5 GFLOP/s against 39.3 GFLOP/s with the SkylakeX kernels on the same shape (50×8000·8000×784, the
 * Monte Carlo Rademacher GEMM; radlab.bench.GemmFloor, one thread, best of 7 rounds); float32 GEMMs were the same
 * within noise. OpenBLAS reads its choice only from the environment variable {@value #CORETYPE_ENV} when the library is
 * loaded, so the choice is made here and applied by {@link MemoryLimits#relaunch}'s child JVM, and by the benchmark
 * scripts through {@link #main}.
 *
 * <p>The SkylakeX kernels need AVX-512 F, CD, BW, DQ and VL; on a CPU without all five, or when the user set
 * {@value #CORETYPE_ENV} themselves, OpenBLAS's own detection stays. Kernels sum in another order, so results can
 * differ from another kernel's in the last bits (each test's tolerance covers that).
 */
public final class BlasKernel {
    static final String CORETYPE_ENV = "OPENBLAS_CORETYPE";
    static final String SKYLAKEX = "SkylakeX";
    static final Set<String> SKYLAKEX_FLAGS = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    private BlasKernel() {}

    /** The environment additions for a child JVM: {@value #CORETYPE_ENV}=SkylakeX when the CPU has the flags and the user chose nothing. */
    static Map<String, String> environment(Map<String, String> env, Set<String> cpuFlags) {
        if (env.containsKey(CORETYPE_ENV) || !cpuFlags.containsAll(SKYLAKEX_FLAGS)) return Map.of();
        return Map.of(CORETYPE_ENV, SKYLAKEX);
    }

    /** The additions for a JVM started from this one on this machine (used by {@code radlab.bench.BenchMain}). */
    public static Map<String, String> forChildOfThisJvm() {
        return environment(System.getenv(), cpuFlags());
    }

    /** This machine's CPU flags from the first "flags" line of /proc/cpuinfo; empty where there is none (not Linux). */
    static Set<String> cpuFlags() {
        return cpuFlags(Path.of("/proc/cpuinfo"));
    }

    static Set<String> cpuFlags(Path cpuinfo) {
        try (var lines = Files.lines(cpuinfo)) {
            Optional<String> flags = lines.filter(l -> l.startsWith("flags")).findFirst();
            return flags.map(l -> new HashSet<>(Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))))
                    .map(s -> (Set<String>) s).orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /** Prints the additions as NAME=VALUE lines, for {@code export $(java -cp target/classes radlab.cli.BlasKernel)} in bench scripts. */
    public static void main(String[] args) {
        environment(System.getenv(), cpuFlags()).forEach((k, v) -> System.out.println(k + "=" + v));
    }
}
