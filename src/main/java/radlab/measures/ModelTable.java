package radlab.measures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One row per model: hyper-parameter values (as text, compared for equality) and named numeric columns (gaps and
 * measures). Immutable; columns are copied in and out.
 */
public final class ModelTable {
    private final List<String> hyperNames;
    private final String[][] hyper; // [row][axis]
    private final Map<String, double[]> numeric;
    private final int rows;

    /**
     * @param hyperNames the hyper-parameter axes
     * @param hyper      per row, the value of each axis
     * @param numeric    column name → one value per row (NaN for missing)
     */
    public ModelTable(List<String> hyperNames, List<List<String>> hyper, Map<String, double[]> numeric) {
        this.hyperNames = List.copyOf(hyperNames);
        this.rows = hyper.size();
        this.hyper = new String[rows][];
        for (int r = 0; r < rows; r++) {
            if (hyper.get(r).size() != hyperNames.size()) throw new IllegalArgumentException("row " + r + " has " + hyper.get(r).size() + " hyper-parameters");
            this.hyper[r] = hyper.get(r).toArray(String[]::new);
        }
        var copy = new java.util.LinkedHashMap<String, double[]>();
        numeric.forEach((k, v) -> {
            if (v.length != rows) throw new IllegalArgumentException("column " + k + " has " + v.length + " values, the table " + rows + " rows");
            copy.put(k, v.clone());
        });
        this.numeric = java.util.Collections.unmodifiableMap(copy);
    }

    public int rows() {
        return rows;
    }

    public List<String> hyperNames() {
        return hyperNames;
    }

    public List<String> numericNames() {
        return List.copyOf(numeric.keySet());
    }

    public double[] column(String name) {
        double[] v = numeric.get(name);
        if (v == null) throw new IllegalArgumentException("no numeric column '" + name + "'");
        return v.clone();
    }

    /** The value of hyper-parameter {@code axis} in row {@code r}. */
    public String hyper(int r, int axis) {
        return hyper[r][axis];
    }

    /**
     * Groups of rows that agree on every hyper-parameter except {@code axis} (Jiang et al.'s groups for axis i), as row
     * index arrays, in order of first appearance.
     */
    public List<int[]> groupsVaryingOnly(int axis, int[] rowSubset) {
        Map<List<String>, List<Integer>> groups = new java.util.LinkedHashMap<>();
        for (int r : rowSubset) {
            List<String> key = new ArrayList<>(Arrays.asList(hyper[r]));
            key.remove(axis);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return groups.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }
}
