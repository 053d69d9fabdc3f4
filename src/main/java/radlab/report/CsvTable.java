package radlab.report;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A small in-memory table written as CSV (Commons CSV, RFC 4180) atomically, and printable as aligned text. */
public final class CsvTable {
    private final List<String> header;
    private final List<List<Object>> rows = new ArrayList<>();

    public CsvTable(String... header) {
        this.header = List.of(header);
    }

    public CsvTable add(Object... row) {
        if (row.length != header.size()) {
            throw new IllegalArgumentException("row has " + row.length + " cells, header has " + header.size());
        }
        rows.add(List.of(row));
        return this;
    }

    public List<String> header() {
        return header;
    }

    public List<List<Object>> rows() {
        return List.copyOf(rows);
    }

    public void write(Path file) {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).build());
            for (List<Object> r : rows) p.printRecord(r);
            p.flush();
        });
    }

    /** Reads a CSV written by {@link #write} back as strings (header first). */
    public static List<List<String>> read(Path file) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (var parser = CSVFormat.RFC4180.parse(java.nio.file.Files.newBufferedReader(file))) {
            parser.forEach(rec -> out.add(rec.toList()));
        }
        return out;
    }

    @Override
    public String toString() {
        int[] width = new int[header.size()];
        List<List<String>> cells = new ArrayList<>();
        cells.add(header);
        for (List<Object> r : rows) cells.add(r.stream().map(CsvTable::format).toList());
        for (List<String> r : cells) for (int i = 0; i < r.size(); i++) width[i] = Math.max(width[i], r.get(i).length());
        StringBuilder sb = new StringBuilder();
        for (List<String> r : cells) {
            for (int i = 0; i < r.size(); i++) sb.append(String.format("%" + width[i] + "s", r.get(i))).append(i + 1 < r.size() ? "  " : "\n");
        }
        return sb.toString();
    }

    private static String format(Object o) {
        if (o instanceof Double d) return String.format("%.4g", d);
        return String.valueOf(o);
    }
}
