package radlab.experiment.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import radlab.report.AtomicFiles;

/**
 * {@code DIR/sweep.json}: which grid a sweep directory belongs to — its name, its identity ({@link Grid#identity()})
 * and its number of points. Every run writes it (atomically; concurrent shards of one grid write the same bytes), and
 * {@code sweep --collect} reads it to refuse building one grid's tables from a directory another grid last ran in.
 */
public record SweepManifest(String name, String identity, int points) {
    public static final String FILE = "sweep.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static SweepManifest of(Grid g) {
        return new SweepManifest(g.name(), g.identity(), g.points().size());
    }

    public void write(Path dir) {
        ObjectNode n = MAPPER.createObjectNode().put("grid", name).put("identity", identity).put("points", points);
        AtomicFiles.writeString(dir.resolve(FILE), n.toPrettyString() + "\n");
    }

    /** The manifest in {@code dir}, or null if there is none; a file that is not one is a one-line error. */
    public static SweepManifest read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return null;
        try {
            JsonNode n = MAPPER.readTree(Files.readString(f));
            if (n == null || !n.path("grid").isTextual() || !n.path("identity").isTextual() || !n.path("points").canConvertToInt()) {
                throw new IllegalArgumentException(f + " is not a sweep manifest (expected grid, identity, points)");
            }
            return new SweepManifest(n.get("grid").asText(), n.get("identity").asText(), n.get("points").asInt());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + f + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
