package radlab.measures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One row per model: hyper-parameter values (as text, compared for equality), the replicate (seed) it was trained with,
 * and named numeric columns (gaps and measures). Immutable; columns are copied in and out.
 *
 * <p>The replicate is not a hyper-parameter axis of Ψ but is held fixed in its groups: Jiang et al.'s groups vary exactly
 * one hyper-parameter, so two models that differ only by seed are never compared.
 */
public final class ModelTable {
    private final List<String> hyperNames;
    private final String[][] hyper; // [row][axis]
    private final String[] replicate; // [row]
    private final Map<String, double[]> numeric;
    private final int rows;

    /** A table without replicates: one model per hyper-parameter setting, as in Jiang et al.'s grid. */
    public ModelTable(List<String> hyperNames, List<List<String>> hyper, Map<String, double[]> numeric) {
        this(hyperNames, hyper, java.util.Collections.nCopies(hyper.size(), ""), numeric);
    }

    /**
     * @param hyperNames the hyper-parameter axes
     * @param hyper      per row, the value of each axis
     * @param replicates per row, its replicate (e.g. the seed), held fixed within Ψ's groups
     * @param numeric    column name → one value per row (NaN for missing)
     */
    public ModelTable(List<String> hyperNames, List<List<String>> hyper, List<String> replicates, Map<String, double[]> numeric) {
        this.hyperNames = List.copyOf(hyperNames);
        this.rows = hyper.size();
        if (replicates.size() != rows) throw new IllegalArgumentException(replicates.size() + " replicates for " + rows + " rows");
        this.replicate = replicates.toArray(String[]::new);
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

    /** The replicate (seed) of row {@code r}. */
    public String replicate(int r) {
        return replicate[r];
    }

    /**
     * Groups of rows that agree on every hyper-parameter except {@code axis} and on the replicate (Jiang et al.'s groups
     * for axis i, seed held fixed), as row index arrays (repeats of {@code rowSubset} kept), in order of first appearance.
     */
    public List<int[]> groupsVaryingOnly(int axis, int[] rowSubset) {
        Map<List<String>, List<Integer>> groups = new java.util.LinkedHashMap<>();
        for (int r : rowSubset) {
            List<String> key = new ArrayList<>(Arrays.asList(hyper[r]));
            key.remove(axis);
            key.add(replicate[r]);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return groups.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }
}
