package radlab.plot;

import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import radlab.experiment.NormsAnalysis;

/** The figure of {@code radlab norms}: histograms of the per-sample input-Jacobian norms. */
public final class NormsCharts {
    public static final int BINS = 20;

    private NormsCharts() {}

    /**
     * Histograms of ‖J‖_F, ‖J‖_{1,1} and ‖J‖₂ on the train and test samples, as frequency polygons on a log x-axis (the
     * three norms differ by orders of magnitude); each norm has {@value #BINS} log-spaced bins over its own range
     * (train and test share them), and y is the fraction of the sample in each bin. Binning is XChart's
     * {@link Histogram} applied to log₁₀ of the values.
     */
    public static XYChart jacobianHistogram(NormsAnalysis a) {
        String[] names = {"‖J‖_F", "‖J‖_{1,1}", "‖J‖₂"};
        double[][] train = {a.trainJacobians().frobenius(), a.trainJacobians().l11(), a.trainJacobians().operator()};
        double[][] test = {a.testJacobians().frobenius(), a.testJacobians().l11(), a.testJacobians().operator()};
        XYChart c = Charts.lineChart("Per-sample input-Jacobian norms", "norm (log scale)", "fraction of samples per bin", 1000, 550);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (int k = 0; k < names.length; k++) {
            double[] both = java.util.stream.DoubleStream.concat(Arrays.stream(train[k]), Arrays.stream(test[k])).toArray();
            double floor = Arrays.stream(both).filter(v -> v > 0).min().orElse(1); // a zero Jacobian (dead units) sits in the lowest bin
            double lo = Math.log10(floor), hi = Math.log10(Math.max(floor, Arrays.stream(both).max().orElse(floor)));
            if (hi - lo < 1e-6) {
                lo -= 0.05;
                hi += 0.05;
            }
            add(c, "train " + names[k], train[k], floor, lo, hi).setMarker(SeriesMarkers.CIRCLE);
            add(c, "test " + names[k], test[k], floor, lo, hi).setMarker(SeriesMarkers.SQUARE);
        }
        return c;
    }

    private static org.knowm.xchart.XYSeries add(XYChart c, String name, double[] v, double floor, double lo, double hi) {
        List<Double> logs = Arrays.stream(v).map(x -> Math.log10(Math.max(x, floor))).boxed().toList();
        Histogram h = new Histogram(logs, BINS, lo, hi + 1e-9 * (hi - lo)); // the max value falls inside the last bin
        double[] x = h.getxAxisData().stream().mapToDouble(b -> Math.pow(10, b)).toArray();
        double[] y = h.getyAxisData().stream().mapToDouble(n -> n / v.length).toArray();
        return c.addSeries(name, x, y);
    }
}
