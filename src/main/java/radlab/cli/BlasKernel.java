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
 * Which OpenBLAS kernels radlab asks for (docs/performance.md, BLAS kernels). ND4J 1.0.0-M2.1 bundles OpenBLAS 0.3.19,
 * which picks its kernels from the CPU model: on this AVX-512 AMD EPYC (Zen 4) it picks "Zen" (AVX2 kernels), whose
 * float64 GEMM ran at 29.5 GFLOP/s against 39.3 GFLOP/s with the SkylakeX (AVX-512) kernels on the Monte Carlo
 * Rademacher shape 50×8000·8000×784 (radlab.bench.GemmFloor, one thread, best of 7 rounds); float32 GEMMs were the
 * same within noise. OpenBLAS reads the choice only from the environment variable {@value #CORETYPE_ENV} when the
 * library is loaded, so it is made here and applied by {@link MemoryLimits#relaunch}'s child JVM, and by the benchmark
 * launcher ({@code radlab.bench.BenchMain}).
 *
 * <p>The SkylakeX kernels need AVX-512 F, CD, BW, DQ and VL; on a CPU without all five, or when the user named a core
 * in {@value #CORETYPE_ENV}, OpenBLAS's own choice stays. A set but <em>empty</em> {@value #CORETYPE_ENV} is not a
 * choice but a trap: OpenBLAS 0.3.19 then loads kernels whose float64 GEMM is wrong (a 640×256·256×784 product off by
 * up to 11 here, checked against a Java triple loop; float32 was right), so the child drops it and a run in the launching JVM
 * refuses to start ({@link #checkNotBlank}). Kernels sum in different orders, so results can differ from another
 * kernel's in the last bits (each test's tolerance covers that).
 */
public final class BlasKernel {
    static final String CORETYPE_ENV = "OPENBLAS_CORETYPE";
    static final String SKYLAKEX = "SkylakeX";
    static final Set<String> SKYLAKEX_FLAGS = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    private BlasKernel() {}

    /**
     * Sets a child JVM's environment {@code env} (a mutable copy of this one's): drops a blank {@value #CORETYPE_ENV},
     * then asks for SkylakeX when the CPU has the flags and the user named no core.
     */
    public static void apply(Map<String, String> env, Set<String> cpuFlags) {
        String v = env.get(CORETYPE_ENV);
        if (v != null && v.isBlank()) env.remove(CORETYPE_ENV);
        if (!env.containsKey(CORETYPE_ENV) && cpuFlags.containsAll(SKYLAKEX_FLAGS)) env.put(CORETYPE_ENV, SKYLAKEX);
    }

    /** The environment a JVM started from this one on this machine should get (used by {@code radlab.bench.BenchMain}). */
    public static Map<String, String> forChildOfThisJvm() {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        apply(env, cpuFlags());
        return env;
    }

    /** For a command that runs in the launching JVM: a blank {@value #CORETYPE_ENV} is a one-line usage error. */
    static void checkNotBlank(Map<String, String> env) {
        String v = env.get(CORETYPE_ENV);
        if (v != null && v.isBlank()) {
            throw new IllegalArgumentException(CORETYPE_ENV + " is set but empty, which makes ND4J's OpenBLAS 0.3.19 compute wrong float64 "
                    + "products; unset it or name a core such as Haswell");
        }
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

    /**
     * Prints {@value #CORETYPE_ENV}=VALUE when a child JVM should get a core (nothing otherwise), for the bench scripts:
     * {@code env $(java -cp target/classes radlab.cli.BlasKernel) java …}.
     */
    public static void main(String[] args) {
        String v = forChildOfThisJvm().get(CORETYPE_ENV);
        if (v != null) System.out.println(CORETYPE_ENV + "=" + v);
    }
}
