package radlab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code radlab norms} measures on a saved model, as data: Jacobians on {@code n} stratified examples of each of
 * train and test (0 = all), the margin γ of the margin bounds fixed in advance (NaN = chosen on the training margins,
 * which the report flags), and the radii of the robust bound. {@code radlab norms --spec FILE} reads it; every norms
 * report stores it as {@code spec.json}.
 */
public record NormsSpec(int n, double margin, double epsilonL2, double epsilonLinf) {
    public static final String KIND = "norms";

    public NormsSpec {
        SpecException.require(n >= 0, "n", "must be ≥ 0 (0 = all), got " + n);
        SpecException.require(Double.isNaN(margin) || margin > 0 && Double.isFinite(margin), "margin", "must be positive or absent, got " + margin);
        SpecException.nonNegativeFinite(epsilonL2, "epsilonL2");
        SpecException.nonNegativeFinite(epsilonLinf, "epsilonLinf");
    }

    public static NormsSpec defaults() {
        return new NormsSpec(0, Double.NaN, Defaults.EPSILON_L2, Defaults.EPSILON_LINF);
    }

    /** The canonical JSON tree, keys in a fixed order ({@code margin} null when chosen on data). */
    public ObjectNode toTree() {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("kind", KIND).put("n", n);
        if (Double.isNaN(margin)) root.putNull("margin");
        else root.put("margin", margin);
        return root.put("epsilonL2", epsilonL2).put("epsilonLinf", epsilonLinf);
    }

    /** Compact canonical text (equal specs give identical text). */
    public String canonical() {
        try {
            return SpecJson.MAPPER.writeValueAsString(toTree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Strict parse: every key required ({@code margin} may be null), unknown keys rejected. */
    public static NormsSpec parse(String json) {
        return fromTree(SpecJson.readTree(json));
    }

    public static NormsSpec fromTree(JsonNode node) {
        JsonFields root = JsonFields.of(node, "a norms spec");
        String kind = root.string("kind", null);
        SpecException.require(KIND.equals(kind), "kind", "expected \"" + KIND + "\", got " + (kind == null ? "nothing" : "'" + kind + "'"));
        int n = root.integer("n", -1);
        JsonNode m = root.node("margin");
        SpecException.require(m != null, "margin", "is required (null to choose it on the training margins)");
        if (!m.isNull() && !m.isNumber()) throw new SpecException("margin", "expected a number or null, got " + m);
        double margin = m.isNull() ? Double.NaN : m.asDouble();
        NormsSpec s = new NormsSpec(n, margin, root.number("epsilonL2", Double.NaN), root.number("epsilonLinf", Double.NaN));
        root.finish();
        return s;
    }
}
