package radlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import radlab.experiment.Reproduction;
import radlab.experiment.ReproductionProfile;
import radlab.experiment.ReproductionRun;
import radlab.experiment.sweep.engine.LocalEngine;

/**
 * The smoke profile's sweep (6 configurations × 2 seeds), trained once per Maven run and shared by the tests that need
 * a finished one (figures, the CLI's reproduce, resume after a kill) and by the notebooks' run: each copies it or
 * reads it, none writes it. The first test JVM to need it trains it under target/ ({@link SharedWork}); the other JVM
 * waits for it and loads a copy, which trains nothing. Training it took ~12 s of two cores, once per JVM and once more
 * in the notebooks before. The content hashes include the code version, and every JVM of the run runs the same
 * classes, so a copy is a valid cache for the CLI.
 */
public final class SmokeSweep {
    private static Path dir;
    private static ReproductionRun run;

    private SmokeSweep() {}

    /** The finished smoke reproduction (trained, or waited for, on first use). */
    public static synchronized ReproductionRun run() {
        if (run == null) {
            try {
                dir = Files.createTempDirectory("radlab-smoke-sweep");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    radlab.report.AtomicFiles.deleteTree(dir);
                } catch (IOException | UncheckedIOException ignored) {
                    // a temporary directory: the OS cleans it up eventually
                }
            }));
            var shared = SharedWork.directory("smoke-sweep");
            if (shared.isPresent() && fromSharedRun(shared.get())) return run;
            run = train(dir.resolve("sweep"));
        }
        return run;
    }

    /**
     * Trains this JVM's copy and publishes it as the run's shared sweep, or loads a copy of the shared one (which
     * trains nothing: every point is present); false if the JVM that claimed the training failed.
     */
    private static boolean fromSharedRun(Path shared) {
        Path mine = dir.resolve("sweep");
        if (SharedWork.claim(shared)) {
            try {
                run = train(mine);
                copy(mine, shared, false);
                SharedWork.done(shared);
            } catch (RuntimeException | Error e) {
                SharedWork.failed(shared);
                throw e;
            }
            return true;
        }
        try {
            if (!SharedWork.await(shared, 15)) return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        copy(shared, mine, false);
        run = train(mine);
        return true;
    }

    private static ReproductionRun train(Path sweep) {
        try (LocalEngine e = new LocalEngine(2)) {
            return Reproduction.run(ReproductionProfile.smoke(), sweep, e, s -> { });
        }
    }

    /** The shared sweep directory: read it, do not write it (see {@link #copyTo}). */
    public static Path directory() {
        run();
        return dir.resolve("sweep");
    }

    /** A copy of the finished sweep at {@code target} (e.g. OUT/.sweeps/smoke for {@code reproduce --out OUT}). */
    public static void copyTo(Path target) {
        copy(directory(), target, false);
    }

    /**
     * Adds the finished sweep's files that {@code target} lacks (its rows, kept models, manifest), leaving every file
     * already there as it is: a sweep cache of a user's checkout gains this code version's points.
     */
    public static void mergeInto(Path target) {
        copy(directory(), target, true);
    }

    private static void copy(Path source, Path target, boolean skipExisting) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else if (!(skipExisting && Files.exists(t))) Files.copy(p, t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy at {@code target} without the last {@code missing} points of the plan (their rows, kept models and the
     * tables), so a run there trains exactly those: the progress and resume paths at the cost of {@code missing}
     * points instead of the whole sweep.
     */
    public static void copyWithout(Path target, int missing) {
        copyTo(target);
        var plan = run().plan();
        removePoints(target, plan.subList(plan.size() - missing, plan.size()).stream().map(p -> p.task().hash()).toList());
    }

    /** Removes these points from the sweep directory {@code dir} (a copy): their rows, their kept models and the tables. */
    public static void removePoints(Path dir, java.util.Collection<String> hashes) {
        var store = new radlab.experiment.sweep.PointStore(dir);
        try {
            for (String hash : hashes) {
                Files.delete(store.file(hash));
                radlab.report.AtomicFiles.deleteTree(dir.resolve("models").resolve(hash));
            }
            Files.deleteIfExists(dir.resolve("results.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
