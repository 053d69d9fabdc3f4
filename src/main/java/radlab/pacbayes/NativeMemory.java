package radlab.pacbayes;

/**
 * ND4J frees an array's native buffer only when the Java object is collected. The loops here allocate megabytes of
 * native memory per iteration but almost no Java heap, so the collector would not run and native memory grew past
 * 8 GB in a 3,000-step run (measured). A collection every {@link #EVERY} iterations keeps it at a few hundred MB.
 */
final class NativeMemory {
    static final int EVERY = 50;

    private NativeMemory() {}

    static void release(int iteration) {
        release(iteration, EVERY);
    }

    /** Collects after every {@code every}-th iteration (for loops whose iterations are large). */
    static void release(int iteration, int every) {
        if (iteration % every == every - 1) System.gc();
    }
}
