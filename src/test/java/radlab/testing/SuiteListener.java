package radlab.testing;

import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import radlab.util.MemoryGovernor;

/**
 * Set-up of the whole test JVM, once per run (registered through META-INF/services):
 * <ul>
 *   <li>the memory governor the CLI runs with (radlab.util.MemoryGovernor), for a budget of the heap + 512 MB: the
 *       classes share one JVM, and ND4J frees a native buffer only when the collector finds its Java object, so without
 *       it one class's garbage met the next one's peak ({@link ReleaseNativeMemory} collects between classes too);</li>
 *   <li>when the plan holds the notebook test, the notebooks' run starts now, in the background
 *       ({@link BackgroundNotebooks}): its kernel computes on the second core while the other classes use the first, and
 *       the notebook test only waits for the result.</li>
 * </ul>
 */
public final class SuiteListener implements TestExecutionListener {
    static final String NOTEBOOKS_TEST = "radlab.notebook.NotebooksTest";

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        MemoryGovernor.start(Runtime.getRuntime().maxMemory() + (512L << 20));
        if (contains(plan, NOTEBOOKS_TEST)) BackgroundNotebooks.start();
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
