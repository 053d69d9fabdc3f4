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
 * The bit-identity that {@link Gemm#product} claims holds under the kernels the CLI asks for: checked in a JVM started
 * with the CLI's environment ({@link BlasKernel}), since OpenBLAS reads its kernel choice only at load time and this
 * test JVM has OpenBLAS's own. Skipped on CPUs without AVX-512 (there the CLI asks for nothing, and the products are
 * within 1e-6 of mmul: {@link GemmTransposedTest}).
 */
class GemmProductBitsTest {
    @Test
    @Timeout(120)
    void productsKeepMmulsBitsUnderTheClisKernels() throws Exception {
        Map<String, String> env = BlasKernel.forChildOfThisJvm();
        assumeTrue("SkylakeX".equals(env.get("OPENBLAS_CORETYPE")), "the CLI asks for no kernel on this CPU");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                GemmProductBits.class.getName()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }
}
