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
        if (robustEvaluation == null) {
            root.putNull("robustEvaluation");
        } else {
            AttackSpec a = robustEvaluation;
            ObjectNode n = root.putObject("robustEvaluation").put("attack", a.attack()).put("norm", a.norm()).put("epsilon", a.epsilon())
                    .put("steps", a.steps()).put("restarts", a.restarts()).put("targets", a.targets());
            if (Double.isNaN(a.stepSize())) n.putNull("stepSize");
            else n.put("stepSize", a.stepSize());
            n.put("randomStart", a.randomStart()).put("seed", a.seed());
        }
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
        JsonNode n;
        try {
            n = SpecJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SpecException("", "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (n == null) throw new SpecException("", "empty file");
        return fromTree(n);
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
                JsonFields f = JsonFields.of(ev, "robustEvaluation");
                JsonNode step = f.node("stepSize");
                double stepSize = step == null || step.isNull() ? Double.NaN : number(step, "stepSize");
                attack = new AttackSpec(f.string("attack", null), f.string("norm", null), f.number("epsilon", Double.NaN), f.integer("steps", 0),
                        f.integer("restarts", 0), f.integer("targets", -1), stepSize, bool(f.node("randomStart"), "randomStart"),
                        f.longInteger("seed", 0));
                f.finish();
            } catch (SpecException e) {
                throw e.within("robustEvaluation");
            }
        }
        int certify = root.integer("certifySize", -1);
        root.finish();
        return new TrainSpec(experiment, attack, certify);
    }

    private static double number(JsonNode v, String key) {
        if (!v.isNumber()) throw new SpecException(key, "expected a number, got " + v);
        return v.asDouble();
    }

    private static boolean bool(JsonNode v, String key) {
        if (v == null || !v.isBoolean()) throw new SpecException(key, "expected true or false, got " + v);
        return v.asBoolean();
    }
}
