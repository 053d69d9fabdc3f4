package radlab.experiment.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.report.CsvTable;

/**
 * A sweep's rows as one table: the union of the rows' columns in first-seen order (rows of different depths or a
 * diverged point lack some columns; those cells are empty), each column typed DOUBLE, LONG or STRING by its values.
 */
public record ResultTable(List<String> columns, Map<String, Type> types, List<ResultRow> rows) {
    public enum Type { DOUBLE, LONG, STRING }

    public ResultTable {
        columns = List.copyOf(columns);
        types = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(types));
        rows = List.copyOf(rows);
    }

    public static ResultTable of(List<ResultRow> rows) {
        Map<String, Type> types = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            r.cells().forEach((k, v) -> {
                Type t = v instanceof Double ? Type.DOUBLE : v instanceof Long ? Type.LONG : Type.STRING;
                types.merge(k, t, ResultTable::widen);
            });
        }
        return new ResultTable(new ArrayList<>(types.keySet()), types, rows);
    }

    private static Type widen(Type a, Type b) {
        if (a == b) return a;
        if (a == Type.STRING || b == Type.STRING) return Type.STRING;
        return Type.DOUBLE;
    }

    /** Writes the table as CSV (atomically); numbers in Java's exact shortest form, missing cells empty. */
    public void writeCsv(Path file) {
        CsvTable t = new CsvTable(columns.toArray(String[]::new));
        for (ResultRow r : rows) {
            Object[] cells = new Object[columns.size()];
            for (int i = 0; i < cells.length; i++) {
                Object v = r.get(columns.get(i));
                cells[i] = v == null ? "" : String.valueOf(v);
            }
            t.add(cells);
        }
        t.write(file);
    }
}
