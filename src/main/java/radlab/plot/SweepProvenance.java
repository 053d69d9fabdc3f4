package radlab.plot;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import radlab.experiment.sweep.ResultRow;
import radlab.experiment.sweep.ResultTable;
import radlab.experiment.sweep.SpecColumns;
import radlab.report.Provenance;

/**
 * The provenance section of a figure's README built from a sweep table: the figure's own settings, the spec (every
 * {@code spec.*} column with its distinct values), the seeds, the data hashes and code versions recorded in the rows,
 * and the versions of radlab, ND4J and Java that drew the figure. Formatting only.
 */
public final class SweepProvenance {
    private SweepProvenance() {}

    public static String markdown(ResultTable table, Map<String, Object> settings) {
        StringBuilder sb = new StringBuilder("## Provenance\n\n");
        if (!settings.isEmpty()) {
            sb.append("Figure settings:");
            settings.forEach((k, v) -> sb.append(" ").append(k).append(" = ").append(v).append(";"));
            sb.setLength(sb.length() - 1);
            sb.append(".\n\n");
        }
        sb.append(String.format("%d rows (models). Seeds: %s. Data SHA-256: %s. Code versions: %s.%n%n", table.rows().size(),
                distinct(table, SpecColumns.SEED), distinct(table, "provenance.data_hash"), distinct(table, "provenance.code_version")));
        sb.append("Spec (distinct values per field):\n\n");
        for (Map.Entry<String, Set<String>> e : specValues(table).entrySet()) {
            if (e.getKey().equals(SpecColumns.SEED)) continue;
            sb.append("- `").append(e.getKey()).append("`: ").append(String.join(", ", e.getValue())).append('\n');
        }
        sb.append(String.format("%nDrawn by radlab %s, ND4J %s, Java %s on %s %s.%n", Provenance.currentRadlabVersion(), Provenance.currentNd4jVersion(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch")));
        return sb.toString();
    }

    static String distinct(ResultTable t, String column) {
        Set<String> v = new LinkedHashSet<>();
        for (ResultRow r : t.rows()) if (r.get(column) != null) v.add(String.valueOf(r.get(column)));
        return v.isEmpty() ? "(not recorded)" : String.join(", ", v);
    }

    static Map<String, Set<String>> specValues(ResultTable t) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String c : t.columns()) {
            if (!c.startsWith("spec.")) continue;
            Set<String> v = new LinkedHashSet<>();
            for (ResultRow r : t.rows()) if (r.get(c) != null) v.add(String.valueOf(r.get(c)));
            out.put(c, v);
        }
        return out;
    }

    /** Helper for figures that are not built from a sweep: versions only. */
    public static String versions() {
        return String.format("Drawn by radlab %s, ND4J %s, Java %s on %s %s.%n", Provenance.currentRadlabVersion(), Provenance.currentNd4jVersion(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    static String join(List<String> l) {
        return String.join(", ", l);
    }
}
