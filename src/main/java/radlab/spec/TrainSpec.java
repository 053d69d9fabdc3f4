package radlab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything {@code radlab train} does, as data: the {@link ExperimentSpec} it trains (data, model, objective,
 * optimizer, seed), the attack of its post-training robust evaluation on the test set (null = none) and how many
 * attacked samples also get certificates. A train report stores it as {@code spec.json}; {@code radlab rerun} rebuilds
 * the run from it. The experiment's {@code evaluation} section is the sweep's measurement and is not used by train.
 */
public record TrainSpec(ExperimentSpec experiment, AttackSpec robustEvaluation, int certifySize) {
    public static final String KIND = "train";

    public TrainSpec {
        require(experiment != null, "experiment", "is required");
        SpecException.require(certifySize >= 0, "certifySize", "must be ≥ 0, got " + certifySize);
    }

    private static void require(boolean ok, String path, String problem) {
        SpecException.require(ok, path, problem);
    }

    /** The canonical JSON tree: the experiment's canonical form plus the evaluation settings, in a fixed order. */
    public ObjectNode toTree() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("kind", KIND);
        root.set("experiment", SpecJson.toTree(experiment));
        if (robustEvaluation == null) root.putNull("robustEvaluation");
        else root.set("robustEvaluation", robustEvaluation.toTree());
        root.put("certifySize", certifySize);
        return root;
    }

    /** Compact canonical text (equal specs give identical text). */
    public String canonical() {
        try {
            return SpecJson.MAPPER.writeValueAsString(toTree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Strict parse: every key required except the experiment's defaulted fields; unknown keys rejected. */
    public static TrainSpec parse(String json) {
        return fromTree(SpecJson.readTree(json));
    }

    public static TrainSpec fromTree(JsonNode node) {
        JsonFields root = JsonFields.of(node, "a train spec");
        String kind = root.string("kind", null);
        require(KIND.equals(kind), "kind", "expected \"" + KIND + "\", got " + (kind == null ? "nothing" : "'" + kind + "'"));
        JsonNode exp = root.node("experiment");
        require(exp != null && exp.isObject(), "experiment", "is required");
        ExperimentSpec experiment;
        try {
            experiment = SpecJson.fromTreeWithLocalData(exp);
        } catch (SpecException e) {
            throw e.within("experiment");
        }
        JsonNode ev = root.node("robustEvaluation");
        require(ev != null, "robustEvaluation", "is required (null for none)");
        AttackSpec attack = null;
        if (!ev.isNull()) {
            try {
                attack = AttackSpec.fromTree(ev, "robustEvaluation");
            } catch (SpecException e) {
                throw e.within("robustEvaluation");
            }
        }
        int certify = root.integer("certifySize", -1);
        root.finish();
        return new TrainSpec(experiment, attack, certify);
    }
}
