package radlab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory that appears complete or not at all: files are written into a hidden staging sibling
 * ({@code .NAME.partial}), and {@link #commit()} swaps it into place. Closing without commit deletes the staging
 * directory, so an interrupted run leaves no half-written report that looks finished.
 *
 * <pre>{@code
 * try (StagedDirectory run = StagedDirectory.create(Path.of("reports/demo"))) {
 *     AtomicFiles.writeString(run.path().resolve("table.csv"), csv);
 *     run.commit();
 * }
 * }</pre>
 */
public final class StagedDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private boolean committed;

    private StagedDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /**
     * Prepares a staging directory for {@code target}.
     *
     * @throws IllegalArgumentException if the parent directory cannot be created or written (one clear line)
     */
    public static StagedDirectory create(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalArgumentException("output directory " + parent + " cannot be created: " + e.getMessage());
        }
        if (!Files.isWritable(parent)) throw new IllegalArgumentException("output directory " + parent + " is not writable");
        Path staging = parent.resolve("." + abs.getFileName() + ".partial");
        try {
            AtomicFiles.deleteTree(staging);
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create staging directory " + staging + ": " + e.getMessage());
        }
        return new StagedDirectory(abs, staging);
    }

    /** Where to write the files now (the staging directory). */
    public Path path() {
        return staging;
    }

    /** The final location. */
    public Path target() {
        return target;
    }

    /** Replaces {@code target} with the staged content. */
    public Path commit() {
        try {
            Path old = target.resolveSibling("." + target.getFileName() + ".old");
            AtomicFiles.deleteTree(old);
            if (Files.exists(target)) Files.move(target, old);
            AtomicFiles.move(staging, target);
            AtomicFiles.deleteTree(old);
            committed = true;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + staging + " to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (committed) return;
        try {
            AtomicFiles.deleteTree(staging);
        } catch (IOException ignored) {
            // best effort: a leftover hidden .partial directory is never mistaken for a report
        }
    }
}
