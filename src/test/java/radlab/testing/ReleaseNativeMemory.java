package radlab.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test class, a garbage collection, so that ND4J frees the native buffers the class left behind before
 * the next class allocates its own. All test classes share one JVM (starting one per class would cost minutes), and
 * ND4J frees a buffer only when the collector finds its Java object; a small heap is collected rarely enough that one
 * class's garbage met the next class's peak: the suite's resident memory reached 3.1–4.4 GB in a class that needs
 * 1.1 GB alone (ReproduceBoundsVsNDataTest). The sweep's data cache is emptied first: a class that read Fashion-MNIST
 * left 360 MB of images behind for the rest of the JVM. Registered for every class through junit-platform.properties.
 */
public final class ReleaseNativeMemory implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        radlab.experiment.sweep.SweepData.clear(); // e.g. all 70,000 Fashion-MNIST images, kept for the sweep's points
        // this thread's ND4J workspaces keep the largest block any class needed (a CROWN chunk of a 784-256-256-10
        // network: 96 MB) for as long as the thread lives, and the test thread lives for the whole suite
        org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        System.gc();
        Thread.sleep(20); // ND4J's deallocator thread frees the collected buffers asynchronously
        radlab.util.MemoryGovernor.trim(); // and glibc keeps what was freed unless asked to return it
    }
}
