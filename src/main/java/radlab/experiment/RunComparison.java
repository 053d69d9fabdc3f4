package radlab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.Model;

/**
 * A recorded run against its re-execution: every recorded value (a JSON leaf of results.json, by dotted path) old vs
 * new, and the weights, each compared bit for bit. Timings (any path containing "seconds") and the description
 * sections (spec, provenance, config) are left out: they are expected to differ or are the input, not the output; so is an
 * attack report's complete verification (testVerification), whose outcomes depend on a wall-time budget and are not in its spec.
 */
public record RunComparison(List<Value> values, long weights, long weightsDiffering, double maxWeightDifference) {
    public static final Set<String> NOT_COMPARED = Set.of("spec", "provenance", "config", "testVerification");

    public RunComparison {
        values = List.copyOf(values);
    }

    /** One recorded value: its path, old and new text, and whether they are identical (numbers: the same double bits). */
    public record Value(String path, String recorded, String rerun, boolean identical) {}

    public boolean identical() {
        return weightsDiffering == 0 && values.stream().allMatch(Value::identical);
    }

    public long valuesDiffering() {
        return values.stream().filter(v -> !v.identical()).count();
    }

    /** Compares {@code recorded} (results.json as read) with {@code rerun} (the new results as a tree), and the two models' weights. */
    public static RunComparison of(JsonNode recorded, JsonNode rerun, Model recordedModel, Model rerunModel) {
        List<Value> values = new ArrayList<>();
        compare("", recorded, rerun, values);
        long n = 0, diff = 0;
        double max = 0;
        List<INDArray> a = recordedModel == null ? List.of() : recordedModel.parameters(), b = rerunModel == null ? List.of() : rerunModel.parameters();
        if (a.size() != b.size()) throw new IllegalArgumentException("the rerun's network has " + b.size() + " parameter arrays, the recorded one " + a.size());
        for (int i = 0; i < a.size(); i++) {
            double[] x = a.get(i).castTo(DataType.DOUBLE).dup('c').data().asDouble(), y = b.get(i).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            if (x.length != y.length) throw new IllegalArgumentException("parameter array " + i + ": " + x.length + " recorded values, " + y.length + " rerun");
            for (int j = 0; j < x.length; j++) {
                n++;
                if (Double.doubleToRawLongBits(x[j]) != Double.doubleToRawLongBits(y[j])) {
                    diff++;
                    max = Math.max(max, Math.abs(x[j] - y[j]));
                }
            }
        }
        return new RunComparison(values, n, diff, max);
    }

    private static void compare(String path, JsonNode old, JsonNode now, List<Value> out) {
        if (path.toLowerCase().contains("seconds")) return;
        if (old != null && old.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = old.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (path.isEmpty() && NOT_COMPARED.contains(e.getKey())) continue;
                compare(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), now == null ? null : now.get(e.getKey()), out);
            }
            return;
        }
        if (old != null && old.isArray()) {
            for (int i = 0; i < old.size(); i++) compare(path + "[" + i + "]", old.get(i), now == null ? null : now.get(i), out);
            if (now != null && now.isArray() && now.size() != old.size()) out.add(new Value(path + ".length", old.size() + "", now.size() + "", false));
            return;
        }
        String o = text(old), n = text(now);
        boolean same = old != null && now != null && (old.isNumber() && now.isNumber()
                ? Double.doubleToRawLongBits(old.doubleValue()) == Double.doubleToRawLongBits(now.doubleValue()) : o.equals(n) && !now.isContainerNode());
        out.add(new Value(path, o, n, same));
    }

    private static String text(JsonNode n) {
        if (n == null || n.isMissingNode()) return "(missing)";
        return n.isValueNode() ? n.asText() : n.toString();
    }
}
