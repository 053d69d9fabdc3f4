package radlab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import radlab.util.IoErrors;

/**
 * A report directory that appears complete or not at all. {@link #create} checks the destination before any work
 * (writable, name accepted by the file system, not somebody else's directory) and stages the files in a hidden
 * sibling {@code .radlab-staging-PID-NONCE/NAME}, unique per process and call; {@link #commit()} renames it into place.
 * Closing without commit, or stopping the JVM (Ctrl-C, {@code kill}), deletes the staging directory; staging left by a
 * process killed outright ({@code kill -9}) is deleted by the next {@code create} in the same directory.
 *
 * <p>Commit is a compare-and-swap: if the destination changed since {@code create} (another run of the same name
 * finished first), this run has lost the race and gets a {@link ConcurrentRunException}; the other run's report is
 * left intact. An existing destination is replaced only if it carries radlab's {@link ReportMarker} or if
 * {@code overwrite} was given.
 *
 * <pre>{@code
 * try (StagedDirectory run = StagedDirectory.create(Path.of("reports/demo"), false)) {
 *     AtomicFiles.writeString(run.path().resolve("table.csv"), csv);   // ... long work ...
 *     run.commit();
 * }
 * }</pre>
 */
public final class StagedDirectory implements AutoCloseable {
    /** Prefix of the staging directories; what follows is the owning process id, a dash and a random nonce. */
    public static final String STAGING_PREFIX = ".radlab-staging-";

    /** Staging directories not yet committed or closed: removed by a shutdown hook when the JVM is stopped (Ctrl-C, kill). */
    private static final java.util.Map<Path, List<Path>> OPEN = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Thread CLEANUP = new Thread(() -> OPEN.forEach((root, createdParents) -> {
        AtomicFiles.deleteQuietly(root);
        removeCreated(createdParents);
    }), "radlab-staging-cleanup");

    static {
        try {
            Runtime.getRuntime().addShutdownHook(CLEANUP);
        } catch (IllegalStateException | SecurityException alreadyShuttingDown) {
            // staging left behind is removed as stale by the next run in that directory
        }
    }

    private final Path target;
    private final Path root;
    private final Path content;
    private final String expected;
    private final List<Path> createdParents;
    private boolean committed;

    private StagedDirectory(Path target, Path root, Path content, String expected, List<Path> createdParents) {
        this.target = target;
        this.root = root;
        this.content = content;
        this.expected = expected;
        this.createdParents = createdParents;
    }

    /** {@link #create(Path, boolean)} without overwrite: an existing radlab report is replaced, anything else refused. */
    public static StagedDirectory create(Path target) {
        return create(target, false);
    }

