package radlab.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import radlab.report.AtomicFiles;
import radlab.report.CsvTable;
import radlab.report.StagedDirectory;

/**
 * A figure: its data table (written as CSV) and the chart rendered from that same table, plus the text of its
 * README. Series are built only through {@link #column}, so the CSV and the plot cannot disagree.
 */
public record Figure(String name, String title, CsvTable table, XYChart chart, String description) {
    /** Numeric values of {@code column} for the rows that pass {@code filter}, in table order. */
    public static double[] column(CsvTable t, String column, Predicate<List<Object>> filter) {
        int c = t.header().indexOf(column);
        if (c < 0) throw new IllegalArgumentException("no column " + column + " in " + t.header());
        List<Double> v = new ArrayList<>();
        for (List<Object> r : t.rows()) if (filter.test(r)) v.add(((Number) r.get(c)).doubleValue());
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Rows whose {@code column} equals {@code value}. */
    public static Predicate<List<Object>> where(CsvTable t, String column, Object value) {
        int c = t.header().indexOf(column);
        if (c < 0) throw new IllegalArgumentException("no column " + column + " in " + t.header());
        return r -> value.equals(r.get(c));
    }

    /**
     * Writes {@code dir/NAME.png}, {@code NAME.svg}, {@code NAME.csv} and {@code README.md} (with the given provenance
     * text appended) into a staged directory, so the figure appears complete or not at all.
     */
    public Path write(Path dir, String readmeExtra) {
        return write(dir, readmeExtra, false);
    }

    /** As {@link #write(Path, String)}; {@code overwrite} also replaces a {@code dir} that is not a radlab report. */
    public Path write(Path dir, String readmeExtra, boolean overwrite) {
        try (StagedDirectory staged = StagedDirectory.create(dir, overwrite)) {
            Path p = staged.path();
            table.write(p.resolve(name + ".csv"));
            Charts.savePng(chart, p.resolve(name + ".png"));
            AtomicFiles.write(p.resolve(name + ".svg"), out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
            AtomicFiles.writeString(p.resolve("README.md"), "# " + title + "\n\n" + description + "\n\nFiles: `" + name + ".png`, `" + name
                    + ".svg` (the figure), `" + name + ".csv` (the data behind it, one row per point).\n\n" + readmeExtra);
            return staged.commit();
        }
    }
}
