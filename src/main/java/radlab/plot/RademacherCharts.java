package radlab.plot;

import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.rademacher.RademacherEstimate;

/** Convergence and sample-size plots for Rademacher estimates. Rendering only. */
public final class RademacherCharts {
    private RademacherCharts() {}

    /** Running mean over draws with its running confidence band, plus horizontal reference lines (closed-form bounds). */
    public static XYChart convergence(RademacherEstimate e, Map<String, Double> references) {
        XYChart c = Charts.lineChart("Monte Carlo convergence: " + e.functionClass(), "sign draws m", "estimate of R̂_S");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14));
        c.getStyler().setXAxisTickMarkSpacingHint(120);
        double[] d = e.draws();
        int m = d.length, start = Math.min(10, m);
        double[] x = new double[m - start + 1], mean = new double[x.length], lo = new double[x.length], hi = new double[x.length];
        double s = 0, s2 = 0;
        for (int i = 0; i < m; i++) {
            s += d[i];
            s2 += d[i] * d[i];
            int k = i + 1;
            if (k < start) continue;
            double mu = s / k, var = Math.max(0, (s2 - k * mu * mu) / (k - 1));
            double t = new TDistribution(k - 1).inverseCumulativeProbability(0.5 + e.confidence() / 2);
            int j = k - start;
            x[j] = k;
            mean[j] = mu;
            lo[j] = mu - t * Math.sqrt(var / k);
            hi[j] = mu + t * Math.sqrt(var / k);
        }
        XYSeries band = c.addSeries(String.format("%.0f%% CI", 100 * e.confidence()), x, hi);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        band.setMarker(SeriesMarkers.NONE);
        band.setLineColor(new Color(150, 180, 230));
        XYSeries low = c.addSeries(" ", x, lo);
        low.setMarker(SeriesMarkers.NONE);
        low.setLineColor(new Color(150, 180, 230));
        low.setShowInLegend(false);
        XYSeries run = c.addSeries("running mean", x, mean);
        run.setMarker(SeriesMarkers.NONE);
        run.setLineColor(new Color(30, 70, 170));
        int col = 0;
        Color[] colors = {new Color(200, 60, 40), new Color(40, 140, 60), new Color(120, 60, 160)};
        for (Map.Entry<String, Double> r : references.entrySet()) {
            XYSeries ref = c.addSeries(r.getKey(), new double[] {x[0], x[x.length - 1]}, new double[] {r.getValue(), r.getValue()});
            ref.setMarker(SeriesMarkers.NONE);
            ref.setLineColor(colors[col++ % colors.length]);
            ref.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
        }
        return c;
    }

    /** One point of an estimate-vs-n sweep. */
    public record SizePoint(int n, double estimate, double standardError, double bound) {}

    /** Estimate (± 2 s.e.) and bound vs n on log–log axes, with a c/√n reference through the first estimate. */
    public static XYChart versusSampleSize(List<SizePoint> points, String classDescription, String boundName) {
        XYChart c = Charts.lineChart("R̂_S vs sample size: " + classDescription, "sample size n", "R̂_S (log scale)");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setXAxisLogarithmicDecadeOnly(false);
        c.getStyler().setYAxisLogarithmicDecadeOnly(false);
        c.getStyler().setYAxisDecimalPattern("0.###");
        c.getStyler().setXAxisDecimalPattern("#");
        c.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14));
        double[] n = points.stream().mapToDouble(SizePoint::n).toArray();
        double[] est = points.stream().mapToDouble(SizePoint::estimate).toArray();
        double[] err = points.stream().mapToDouble(p -> 2 * p.standardError()).toArray();
        c.addSeries("Monte Carlo estimate (±2 s.e.)", n, est, err).setMarker(SeriesMarkers.CIRCLE);
        c.addSeries(boundName, n, points.stream().mapToDouble(SizePoint::bound).toArray()).setMarker(SeriesMarkers.SQUARE);
        double c0 = est[0] * Math.sqrt(n[0]);
        XYSeries ref = c.addSeries("c/√n through the first estimate", n, java.util.Arrays.stream(n).map(v -> c0 / Math.sqrt(v)).toArray());
        ref.setMarker(SeriesMarkers.NONE);
        ref.setLineColor(Color.GRAY);
        return c;
    }
}
