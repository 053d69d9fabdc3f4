package radlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Work done once per Maven run and shared by its test JVMs (Surefire runs two): the first JVM to {@link #claim} a piece
 * of work does it under {@code target/shared-RUNID/NAME} and marks it {@link #done} or {@link #failed}; the others
 * {@link #await} the mark. The run id comes from the pom ({@code radlab.test.runId}, one per Maven invocation); outside
 * Maven (an IDE) there is none, and each JVM does its own work.
 */
public final class SharedWork {
    static final String RUN_ID_PROPERTY = "radlab.test.runId";

    private SharedWork() {}

    /** This Maven run's id, or empty outside Maven. */
    public static Optional<String> runId() {
        return mavenProperty(RUN_ID_PROPERTY);
    }

    /**
     * A system property the pom sets from a Maven expression: empty when it is absent (outside Maven), blank, or left
     * unexpanded ({@code ${test}} when Maven had no -Dtest).
     */
    public static Optional<String> mavenProperty(String name) {
        String v = System.getProperty(name, "");
        return v.isBlank() || v.startsWith("${") ? Optional.empty() : Optional.of(v);
    }

    /** The directory of the shared work {@code name}, or empty outside Maven. */
    public static Optional<Path> directory(String name) {
        return runId().map(id -> Path.of("").toAbsolutePath().resolve("target/shared-" + id).resolve(name));
    }

    /** True for exactly one caller across this run's JVMs: that caller does the work. */
    public static boolean claim(Path work) {
        try {
            Files.createDirectories(work.getParent());
            Files.createFile(marker(work, "claimed"));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void done(Path work) {
        mark(work, "done");
    }

    public static void failed(Path work) {
        mark(work, "failed");
    }

    /**
     * Waits until the claiming JVM marks the work; true if it is done, false if it failed (the caller then does its own).
     *
     * @throws IllegalStateException if no mark appears within {@code minutes} (the claiming JVM died)
     */
    public static boolean await(Path work, long minutes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        while (true) {
            if (Files.exists(marker(work, "done"))) return true;
            if (Files.exists(marker(work, "failed"))) return false;
            if (System.nanoTime() > deadline) throw new IllegalStateException("no result for " + work + " after " + minutes + " minutes (the JVM that claimed it did not finish)");
            Thread.sleep(200);
        }
    }

    private static void mark(Path work, String what) {
        try {
            Files.createFile(marker(work, what));
        } catch (FileAlreadyExistsException ignored) {
            // marked already
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path marker(Path work, String what) {
        return work.resolveSibling(work.getFileName() + "." + what);
    }
}
