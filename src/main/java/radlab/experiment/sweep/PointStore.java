package radlab.experiment.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import radlab.report.AtomicFiles;

/**
 * Finished points of a sweep, one file per point named by its content hash ({@code DIR/points/HASH.row.json}),
 * each written atomically (temporary sibling, then a move), so a killed sweep leaves either a whole row or none, and
 * a re-run skips every point whose row is present and intact.
 */
public final class PointStore {
    /** What the store holds for one point. */
    public sealed interface Status {
        record Missing() implements Status {}

        record Done(ResultRow row) implements Status {}

        /** A row file exists but cannot be trusted (truncated, edited, wrong point): it will be recomputed. */
        record Corrupt(String reason) implements Status {}
    }

    private final Path dir;

    public PointStore(Path sweepDir) {
        this.dir = sweepDir.resolve("points");
    }

    public Path file(String hash) {
        return dir.resolve(hash + ".row.json");
    }

    public Status status(String hash) {
        Path f = file(hash);
        if (!Files.isRegularFile(f)) return new Status.Missing();
        try {
            return new Status.Done(RowCodec.decode(Files.readString(f, StandardCharsets.UTF_8), hash));
        } catch (RowCodec.CorruptRowException e) {
            return new Status.Corrupt(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return new Status.Corrupt("unreadable: " + e.getMessage());
        }
    }

    /** Stores an encoded row after checking that it decodes (a task never leaves an unreadable file behind). */
    public ResultRow save(String hash, String encoded) {
        ResultRow row;
        try {
            row = RowCodec.decode(encoded, hash);
        } catch (RowCodec.CorruptRowException e) {
            throw new IllegalStateException("point " + hash + " produced an invalid row: " + e.getMessage());
        }
        AtomicFiles.writeString(file(hash), encoded);
        return row;
    }
}
