package radlab.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content address of a run: SHA-256 over the canonical spec, the data hash and the code version (separated by NUL
 * bytes, which none of them contains), so a changed field, different data or a new build each give a new address and
 * a cached result is never served for the wrong run.
 */
public final class SpecHash {
    private SpecHash() {}

    public static String of(ExperimentSpec spec, String dataHash, String codeVersion) {
        if (dataHash == null || dataHash.isEmpty()) throw new IllegalArgumentException("data hash is required");
        if (codeVersion == null || codeVersion.isEmpty()) throw new IllegalArgumentException("code version is required");
        return sha256(SpecJson.canonical(spec) + '\0' + dataHash + '\0' + codeVersion);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
