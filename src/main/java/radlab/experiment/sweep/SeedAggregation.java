package radlab.experiment.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.report.CsvTable;

/**
 * Aggregates a sweep over seeds: one row per configuration ({@link SpecColumns#CONFIG}, i.e. equal specs but for the
 * seed) with its spec columns, the number of seeds, and for every numeric measured column X the columns
 * {@code X} (mean over seeds) and {@code X±} (half-width of the 95 % t-interval, {@link MeanInterval}). Only rows
 * with status "ok" enter; a configuration whose every seed diverged keeps its spec columns and n_seeds = 0.
 */
public final class SeedAggregation {
    public static final String N_SEEDS = "n_seeds";

    private SeedAggregation() {}

    public static CsvTable aggregate(ResultTable table) {
        List<String> keyColumns = new ArrayList<>(), measured = new ArrayList<>();
        for (String c : table.columns()) {
            if (c.equals(SpecColumns.SEED) || c.startsWith("provenance.") || c.equals(PointRunner.STATUS)) continue;
            if (c.equals(SpecColumns.CONFIG) || c.startsWith("spec.")) keyColumns.add(c);
            else if (table.types().get(c) != ResultTable.Type.STRING) measured.add(c);
        }
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow r : table.rows()) groups.computeIfAbsent(r.string(SpecColumns.CONFIG), k -> new ArrayList<>()).add(r);
        List<String> header = new ArrayList<>(keyColumns);
        header.add(N_SEEDS);
        for (String m : measured) {
            header.add(m);
            header.add(m + "±");
        }
        CsvTable out = new CsvTable(header.toArray(String[]::new));
        for (List<ResultRow> g : groups.values()) {
            List<Object> cells = new ArrayList<>();
            for (String k : keyColumns) cells.add(String.valueOf(g.get(0).get(k)));
            List<ResultRow> ok = g.stream().filter(r -> "ok".equals(r.get(PointRunner.STATUS))).toList();
            cells.add(ok.size());
            for (String m : measured) {
                double[] v = ok.stream().filter(r -> r.get(m) != null).mapToDouble(r -> r.number(m)).toArray();
                MeanInterval mi = MeanInterval.of(v);
                cells.add(v.length == 0 ? "" : String.valueOf(mi.mean()));
                cells.add(v.length == 0 ? "" : String.valueOf(mi.halfWidth()));
            }
            out.add(cells.toArray());
        }
        return out;
    }
}
