package radlab.nn;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ImageShape;

/**
 * The validated content of a {@code model.json}: architecture and precision, checked completely — sizes bounded,
 * parameter shapes equal to those the architecture implies — before anything is allocated. Every problem is one
 * line naming the file. Reads both formats: {@value ModelIO#FORMAT} and the MLP-only {@value ModelIO#FORMAT_V1}.
 */
record ModelDescription(Architecture architecture, DataType dataType) {
    static final int MAX_IMAGE_SIDE = 4096;

    static ModelDescription parse(JsonNode meta, Path file) {
        if (meta == null || !meta.isObject()) throw bad(file, "not a JSON object; expected a model description written by radlab");
        String format = meta.path("format").isTextual() ? meta.get("format").asText() : null;
        if (format == null) throw bad(file, "no \"format\" field; expected \"" + ModelIO.FORMAT + "\" or \"" + ModelIO.FORMAT_V1 + "\"");
        Architecture arch;
        try {
            Activation act = Activation.parse(text(meta, "activation", file));
            if (format.equals(ModelIO.FORMAT_V1)) {
                int[] sizes = ints(meta.get("layerSizes"), "layerSizes", 2, 64, Architecture.MAX_WIDTH, file);
                arch = Architecture.of(new MlpSpec(sizes, act));
            } else if (format.equals(ModelIO.FORMAT)) {
                int[] shape = ints(meta.get("inputShape"), "inputShape", 3, 3, MAX_IMAGE_SIDE, file);
                int classes = ints(meta.get("classes") == null ? null : Json1.array(meta.get("classes")), "classes", 1, 1, Architecture.MAX_WIDTH, file)[0];
                arch = Architecture.parse(text(meta, "architecture", file), new ImageShape(shape[0], shape[1], shape[2]), classes, act);
            } else {
                throw bad(file, "format is '" + format + "', expected '" + ModelIO.FORMAT + "' (or the older '" + ModelIO.FORMAT_V1 + "')");
            }
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw m != null && m.startsWith(file.toString()) ? e : bad(file, "bad architecture (" + m + ")");
        }
        DataType type = switch (meta.path("dataType").asText("FLOAT")) {
            case "FLOAT" -> DataType.FLOAT;
            case "DOUBLE" -> DataType.DOUBLE;
            default -> throw bad(file, "dataType is '" + meta.path("dataType").asText() + "', expected FLOAT or DOUBLE");
        };
        checkParameters(meta.get("parameters"), Network.parameterShapes(arch), arch, file);
        return new ModelDescription(arch, type);
    }

    /** The declared parameter shapes must be exactly those of the architecture (a missing list is allowed). */
    private static void checkParameters(JsonNode params, List<long[]> expected, Architecture arch, Path file) {
        if (params == null) return;
        if (!params.isArray() || params.size() != expected.size()) {
            throw bad(file, "\"parameters\" lists " + (params.isArray() ? params.size() : "no") + " arrays but " + arch.describe()
                    + " has " + expected.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            JsonNode shape = params.get(i).path("shape");
            long[] got = new long[shape.isArray() ? shape.size() : 0];
            for (int k = 0; k < got.length; k++) got[k] = shape.get(k).canConvertToLong() && shape.get(k).isIntegralNumber() ? shape.get(k).asLong() : -1;
            if (!Arrays.equals(got, expected.get(i))) {
                throw bad(file, "parameter " + i + " (" + params.get(i).path("name").asText("?") + ") has shape " + shape
                        + " but " + arch.describe() + " needs " + Arrays.toString(expected.get(i)));
            }
        }
    }

    private static String text(JsonNode meta, String field, Path file) {
        JsonNode v = meta.get(field);
        if (v == null || !v.isTextual()) throw bad(file, "\"" + field + "\" is missing or not a string");
        return v.asText();
    }

    /** An array of integers in [1, max] with a length in [minLen, maxLen]. */
    private static int[] ints(JsonNode v, String field, int minLen, int maxLen, int max, Path file) {
        if (v == null || !v.isArray() || v.size() < minLen || v.size() > maxLen) {
            throw bad(file, "\"" + field + "\" must be an array of " + (minLen == maxLen ? "" + minLen : minLen + " to " + maxLen) + " integers");
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber() || e.asDouble() != Math.rint(e.asDouble()) || e.asDouble() < 1 || e.asDouble() > max) {
                throw bad(file, "\"" + field + "\" entry " + e + " is not an integer in [1, " + max + "]");
            }
            out[i] = e.asInt();
        }
        return out;
    }

    static IllegalArgumentException bad(Path file, String problem) {
        return new IllegalArgumentException(file + ": " + problem);
    }

    /** Tiny helper: a scalar as a one-element array node. */
    private static final class Json1 {
        static JsonNode array(JsonNode scalar) {
            return radlab.report.Json.MAPPER.createArrayNode().add(scalar);
        }
    }
}
