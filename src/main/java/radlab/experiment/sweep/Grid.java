package radlab.experiment.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import radlab.spec.ExperimentSpec;
import radlab.spec.SpecException;
import radlab.spec.SpecJson;

/**
 * A sweep's grid, read from JSON and expanded into experiment specs before anything runs:
 * <pre>
 * {"name": "lambda-seeds",
 *  "base":   {"data": {"trainSize": 4000}, "optimizer": {"epochs": 3}},          // over the defaults
 *  "points": [{"objective": {"kind": "plain"}},                                 // explicit points (default: [{}])
 *             {"objective": {"kind": "l2-jacobian", "lambda": 0.01}}],
 *  "axes":   {"model.arch": ["mlp:128", "mlp:128,128"], "seed": [1, 2, 3]}}      // Cartesian product
 * </pre>
 * Every point is combined with every combination of the axes (the first axis varies slowest). A spec is built as
 * defaults ← base ← point (objects merge key by key, except {@code objective}, which a later value replaces whole
 * because its fields depend on its kind) ← each axis value, set at the axis's dotted path. Every mistake — unknown
 * key, bad value, empty axis, two points that are the same experiment — is one {@link SpecException} naming the key
 * path in the grid, e.g. {@code axes.optimizer.learningRate[1]: must be positive and finite, got -0.1}.
 */
