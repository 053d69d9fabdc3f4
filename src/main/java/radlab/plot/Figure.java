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
 * README. Series are built only through {@link #column}, so the CSV and the plot cannot disagree. A figure of several
 * panels has {@code chart} as its first and {@code morePanels} after it, drawn two per row into one PNG and one SVG.
 */
public record Figure(String name, String title, CsvTable table, XYChart chart, String description, List<XYChart> morePanels) {
    public Figure {
        morePanels = List.copyOf(morePanels);
    }

    /** A figure of one chart. */
    public Figure(String name, String title, CsvTable table, XYChart chart, String description) {
        this(name, title, table, chart, description, List.of());
    }

    /** Every panel: {@code chart}, then {@code morePanels}. */
    public List<XYChart> panels() {
        List<XYChart> all = new ArrayList<>(List.of(chart));
        all.addAll(morePanels);
        return all;
    }

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
            if (morePanels.isEmpty()) {
                Charts.savePng(chart, p.resolve(name + ".png"));
                AtomicFiles.write(p.resolve(name + ".svg"), out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                        VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
            } else {
                Charts.savePngGrid(panels(), PANEL_COLUMNS, p.resolve(name + ".png"));
                AtomicFiles.write(p.resolve(name + ".svg"), out -> svgGrid(panels(), out));
            }
            AtomicFiles.writeString(p.resolve("README.md"), "# " + title + "\n\n" + description + "\n\nFiles: `" + name + ".png`, `" + name
                    + ".svg` (the figure), `" + name + ".csv` (the data behind it, one row per point).\n\n" + readmeExtra);
            return staged.commit();
        }
    }

    private static final int PANEL_COLUMNS = 2;

    /** The panels as one SVG, laid out as in the PNG (each panel at its own size, rows of {@link #PANEL_COLUMNS}). */
    private static void svgGrid(List<XYChart> panels, java.io.OutputStream out) throws java.io.IOException {
        de.erichseifert.vectorgraphics2d.VectorGraphics2D g = new de.erichseifert.vectorgraphics2d.VectorGraphics2D();
        int w = panels.get(0).getWidth(), h = panels.get(0).getHeight();
        for (int i = 0; i < panels.size(); i++) {
            java.awt.Graphics2D gi = (java.awt.Graphics2D) g.create((i % PANEL_COLUMNS) * w, (i / PANEL_COLUMNS) * h, w, h);
            panels.get(i).paint(gi, w, h);
            gi.dispose();
        }
        int rows = (panels.size() + PANEL_COLUMNS - 1) / PANEL_COLUMNS;
        new de.erichseifert.vectorgraphics2d.svg.SVGProcessor()
                .getDocument(g.getCommands(), new de.erichseifert.vectorgraphics2d.util.PageSize(0, 0, w * PANEL_COLUMNS, h * rows)).writeTo(out);
    }
}
