package radlab.plot;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.report.AtomicFiles;
import radlab.train.EpochStats;
import radlab.train.TrainingHistory;

/** XChart figures for radlab results. Rendering only: every number plotted comes from a result object or CSV. */
public final class Charts {
    private Charts() {}

    /** Readable defaults for all radlab line charts. */
    public static XYChart lineChart(String title, String xTitle, String yTitle) {
        return lineChart(title, xTitle, yTitle, 800, 500);
    }

    /** As {@link #lineChart(String, String, String)} with a given size in pixels (wide charts leave room for long legends). */
    public static XYChart lineChart(String title, String xTitle, String yTitle, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        c.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        c.getStyler().setMarkerSize(7);
        return c;
    }

    /** Train and test accuracy (%) per epoch. */
    public static XYChart accuracyCurves(TrainingHistory h, String title) {
        XYChart c = lineChart(title, "epoch", "accuracy (%)");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double[] x = epochs(h.epochs());
        c.addSeries("train", x, h.epochs().stream().mapToDouble(e -> 100 * e.train().accuracy()).toArray()).setMarker(SeriesMarkers.CIRCLE);
        c.addSeries("test", x, h.epochs().stream().mapToDouble(e -> 100 * e.test().accuracy()).toArray()).setMarker(SeriesMarkers.SQUARE);
        return c;
    }

    /** Train and test cross-entropy per epoch. */
    public static XYChart lossCurves(TrainingHistory h, String title) {
        XYChart c = lineChart(title, "epoch", "cross-entropy loss (nats)");
        double[] x = epochs(h.epochs());
        c.addSeries("train", x, h.epochs().stream().mapToDouble(e -> e.train().loss()).toArray()).setMarker(SeriesMarkers.CIRCLE);
        c.addSeries("test", x, h.epochs().stream().mapToDouble(e -> e.test().loss()).toArray()).setMarker(SeriesMarkers.SQUARE);
        return c;
    }

    /** Attack loss vs surrogate per sample, with the line y = x: points above it are samples the surrogate bounds. */
    public static XYChart surrogateScatter(radlab.attack.SurrogateComparison s, String title) {
        return scatterAgainstDiagonal(title, "attack (PGD) loss per sample (nats)", "surrogate ℓ + √2·ε·‖J‖ (nats)",
                String.format("samples (%.1f%% on or above y = x)", 100 * s.fractionBounded()), s.attackLoss(), s.surrogate());
    }

    /** A scatter of (x, y) points with the line y = x from 0 to the largest value, drawn as series "y = x". */
    public static XYChart scatterAgainstDiagonal(String title, String xTitle, String yTitle, String pointsName, double[] x, double[] y) {
        XYChart c = lineChart(title, xTitle, yTitle);
        c.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(4);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.addSeries(pointsName, x, y);
        double hi = Math.max(java.util.Arrays.stream(x).max().orElse(1), java.util.Arrays.stream(y).max().orElse(1));
        org.knowm.xchart.XYSeries diag = c.addSeries("y = x", new double[] {0, hi}, new double[] {0, hi});
        diag.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Line);
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineColor(Color.DARK_GRAY);
        return c;
    }

    private static double[] epochs(List<EpochStats> e) {
        return e.stream().mapToDouble(EpochStats::epoch).toArray();
    }

    /**
     * Tick labels for an axis whose 1, 2, … stand for {@code names}: the name at each integer tick. XChart rejects a
     * tick spacing whose labels are not all distinct, so fractional ticks are all labelled "" (never chosen) and the
     * integers outside 1…n short distinct blanks.
     */
    public static java.util.function.Function<Double, String> namedTicks(List<String> names) {
        return x -> {
            long k = Math.round(x);
            if (Math.abs(x - k) > 1e-6) return "";
            if (k >= 1 && k <= names.size()) return names.get((int) k - 1);
            return " ".repeat((int) Math.min(8, 1 + (k < 1 ? -k : k - names.size() + 3)));
        };
    }

    /** Writes a PNG atomically. */
    public static void savePng(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** Writes an SVG atomically. */
    public static void saveSvg(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        AtomicFiles.write(file, out -> org.knowm.xchart.VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    }

    /** Several charts side by side in one PNG (e.g. accuracy | loss). */
    public static void savePngGrid(List<? extends org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts, int columns, Path file) {
        AtomicFiles.write(file, out -> {
            java.awt.image.BufferedImage img = BitmapEncoder.getBufferedImage(charts.get(0));
            int w = img.getWidth(), h = img.getHeight();
            int rows = (charts.size() + columns - 1) / columns;
            java.awt.image.BufferedImage grid = new java.awt.image.BufferedImage(w * columns, h * rows, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = grid.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int i = 0; i < charts.size(); i++) g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % columns) * w, (i / columns) * h, null);
            g.dispose();
            if (!javax.imageio.ImageIO.write(grid, "png", out)) throw new IOException("no PNG writer available");
        });
    }
}
