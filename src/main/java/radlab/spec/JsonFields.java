package radlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Strict reading of one JSON object: typed getters with defaults, each failure a {@link SpecException} naming the
 * field, and {@link #finish} rejecting any key that was not read (so a misspelt key never passes silently).
 * Hand-written on Jackson's tree because Jackson's own data binding reports errors as multi-line messages with
 * source locations rather than as field paths.
 */
final class JsonFields {
    private final ObjectNode node;
    private final Set<String> read = new HashSet<>();

    private JsonFields(ObjectNode node) {
        this.node = node;
    }

    /** {@code node} must be an object (or null/missing: an empty object, all defaults). */
    static JsonFields of(JsonNode node, String what) {
        if (node == null || node.isMissingNode() || node.isNull()) return new JsonFields(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        if (!node.isObject()) throw new SpecException("", "expected a JSON object for " + what + ", got " + node.getNodeType().toString().toLowerCase());
        return new JsonFields((ObjectNode) node);
    }

    JsonNode node(String key) {
        read.add(key);
        return node.get(key);
    }

    boolean has(String key) {
        return node.has(key);
    }

    String string(String key, String dflt) {
        JsonNode v = node(key);
        if (v == null) return dflt;
        if (!v.isTextual()) throw new SpecException(key, "expected a string, got " + v);
        return v.asText();
    }

    double number(String key, double dflt) {
        JsonNode v = node(key);
        if (v == null) return dflt;
        if (!v.isNumber()) throw new SpecException(key, "expected a number, got " + v);
        return v.asDouble();
    }

    int integer(String key, int dflt) {
        JsonNode v = node(key);
        if (v == null) return dflt;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new SpecException(key, "expected an integer, got " + v);
        return v.asInt();
    }

    long longInteger(String key, long dflt) {
        JsonNode v = node(key);
        if (v == null) return dflt;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new SpecException(key, "expected an integer, got " + v);
        return v.asLong();
    }

    /** Fails on the first key that no getter asked for. */
    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!read.contains(k)) throw new SpecException(k, "unknown key");
        }
    }
}
