package radlab.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import radlab.util.MemoryGovernor;

/**
 * Set-up of the whole test JVM, once per run (registered through META-INF/services):
 * <ul>
 *   <li>the memory governor the CLI runs with (radlab.util.MemoryGovernor), for a budget of the heap + 512 MB: the
 *       classes share one JVM, and ND4J frees a native buffer only when the collector finds its Java object, so without
 *       it one class's garbage met the next one's peak ({@link ReleaseNativeMemory} collects between classes too);</li>
 *   <li>when the whole default suite runs, or the plan holds the notebook test, the notebooks' run starts now, in the
 *       background ({@link BackgroundNotebooks}): its kernel computes next to the test classes, and the notebook test
 *       only waits for the result.</li>
 *   <li>each test class's CPU time (all threads of this JVM, not its child processes), wall time, end (Unix
 *       seconds) and resident MB at its end (after the class's garbage collection), appended to {@code target/test-cpu/PID.tsv}: under two JVMs and the notebook kernel, wall times say little about where the
 *       suite's CPU goes.</li>
 * </ul>
 */
public final class SuiteListener implements TestExecutionListener {
    static final String NOTEBOOKS_TEST = "radlab.notebook.NotebooksTest";

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        MemoryGovernor.start(Runtime.getRuntime().maxMemory() + (512L << 20));
        BackgroundNotebooks.startForWholeSuite();
        if (contains(plan, NOTEBOOKS_TEST)) BackgroundNotebooks.start();
    }

    private final Map<String, long[]> started = new ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.getSource().orElse(null) instanceof ClassSource) started.put(id.getUniqueId(), new long[] {cpuNanos(), System.nanoTime()});
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        long[] t0 = started.remove(id.getUniqueId());
        if (t0 == null || !(id.getSource().orElse(null) instanceof ClassSource c)) return;
        String line = String.format("%.2f\t%.2f\t%d\t%d\t%s%n", (cpuNanos() - t0[0]) / 1e9, (System.nanoTime() - t0[1]) / 1e9,
                System.currentTimeMillis() / 1000, org.bytedeco.javacpp.Pointer.physicalBytes() >> 20, c.getClassName());
        try {
            Path f = Path.of("target/test-cpu", ProcessHandle.current().pid() + ".tsv");
            Files.createDirectories(f.getParent());
            Files.writeString(f, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // a diagnostic only
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static boolean contains(TestPlan plan, String className) {
        for (var root : plan.getRoots()) {
            for (var id : plan.getDescendants(root)) {
                if (id.getSource().orElse(null) instanceof ClassSource c && c.getClassName().equals(className)) return true;
            }
        }
        return false;
    }
}
