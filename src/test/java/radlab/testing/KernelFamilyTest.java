package radlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The second Surefire execution (docs/testing.md, "Two kernel families") is only worth its time if its tests really
 * run on other kernels: this checks that the JVM runs with the vector width the execution asked for and that OpenBLAS
 * and oneDNN were given the core and instruction-set cap it asked for. That OpenBLAS 0.3.19 loads the core named in {@code OPENBLAS_CORETYPE} is checked
 * from OpenBLAS's own report in {@code radlab.cli.BlasKernelTest}. Surefire passes the expectation as system properties.
 */
@Tag("numeric")
class KernelFamilyTest {
    @Test
    @EnabledIfSystemProperty(named = "radlab.test.openblasCore", matches = ".+")
    void theExecutionRunsTheKernelsItAskedFor() {
        assertEquals(System.getProperty("radlab.test.openblasCore"), System.getenv("OPENBLAS_CORETYPE"), "OpenBLAS core of this JVM");
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        assertEquals(System.getProperty("radlab.test.useAvx"), hotspot.getVMOption("UseAVX").getValue(), "JVM option UseAVX");
        assertEquals(System.getProperty("radlab.test.dnnlIsa"), System.getenv("DNNL_MAX_CPU_ISA"), "oneDNN's instruction-set cap");
    }
}
