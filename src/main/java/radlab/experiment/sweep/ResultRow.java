package radlab.experiment.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One grid point's result: a flat, ordered map of named scalars (spec columns, metrics, bounds with their terms,
 * timings, provenance), in the spirit of the "measures as a flat dictionary" of Jiang et al. 2020. Values are
 * {@link Double}, {@link Long} or {@link String} only, so every row maps to CSV and Parquet columns without loss.
 */
public record ResultRow(Map<String, Object> cells) implements Serializable {
    /** Names of columns that vary from run to run even with equal seeds (wall-clock time): excluded when comparing engines. */
    public static boolean isTiming(String column) {
        return column.startsWith("time.");
    }

    public ResultRow {
        for (Map.Entry<String, Object> e : cells.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof Double || v instanceof Long || v instanceof String)) {
                throw new IllegalArgumentException("column " + e.getKey() + " holds " + (v == null ? "null" : v.getClass().getSimpleName())
                        + "; a result row holds Double, Long or String");
            }
        }
        cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    }

    public Object get(String column) {
        return cells.get(column);
    }

    public double number(String column) {
        Object v = cells.get(column);
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("column " + column + " is not numeric in this row: " + v);
    }

    public String string(String column) {
        return String.valueOf(cells.get(column));
    }

    /** The row without its timing columns (what must be identical across engines and worker counts). */
    public Map<String, Object> withoutTimings() {
        Map<String, Object> m = new LinkedHashMap<>();
        cells.forEach((k, v) -> {
            if (!isTiming(k)) m.put(k, v);
        });
        return m;
    }

    /** Builds a row in column order. */
    public static final class Builder {
        private final Map<String, Object> cells = new LinkedHashMap<>();

        public Builder put(String column, double v) {
            return add(column, v);
        }

        public Builder put(String column, long v) {
            return add(column, v);
        }

        public Builder put(String column, String v) {
            return add(column, v);
        }

        private Builder add(String column, Object v) {
            if (cells.put(column, v) != null) throw new IllegalStateException("duplicate column " + column);
            return this;
        }

        public ResultRow build() {
            return new ResultRow(cells);
        }
    }
}
