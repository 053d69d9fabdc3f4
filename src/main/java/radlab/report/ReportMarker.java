package radlab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file {@code .radlab-report} that makes a directory recognisable as radlab's own output. radlab replaces a
 * directory only if it carries this marker (or the user passed {@code --overwrite}), so a mistyped {@code --run} or
 * {@code --out} can never delete someone else's data (issue #13, item 1). The marker holds a unique id per written
 * report, which lets a commit detect that another run replaced the directory in the meantime.
 */
public final class ReportMarker {
    public static final String FILE = ".radlab-report";

    private ReportMarker() {}

    /** Writes the marker with a fresh {@code id} into {@code dir}. */
    static void write(Path dir, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("radlab", Provenance.currentRadlabVersion());
        m.put("created", Instant.now().toString());
        m.put("pid", ProcessHandle.current().pid());
        Json.write(dir.resolve(FILE), m);
    }

    /**
     * Marks an existing directory that radlab wrote before markers existed (recognised by the caller, e.g. a model-cache
     * entry with its configuration hash), so that it can be replaced like any other radlab report.
     */
    public static void adopt(Path dir) {
        write(dir, "adopted-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
    }

    /** Whether {@code dir} is a directory written by radlab. */
    public static boolean isReport(Path dir) {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(dir.resolve(FILE), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * What is at {@code path} now: {@code "absent"}, {@code "report:ID"} for a radlab report, or {@code "other:KEY"} for
     * anything else (KEY identifies the file system object, so a replaced one compares different).
     */
    static String state(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (isReport(path)) {
                try {
                    return "report:" + Json.MAPPER.readTree(path.resolve(FILE).toFile()).path("id").asText();
                } catch (IOException unreadable) {
                    return "report:?" + a.fileKey();
                }
            }
            return "other:" + a.fileKey() + "/" + a.lastModifiedTime().toMillis();
        } catch (java.nio.file.NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            return "other:unreadable";
        }
    }
}