public record Grid(String name, List<ExperimentSpec> points) {
    public static final int MAX_POINTS = 100_000;
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "base", "points", "axes");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Grid {
        points = List.copyOf(points);
    }

    /**
     * The grid's identity: SHA-256 over its points' canonical spec JSON in order (not its name, not the data or code
     * version): two grids with the same identity produce the same rows in the same order.
     */
    public String identity() {
        StringBuilder b = new StringBuilder();
        for (ExperimentSpec s : points) b.append(SpecJson.canonical(s)).append('\n');
        return radlab.spec.SpecHash.sha256(b.toString());
    }

    public static Grid read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read grid " + file + ": " + e.getMessage());
        }
    }

    public static Grid parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SpecException("grid", "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("") + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()));
        }
        if (root == null || !root.isObject()) throw new SpecException("grid", "expected a JSON object");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TOP_KEYS.contains(k)) throw new SpecException(k, "unknown key; a grid has " + String.join(", ", List.of("name", "description", "base", "points", "axes")));
        }
        JsonNode nameNode = root.path("name");
        if (!nameNode.isMissingNode() && !(nameNode.isTextual() && nameNode.asText().matches("[A-Za-z0-9._-]{1,64}"))) {
            throw new SpecException("name", "must be 1-64 letters, digits, '.', '_' or '-', got " + nameNode);
        }
        String name = nameNode.isMissingNode() ? "sweep" : nameNode.asText();
        ObjectNode base = object(root.get("base"), "base");
        check(base, "base");
        List<ObjectNode> points = new ArrayList<>();
        JsonNode pts = root.get("points");
        if (pts == null) points.add(base);
        else {
            if (!pts.isArray() || pts.isEmpty()) throw new SpecException("points", "must be a non-empty list of partial specs");
            for (int i = 0; i < pts.size(); i++) {
                ObjectNode p = merge(base, object(pts.get(i), "points[" + i + "]"));
                check(p, "points[" + i + "]");
                points.add(p);
            }
        }
        Map<String, List<JsonNode>> axes = axes(root.get("axes"), points);
        List<ExperimentSpec> specs = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < points.size(); i++) expand(points.get(i), "points[" + i + "]", new ArrayList<>(axes.entrySet()), 0, specs, seen);
        return new Grid(name, specs);
    }

    private static Map<String, List<JsonNode>> axes(JsonNode node, List<ObjectNode> probes) {
        Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
        if (node == null) return axes;
        if (!node.isObject()) throw new SpecException("axes", "expected an object of \"dotted.path\": [values]");
        long count = 1;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = e.getKey();
            if (!e.getValue().isArray() || e.getValue().isEmpty()) throw new SpecException("axes." + path, "must be a non-empty list of values");
            List<JsonNode> values = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                JsonNode v = e.getValue().get(i);
                int unknown = 0;
                for (ObjectNode probe : probes) {
                    try {
                        SpecJson.fromTree(assign(probe, path, v));
                    } catch (SpecException ex) {
                        // The key itself (or a parent) unknown: not a field of this point. An error at or below the
                        // key: the value is bad. Anything else is cross-field, depends on the other axes, and is
                        // reported for the combination by expand().
                        boolean atOrAbove = path.equals(ex.path()) || path.startsWith(ex.path() + ".");
                        if (atOrAbove && ex.problem().startsWith("unknown key")) unknown++;
                        else if (atOrAbove || ex.path().startsWith(path + ".")) {
                            throw new SpecException("axes." + path + "[" + i + "]", ex.getMessage());
                        }
                    }
                }
                if (unknown == probes.size()) throw new SpecException("axes." + path, "not a spec field");
                values.add(v);
            }
            axes.put(path, values);
            count *= values.size();
            if (count > MAX_POINTS) throw new SpecException("axes", "the grid expands to more than " + MAX_POINTS + " points");
        }
        return axes;
    }

    private static void expand(ObjectNode spec, String label, List<Map.Entry<String, List<JsonNode>>> axes, int depth,
                               List<ExperimentSpec> out, Map<String, String> seen) {
        if (depth == axes.size()) {
            ExperimentSpec s;
            try {
                s = SpecJson.fromTree(spec);
            } catch (SpecException e) {
                throw new SpecException(label, e.getMessage());
            }
            String previous = seen.putIfAbsent(SpecJson.canonical(s), label);
            if (previous != null) throw new SpecException(label, "is the same experiment as " + previous + "; remove one");
            if (out.size() >= MAX_POINTS) throw new SpecException("grid", "expands to more than " + MAX_POINTS + " points");
            out.add(s);
            return;
        }
        Map.Entry<String, List<JsonNode>> axis = axes.get(depth);
        for (int i = 0; i < axis.getValue().size(); i++) {
            expand(assign(spec, axis.getKey(), axis.getValue().get(i)), label + " " + axis.getKey() + "[" + i + "]", axes, depth + 1, out, seen);
        }
    }

    /** Validates a partial spec, naming the path under {@code where}. */
    private static void check(ObjectNode partial, String where) {
        try {
            SpecJson.fromTree(partial);
        } catch (SpecException e) {
            throw e.within(where);
        }
    }

    private static ObjectNode object(JsonNode n, String where) {
        if (n == null) return MAPPER.createObjectNode();
        if (!n.isObject()) throw new SpecException(where, "expected a JSON object (a partial spec)");
        return (ObjectNode) n;
    }

    /** {@code over} merged onto a copy of {@code base}: objects key by key, except objective (replaced whole). */
    static ObjectNode merge(ObjectNode base, ObjectNode over) {
        ObjectNode out = base.deepCopy();
        over.fields().forEachRemaining(e -> {
            JsonNode old = out.get(e.getKey());
            if (old instanceof ObjectNode o && e.getValue() instanceof ObjectNode n && !e.getKey().equals("objective")) out.set(e.getKey(), merge(o, n));
            else out.set(e.getKey(), e.getValue().deepCopy());
        });
        return out;
    }

    /** A copy of {@code spec} with {@code value} set at the dotted {@code path} (intermediate objects created). */
    static ObjectNode assign(ObjectNode spec, String path, JsonNode value) {
        ObjectNode out = spec.deepCopy();
        String[] keys = path.split("\\.", -1);
        ObjectNode cur = out;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode next = cur.get(keys[i]);
            if (!(next instanceof ObjectNode)) next = cur.putObject(keys[i]);
            cur = (ObjectNode) next;
        }
        cur.set(keys[keys.length - 1], value.deepCopy());
        return out;
    }
}
