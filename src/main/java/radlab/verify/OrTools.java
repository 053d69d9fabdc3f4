package radlab.verify;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPSolver;

/** Google OR-Tools' native library, loaded once per JVM, and its solvers by name. */
final class OrTools {
    private static boolean loaded;

    private OrTools() {}

    /** Loads the native library (extracted from the ortools platform jar) on first use. */
    static synchronized void load() {
        if (loaded) return;
        try {
            Loader.loadNativeLibraries();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("cannot load Google OR-Tools' native library (is the ortools platform jar for this OS on the class path?): "
                    + e.getMessage(), e);
        }
        loaded = true;
    }

    /** A new solver of the first available backend among {@code names}, e.g. "SCIP", "CBC". */
    static MPSolver solver(String... names) {
        load();
        for (String n : names) {
            MPSolver s = MPSolver.createSolver(n);
            if (s != null) return s;
        }
        throw new IllegalStateException("OR-Tools has none of the solvers " + String.join(", ", names));
    }
}
