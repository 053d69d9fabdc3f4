package radlab.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import radlab.cli.BlasKernel;

/**
 * The bit claims of {@link Gemm#product}, checked in JVMs started with the CLI's environment ({@link BlasKernel}),
 * since OpenBLAS and OpenMP read their settings only at load time: float64 products keep mmul's bits under the kernels
 * the CLI asks for (skipped on CPUs without AVX-512, where it asks for nothing and the products are within 1e-6 of mmul:
 * {@link GemmTransposedTest}); float32 products (oneDNN) under radlab's thread pinning do not depend on OMP_NUM_THREADS.
 */
class GemmProductBitsTest {
    @Test
    @Timeout(120)
    void doubleProductsKeepMmulsBitsUnderTheClisKernels() throws Exception {
        Map<String, String> env = BlasKernel.forChildOfThisJvm();
        assumeTrue("SkylakeX".equals(env.get("OPENBLAS_CORETYPE")), "the CLI asks for no kernel on this CPU");
        run(env, "1", "all");
    }

    /**
     * oneDNN splits some float32 products' sums by its OpenMP thread count (64×784·(256×784)ᵀ, measured), which starts
     * from OMP_NUM_THREADS; radlab's pinning makes the products those of one thread whatever the environment says.
     */
    @Test
    @Timeout(120)
    void pinnedFloatProductsDoNotDependOnOmpNumThreads() throws Exception {
        Map<String, String> env = BlasKernel.forChildOfThisJvm();
        assertEquals(hashLine(run(env, "1", "float-only")), hashLine(run(env, "2", "float-only-pinned")));
    }

    private static String hashLine(String out) {
        return out.lines().filter(l -> l.startsWith("float products hash")).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    private static String run(Map<String, String> env, String threads, String mode) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                GemmProductBits.class.getName(), mode).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("OMP_NUM_THREADS", threads);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
