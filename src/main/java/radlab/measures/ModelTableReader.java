package radlab.measures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.report.CsvTable;

/**
 * Reads a results table (CSV with a header, one row per model) into a {@link ModelTable}. Column roles, when not given:
 * hyper-parameters are the columns named {@code spec.*} or {@code hp_*} except {@code spec.seed}, which, when present
 * and not named a hyper-parameter, is the replicate held fixed in Ψ's groups; gaps are the numeric columns whose name ends in
 * {@code gap} or contains {@code gap_} or {@code _gap}; measures are every other numeric column. A numeric column is
 * one whose non-empty cells all parse as numbers (empty cells and "NaN" are missing values).
 */
public final class ModelTableReader {
    /** The table and the roles chosen for its columns. */
    public record Roles(ModelTable table, List<String> gaps, List<String> measures) {
        public Roles {
            gaps = List.copyOf(gaps);
            measures = List.copyOf(measures);
        }
    }

    /** The seed column of a sweep's table (radlab.experiment.sweep.SpecColumns.SEED). */
    static final String SEED = "spec.seed";

    private ModelTableReader() {}

    /** Empty lists mean "use the default rule" for that role. Throws IllegalArgumentException with one clear line. */
    public static Roles read(Path file, List<String> hyper, List<String> gaps, List<String> measures) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("results table " + file + " does not exist");
        List<List<String>> cells;
        try {
            cells = CsvTable.read(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read results table " + file + ": " + e.getMessage());
        }
        if (cells.size() < 4) throw new IllegalArgumentException("results table " + file + " has " + Math.max(0, cells.size() - 1) + " rows; rank correlations need at least 3 models");
        List<String> header = cells.get(0);
        List<List<String>> rows = cells.subList(1, cells.size());
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).size() != header.size()) throw new IllegalArgumentException("row " + (r + 1) + " of " + file + " has " + rows.get(r).size() + " cells, the header " + header.size());
        }
        Map<String, double[]> numeric = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            double[] v = parse(rows, c);
            if (v != null) numeric.put(header.get(c), v);
        }
        List<String> h = hyper.isEmpty() ? header.stream().filter(n -> (n.startsWith("spec.") && !n.equals(SEED)) || n.startsWith("hp_")).toList()
                : hyper;
        int seed = h.contains(SEED) ? -1 : header.indexOf(SEED);
        List<String> g = gaps.isEmpty() ? numeric.keySet().stream().filter(n -> !h.contains(n) && isGap(n)).toList() : gaps;
        List<String> m = measures.isEmpty() ? numeric.keySet().stream().filter(n -> !h.contains(n) && !g.contains(n) && !n.equals(SEED)).toList()
                : measures;
        for (String n : h) if (!header.contains(n)) throw new IllegalArgumentException("no hyper-parameter column '" + n + "' in " + file);
        for (String n : concat(g, m)) {
            if (!header.contains(n)) throw new IllegalArgumentException("no column '" + n + "' in " + file);
            if (!numeric.containsKey(n)) throw new IllegalArgumentException("column '" + n + "' of " + file + " is not numeric");
        }
        if (g.isEmpty()) throw new IllegalArgumentException("no gap column in " + file + " (none is named *gap*); name them with --gaps");
        if (m.isEmpty()) throw new IllegalArgumentException("no measure column in " + file + "; name them with --measures");
        List<List<String>> hv = new ArrayList<>();
        for (List<String> row : rows) hv.add(h.stream().map(n -> row.get(header.indexOf(n))).toList());
        Map<String, double[]> used = new LinkedHashMap<>();
        for (String n : concat(g, m)) used.put(n, numeric.get(n));
        List<String> replicates = rows.stream().map(row -> seed < 0 ? "" : row.get(seed)).toList();
        return new Roles(new ModelTable(h, hv, replicates, used), g, m);
    }

    static boolean isGap(String name) {
        String n = name.toLowerCase();
        return n.endsWith("gap") || n.contains("gap_") || n.contains("_gap");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The column as numbers (NaN for empty/NaN cells), or null if some cell is not a number or all are missing. */
    private static double[] parse(List<List<String>> rows, int c) {
        double[] v = new double[rows.size()];
        boolean any = false;
        for (int r = 0; r < rows.size(); r++) {
            String s = rows.get(r).get(c).trim();
            if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
                v[r] = Double.NaN;
                continue;
            }
            try {
                v[r] = Double.parseDouble(s);
                any = true;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return any ? v : null;
    }
}
