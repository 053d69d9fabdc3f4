package radlab.experiment.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import radlab.report.Provenance;

/**
 * The code version that enters every point's content hash: radlab's version plus a SHA-256 prefix over radlab's own
 * compiled classes (from the jar or the classes directory). The release version alone would not do: a fixed bug
 * changes the classes but not "0.1.0-SNAPSHOT", and must not keep serving rows computed by the buggy code.
 */
public final class CodeVersion {
    private static volatile String current;

    private CodeVersion() {}

    public static String current() {
        if (current == null) {
            String h = classesHash();
            current = Provenance.currentRadlabVersion() + "+" + h.substring(0, Math.min(16, h.length()));
        }
        return current;
    }

    static String classesHash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            Path where = Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(where)) {
                List<Path> files = new ArrayList<>();
                try (Stream<Path> s = Files.walk(where.resolve("radlab"))) {
                    s.filter(p -> p.toString().endsWith(".class")).sorted().forEach(files::add);
                }
                for (Path p : files) {
                    md.update(where.relativize(p).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(p));
                }
            } else {
                try (JarFile jar = new JarFile(where.toFile())) {
                    List<String> names = jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("radlab/") && n.endsWith(".class")).sorted().toList();
                    for (String n : names) {
                        md.update(n.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        try (InputStream in = jar.getInputStream(jar.getEntry(n))) {
                            md.update(in.readAllBytes());
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
            return "unknown-classes";  // still a valid (coarser) version: the release version alone
        }
    }
}
