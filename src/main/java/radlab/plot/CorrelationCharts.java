package radlab.plot;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.measures.MeasureCorrelation;

/** The {@code correlate} figure: τ and Ψ per measure against one gap, sorted by τ, with their bootstrap 95 % interval ends as triangles. */
public final class CorrelationCharts {
    private CorrelationCharts() {}

    /** @param rows the correlations of one gap, in display order */
    public static CategoryChart forGap(String gap, List<MeasureCorrelation> rows) {
        int width = Math.max(800, 60 * rows.size() + 200);
        CategoryChart c = new CategoryChartBuilder().width(width).height(650).title("Rank correlation with " + gap + " (triangles: 95 % bootstrap interval ends)")
                .xAxisTitle("measure").yAxisTitle("Kendall τ / granulated Ψ").build();
        Styler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        c.getStyler().setXAxisLabelRotation(60);
        c.getStyler().setYAxisMin(-1.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setOverlapped(true);
        List<String> names = rows.stream().map(MeasureCorrelation::measure).toList();
        bars(c, "τ", names, rows.stream().map(r -> nan0(r.tau())).toList(), new Color(31, 119, 180, 170));
        bars(c, "Ψ", names, rows.stream().map(r -> nan0(r.psi())).toList(), new Color(255, 127, 14, 170));
        ends(c, "τ 2.5/97.5 %", names, rows.stream().map(MeasureCorrelation::tauLow).toList(), rows.stream().map(MeasureCorrelation::tauHigh).toList(),
                new Color(31, 119, 180));
        ends(c, "Ψ 2.5/97.5 %", names, rows.stream().map(MeasureCorrelation::psiLow).toList(), rows.stream().map(MeasureCorrelation::psiHigh).toList(),
                new Color(255, 127, 14));
        return c;
    }

    /** The correlations as a markdown table (the {@code correlate} report's and the correlation figure's). */
    public static String markdown(List<MeasureCorrelation> rows, int models, List<String> axes) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Rank correlation of each measure with each gap over %d models%s (95 %% bootstrap intervals)%n%n", models,
                axes.isEmpty() ? "" : ", Ψ over the axes " + String.join(", ", axes)));
        sb.append("| gap | measure | τ | τ 95 % | Ψ | Ψ 95 % |\n|---|---|---|---|---|---|\n");
        for (MeasureCorrelation r : rows) {
            sb.append(String.format("| %s | %s | %.3f | [%.3f, %.3f] | %.3f | [%.3f, %.3f] |%n", r.gap(), r.measure(), r.tau(), r.tauLow(), r.tauHigh(),
                    r.psi(), r.psiLow(), r.psiHigh()));
        }
        return sb.toString();
    }

    private static void bars(CategoryChart c, String name, List<String> x, List<Double> y, Color color) {
        CategorySeries s = c.addSeries(name, x, y);
        s.setChartCategorySeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Bar);
        s.setFillColor(color);
    }

    private static void ends(CategoryChart c, String name, List<String> x, List<Double> low, List<Double> high, Color color) {
        for (int k = 0; k < 2; k++) {
            CategorySeries s = c.addSeries(k == 0 ? name : name + " ", x, (k == 0 ? low : high).stream().map(CorrelationCharts::nan0).toList());
            s.setChartCategorySeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
            s.setMarker(k == 0 ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.TRIANGLE_DOWN);
            s.setMarkerColor(color);
            if (k == 1) s.setShowInLegend(false);
        }
    }

    /** Undefined values are drawn at 0 (the CSV and markdown table show them as NaN). */
    private static double nan0(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
