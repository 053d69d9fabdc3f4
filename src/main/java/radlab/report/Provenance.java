package radlab.report;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.data.Dataset;

/**
 * Where a result came from: the configuration and seeds that produced it, a SHA-256 of the data, and the versions
 * of radlab, ND4J, Java and the OS. Written next to every report and saved model.
 */
public record Provenance(String command, Map<String, Object> config, Map<String, String> dataSha256,
                         String radlabVersion, String nd4jVersion, String javaVersion, String os, String created) {
    public Provenance {
        config = Map.copyOf(config);
        dataSha256 = Map.copyOf(dataSha256);
    }

    public static Provenance of(String command, Map<String, Object> config, Dataset... data) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Dataset d : data) hashes.put(d.name(), sha256(d));
        return new Provenance(command, config, hashes, currentRadlabVersion(), currentNd4jVersion(), System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), Instant.now().toString());
    }

    /** radlab's version from the jar manifest, or "dev" when run from classes. */
    public static String currentRadlabVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public static String currentNd4jVersion() {
        String v = DataType.class.getPackage().getImplementationVersion();
        return v == null ? "1.0.0-M2.1" : v;
    }

    /** SHA-256 over the features (as float32, row-major) and the labels. */
    public static String sha256(Dataset d) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            float[] f = d.features().castTo(DataType.FLOAT).dup('c').data().asFloat();
            ByteBuffer buf = ByteBuffer.allocate(4 * f.length);
            buf.asFloatBuffer().put(f);
            md.update(buf.array());
            ByteBuffer lab = ByteBuffer.allocate(4 * d.labels().length);
            lab.asIntBuffer().put(d.labels());
            md.update(lab.array());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
