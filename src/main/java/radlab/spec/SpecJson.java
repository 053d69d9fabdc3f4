package radlab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of an {@link ExperimentSpec}. Writing puts every field, in a fixed order, with numbers as Java
 * prints them (shortest exact form), so equal specs give byte-identical {@link #canonical} text. The fields added
 * after the first sweeps ({@code data.dir}, {@code model.precision}, {@code optimizer.augmentShift}) are written only
 * when they differ from their defaults, so the content address of every earlier spec is unchanged. Reading is strict
 * (unknown key, wrong type, bad value → one {@link SpecException} naming the key path, e.g.
 * {@code optimizer.learningRate}) and fills missing fields from {@link Defaults}.
 */
public final class SpecJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SpecJson() {}

    /** Compact canonical text: the input of {@link SpecHash}. */
    public static String canonical(ExperimentSpec s) {
        try {
            return MAPPER.writeValueAsString(toTree(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode toTree(ExperimentSpec s) {
        ObjectNode root = F.objectNode();
        root.set("data", data(s.data()));
        ObjectNode m = root.putObject("model").put("arch", s.model().arch()).put("activation", s.model().activation());
        if (!s.model().precision().equals(Defaults.PRECISION)) m.put("precision", s.model().precision());
        root.set("objective", objective(s.objective()));
        OptimizerSpec o = s.optimizer();
        ObjectNode opt = root.putObject("optimizer").put("kind", o.kind()).put("learningRate", o.learningRate()).put("momentum", o.momentum())
                .put("batchSize", o.batchSize()).put("epochs", o.epochs()).put("weightDecay", o.weightDecay());
        if (o.augmentShift() != Defaults.AUGMENT_SHIFT) opt.put("augmentShift", o.augmentShift());
        EvaluationSpec e = s.evaluation();
        ObjectNode ev = root.putObject("evaluation").put("epsilonL2", e.epsilonL2()).put("epsilonLinf", e.epsilonLinf())
                .put("attackSteps", e.attackSteps()).put("evalSize", e.evalSize()); // later fields only when set, so that earlier sweeps keep their hashes
        if (e.attackTargets() != Defaults.ATTACK_TARGETS) ev.put("attackTargets", e.attackTargets());
        if (e.baselineSteps() != Defaults.BASELINE_STEPS) ev.put("baselineSteps", e.baselineSteps());
        if (e.certifySize() != Defaults.CERTIFY_SIZE) ev.put("certifySize", e.certifySize());
        if (e.verifyBudget() != Defaults.VERIFY_BUDGET) ev.put("verifyBudget", e.verifyBudget());
        root.put("seed", s.seed());
        return root;
    }

    /** The canonical JSON of a data spec alone (the {@code data} section of a spec). */
    public static ObjectNode data(DataSpec data) {
        ObjectNode d = F.objectNode();
        d.put("dataset", data.dataset()).put("trainSize", data.trainSize()).put("testSize", data.testSize()).put("splitSeed", data.splitSeed());
        if (data.dir() != null) d.put("dir", data.dir());
        return d;
    }

    static ObjectNode objective(ObjectiveSpec o) {
        ObjectNode n = F.objectNode().put("kind", o.kind());
        if (o instanceof ObjectiveSpec.JacobianL2 j) n.put("lambda", j.lambda()).put("projections", j.projections());
        else if (o instanceof ObjectiveSpec.JacobianL1 j) n.put("lambda", j.lambda());
        else if (o instanceof ObjectiveSpec.Adversarial a) {
            n.put("norm", a.norm()).put("epsilon", a.epsilon()).put("steps", a.steps());
            if (!Double.isNaN(a.stepSize())) n.put("stepSize", a.stepSize()); // only when set: earlier specs keep their hashes
        } else if (o instanceof ObjectiveSpec.Trades t) {
            n.put("beta", t.beta()).put("norm", t.norm()).put("epsilon", t.epsilon()).put("steps", t.steps());
            if (!Double.isNaN(t.stepSize())) n.put("stepSize", t.stepSize());
        } else if (o instanceof ObjectiveSpec.InputGradient g) n.put("lambda", g.lambda());
        else if (o instanceof ObjectiveSpec.Spectral sp) {
            n.put("lambda", sp.lambda());
            if (!Double.isNaN(sp.bound())) n.put("bound", sp.bound());
        }
        return n;
    }

    /** A data section on its own (the form {@link #data(DataSpec)} writes; missing fields take their defaults). */
    public static DataSpec data(JsonNode node) {
        JsonFields f = JsonFields.of(node, "data");
        DataSpec v = new DataSpec(f.string("dataset", Defaults.DATASET), f.integer("trainSize", Defaults.TRAIN_SIZE),
                f.integer("testSize", Defaults.TEST_SIZE), f.longInteger("splitSeed", Defaults.SPLIT_SEED), f.string("dir", null));
        f.finish();
        return v;
    }

    /** JSON text as a tree, or a one-line SpecException (the first line of the parser's message). */
    static JsonNode readTree(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SpecException("", "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (n == null) throw new SpecException("", "empty file");
        return n;
    }

    /** Parses JSON text (a full or partial spec; missing fields take their defaults). */
    public static ExperimentSpec parse(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SpecException("", "not valid JSON: " + e.getOriginalMessage());
        }
        return fromTree(n);
    }

    /**
     * A spec as a sweep point runs it. Sweeps read data and build networks through the same
     * {@code radlab.spec.SpecFactory} as {@code radlab train}, so {@code data.dir} and {@code model.precision}
     * mean the same everywhere (a directory's points are addressed by its contents' hash).
     */
    public static ExperimentSpec fromTree(JsonNode node) {
        return fromTreeWithLocalData(node);
    }

    /** The same as {@link #fromTree} (kept for train and rerun, which named it when sweeps rejected data.dir). */
    public static ExperimentSpec fromTreeWithLocalData(JsonNode node) {
        JsonFields root = JsonFields.of(node, "an experiment spec");
        DataSpec data = section("data", () -> data(root.node("data")));
        ModelSpec model = section("model", () -> {
            JsonFields f = JsonFields.of(root.node("model"), "model");
            ModelSpec v = new ModelSpec(f.string("arch", Defaults.ARCH), f.string("activation", Defaults.ACTIVATION),
                    f.string("precision", Defaults.PRECISION));
            f.finish();
            return v;
        });
        ObjectiveSpec objective = section("objective", () -> readObjective(root.node("objective")));
        OptimizerSpec optimizer = section("optimizer", () -> {
            JsonFields f = JsonFields.of(root.node("optimizer"), "optimizer");
            OptimizerSpec v = new OptimizerSpec(f.string("kind", Defaults.OPTIMIZER), f.number("learningRate", Defaults.LEARNING_RATE),
                    f.number("momentum", Defaults.MOMENTUM), f.integer("batchSize", Defaults.BATCH_SIZE), f.integer("epochs", Defaults.EPOCHS),
                    f.number("weightDecay", Defaults.WEIGHT_DECAY), f.integer("augmentShift", Defaults.AUGMENT_SHIFT));
            f.finish();
            return v;
        });
        EvaluationSpec evaluation = section("evaluation", () -> {
            JsonFields f = JsonFields.of(root.node("evaluation"), "evaluation");
            EvaluationSpec v = new EvaluationSpec(f.number("epsilonL2", Defaults.EPSILON_L2), f.number("epsilonLinf", Defaults.EPSILON_LINF),
                    f.integer("attackSteps", Defaults.ATTACK_STEPS), f.integer("evalSize", Defaults.EVAL_SIZE),
                    f.integer("attackTargets", Defaults.ATTACK_TARGETS), f.integer("baselineSteps", Defaults.BASELINE_STEPS),
                    f.integer("certifySize", Defaults.CERTIFY_SIZE), f.number("verifyBudget", Defaults.VERIFY_BUDGET));
            f.finish();
            return v;
        });
        long seed = root.longInteger("seed", Defaults.SEED);
        root.finish();
        return new ExperimentSpec(data, model, objective, optimizer, evaluation, seed);
    }

    static ObjectiveSpec readObjective(JsonNode node) {
        JsonFields f = JsonFields.of(node, "objective");
        String kind = f.string("kind", "plain");
        ObjectiveSpec v = switch (kind) {
            case "plain" -> new ObjectiveSpec.Plain();
            case "l2-jacobian" -> new ObjectiveSpec.JacobianL2(f.number("lambda", Defaults.LAMBDA), f.integer("projections", Defaults.PROJECTIONS));
            case "l1-jacobian" -> new ObjectiveSpec.JacobianL1(f.number("lambda", Defaults.LAMBDA));
            case "adversarial" -> new ObjectiveSpec.Adversarial(f.string("norm", Defaults.ADV_NORM), f.number("epsilon", Defaults.ADV_EPSILON),
                    f.integer("steps", Defaults.ADV_STEPS), f.number("stepSize", Double.NaN));
            case "trades" -> new ObjectiveSpec.Trades(f.number("beta", Defaults.TRADES_BETA), f.string("norm", Defaults.ADV_NORM),
                    f.number("epsilon", Defaults.ADV_EPSILON), f.integer("steps", Defaults.TRADES_STEPS), f.number("stepSize", Double.NaN));
            case "input-gradient" -> new ObjectiveSpec.InputGradient(f.number("lambda", Defaults.LAMBDA));
            case "spectral" -> new ObjectiveSpec.Spectral(f.number("lambda", Defaults.LAMBDA), f.number("bound", Double.NaN));
            default -> throw new SpecException("kind", "unknown objective '" + kind + "'; expected " + ObjectiveSpec.KINDS);
        };
        f.finish();
        return v;
    }

    private static <T> T section(String name, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (SpecException e) {
            throw e.within(name);
        }
    }
}