    /**
     * Checks the destination and prepares a staging directory for it.
     *
     * @param overwrite also replace a {@code target} that is not a radlab report
     * @throws IllegalArgumentException with one clear line if the destination cannot or must not be written
     */
    public static StagedDirectory create(Path target, boolean overwrite) {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) throw new IllegalArgumentException("cannot write a report to the file-system root " + abs);
        List<Path> created = createParents(parent);
        try {
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !ReportMarker.isReport(abs) && !overwrite) {
                throw new IllegalArgumentException(abs + " exists and is not a radlab report (no " + ReportMarker.FILE
                        + " file); refusing to replace it: choose another --run or --out, or pass --overwrite");
            }
            String expected = ReportMarker.state(abs);
            removeStale(parent);
            String nonce = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Path root = parent.resolve(STAGING_PREFIX + ProcessHandle.current().pid() + "-" + nonce);
            try {
                Files.createDirectory(root);
                OPEN.put(root, created);
            } catch (IOException e) {
                throw new IllegalArgumentException("output directory " + parent + " is not writable (" + IoErrors.reason(e) + ")");
            }
            Path content = root.resolve(abs.getFileName().toString());
            try {
                Files.createDirectory(content); // the real name on the real file system: too long or invalid fails here, before any work
                ReportMarker.write(content, nonce);
            } catch (IOException | UncheckedIOException e) {
                AtomicFiles.deleteQuietly(root);
                OPEN.remove(root);
                String why = e instanceof IOException io ? IoErrors.reason(io) : e.getMessage();
                throw new IllegalArgumentException("cannot create report directory " + abs + " (" + why + ")");
            }
            return new StagedDirectory(abs, root, content, expected, created);
        } catch (RuntimeException e) {
            removeCreated(created);
            throw e;
        }
    }

    /** Checks that {@link #create} would succeed, without leaving anything behind. */
    public static void preflight(Path target, boolean overwrite) {
        create(target, overwrite).close();
    }

    /**
     * Checks that reports can be written into {@code dir} (creating it if needed) without leaving anything behind:
     * for destinations that are written long after the command starts, such as the reproduction's model cache.
     */
    public static void checkWritable(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        List<Path> created = createParents(abs);
        Path probe = abs.resolve(STAGING_PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException("output directory " + abs + " is not writable (" + IoErrors.reason(e) + ")");
        } finally {
            removeCreated(created);
        }
    }

    /** Where to write the files now (inside the staging directory). */
    public Path path() {
        return content;
    }

    /** The final location. */
    public Path target() {
        return target;
    }

    /**
     * Moves the staged content to the target, replacing what was there when this staging was created.
     *
     * @throws ConcurrentRunException if another process changed the target in the meantime (nothing is written)
     */
    public synchronized Path commit() {
        try {
            if (!expected.equals("absent")) {
                Path replaced = root.resolve("replaced");
                try {
                    Files.move(target, replaced, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.NoSuchFileException gone) {
                    throw lostRace();
                }
                if (!ReportMarker.state(replaced).equals(expected)) { // moved a newer report aside: put it back
                    Files.move(replaced, target, StandardCopyOption.ATOMIC_MOVE);
                    throw lostRace();
                }
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw lostRace();
            }
            try {
                // rename(2): fails if another run has meanwhile put a (non-empty) report at the target
                Files.move(content, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileSystemException occupied) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw lostRace();
                throw occupied;
            }
            committed = true;
            AtomicFiles.deleteQuietly(root);
            OPEN.remove(root);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + content + " to " + target + ": " + IoErrors.reason(e), e);
        }
    }

    private ConcurrentRunException lostRace() {
        return new ConcurrentRunException(target + " was written by another radlab run while this one was working; this run's "
                + "results were not saved (give concurrent runs different --run names)");
    }

    @Override
    public synchronized void close() {
        if (committed) return;
        AtomicFiles.deleteQuietly(root);
        OPEN.remove(root);
        removeCreated(createdParents);
    }

    /** Creates {@code dir} and its missing ancestors, returning those it created (deepest first), with a one-line error. */
    private static List<Path> createParents(Path dir) {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) missing.add(p);
        List<Path> created = new ArrayList<>();
        try {
            for (int i = missing.size() - 1; i >= 0; i--) {
                Files.createDirectory(missing.get(i));
                created.add(0, missing.get(i));
            }
        } catch (IOException e) {
            removeCreated(created);
            throw new IllegalArgumentException("output directory " + dir + " cannot be created (" + IoErrors.reason(e) + ")");
        }
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("output directory " + dir + " is not a directory");
        return created;
    }

    private static void removeCreated(List<Path> created) {
        for (Path p : created) {
            try {
                Files.deleteIfExists(p); // only if still empty: never removes anything radlab did not create
            } catch (IOException ignored) {
                return;
            }
        }
    }

    /** Deletes staging directories whose owning process is no longer alive (a killed run's leftovers). */
    private static void removeStale(Path parent) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, STAGING_PREFIX + "*")) {
            for (Path p : s) {
                String rest = p.getFileName().toString().substring(STAGING_PREFIX.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                } catch (NumberFormatException notOurs) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                AtomicFiles.deleteQuietly(p);
            }
        } catch (IOException unreadable) {
            // the staging directory creation that follows reports the real problem
        }
    }
}
