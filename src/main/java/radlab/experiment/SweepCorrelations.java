package radlab.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import radlab.experiment.sweep.PointRunner;
import radlab.experiment.sweep.ResultRow;
import radlab.experiment.sweep.ResultTable;
import radlab.experiment.sweep.SpecColumns;
import radlab.measures.CorrelationAnalysis;
import radlab.measures.MeasureCorrelation;
import radlab.measures.ModelTable;

/**
 * Which measure ranks a sweep's models like their gaps (docs/theory.md §10): turns a sweep {@link ResultTable} (one
 * row per trained model) into a {@link ModelTable} and correlates every measure with every gap.
 *
 * <p>Models: the rows with status "ok". Hyper-parameter axes of Ψ: the {@code spec.*} columns that take more than one
 * value, except the seed: seeds are repeats, not a hyper-parameter, and are held fixed within Ψ's groups (Jiang et al.'s
 * groups vary exactly one hyper-parameter, so two models that differ only by seed are never compared).
 * Measures: every numeric {@code bound.*}, {@code jacobian.*}, {@code norms.*} and {@code pacbayes.*} column (bound
 * totals and terms, the margin γ, Jacobian norms, per-layer norms, path norm, PAC-Bayes σ when present) that is not
 * constant, plus three derived from the per-layer norms: the products of the layers' spectral and Frobenius norms and
 * the distance from initialisation √(Σ_l ‖W_l − W_l⁰‖_F²).
 */
public final class SweepCorrelations {
    /** The default gaps: test − train cross-entropy, clean and under the ℓ2 and ℓ∞ attacks. */
    public static final List<String> DEFAULT_GAPS = List.of("gap.standard_loss", "gap.robust_l2_loss", "gap.robust_linf_loss");
    public static final String PRODUCT_SPECTRAL = "norms.product_spectral";
    public static final String PRODUCT_FROBENIUS = "norms.product_frobenius";
    public static final String DISTANCE_FROM_INIT = "norms.distance_from_init";
    private static final List<String> MEASURE_PREFIXES = List.of("bound.", "jacobian.", "norms.", "pacbayes.");

    /**
     * @param axes      hyper-parameter axes of Ψ
     * @param gaps      gap columns present in the table, in the requested order
     * @param measures  measure columns correlated
     * @param constant  measure columns left out because every model has the same value (τ undefined)
     * @param models    number of models (rows with status ok)
     * @param rows      per gap (in {@code gaps} order) the correlations sorted by decreasing τ, undefined τ last
     * @param resamples bootstrap resamples
     * @param seed      bootstrap seed
     */
    public record Result(List<String> axes, List<String> gaps, List<String> measures, List<String> constant, int models,
            List<MeasureCorrelation> rows, int resamples, long seed) {
        public Result {
            axes = List.copyOf(axes);
            gaps = List.copyOf(gaps);
            measures = List.copyOf(measures);
            constant = List.copyOf(constant);
            rows = List.copyOf(rows);
        }

        public List<MeasureCorrelation> forGap(String gap) {
            return rows.stream().filter(r -> r.gap().equals(gap)).toList();
        }
    }

    private SweepCorrelations() {}

    /**
     * @param gaps requested gap columns; those absent from the table are skipped, none present is an error
     */
    public static Result run(ResultTable table, List<String> gaps, int resamples, long seed) {
        ModelTable t = modelTable(table, gaps);
        List<String> present = gaps.stream().filter(t.numericNames()::contains).toList();
        List<String> measures = new ArrayList<>(), constant = new ArrayList<>();
        for (String c : t.numericNames()) {
            if (present.contains(c)) continue;
            double[] v = t.column(c);
            boolean varies = false;
            double first = Double.NaN;
            for (double x : v) {
                if (Double.isNaN(x)) continue;
                if (Double.isNaN(first)) first = x;
                else if (x != first) varies = true;
            }
            (varies ? measures : constant).add(c);
        }
        if (measures.isEmpty()) throw new IllegalArgumentException("no measure varies across the " + t.rows() + " models of the table");
        List<MeasureCorrelation> rows = new ArrayList<>();
        Comparator<MeasureCorrelation> byTau = Comparator.comparingDouble(r -> Double.isNaN(r.tau()) ? Double.POSITIVE_INFINITY : -r.tau());
        for (String g : present) {
            List<MeasureCorrelation> forGap = new ArrayList<>(CorrelationAnalysis.run(t, measures, List.of(g), resamples, seed));
            forGap.sort(byTau.thenComparing(MeasureCorrelation::measure));
            rows.addAll(forGap);
        }
        return new Result(t.hyperNames(), present, measures, constant, t.rows(), rows, resamples, seed);
    }

    /** The models of the table (status ok) with their axes, gap and measure columns, derived measures included. */
    static ModelTable modelTable(ResultTable table, List<String> gaps) {
        List<ResultRow> ok = table.rows().stream().filter(r -> "ok".equals(r.get(PointRunner.STATUS))).toList();
        if (ok.size() < 3) throw new IllegalArgumentException("the table has " + ok.size() + " trained models; rank correlations need at least 3");
        List<String> present = gaps.stream().filter(table.columns()::contains).toList();
        if (present.isEmpty()) throw new IllegalArgumentException("none of the gap columns " + gaps + " is in the table");
        List<String> axes = new ArrayList<>();
        for (String c : table.columns()) {
            if (!c.startsWith("spec.") || c.equals(SpecColumns.SEED)) continue;
            Set<String> values = new LinkedHashSet<>();
            for (ResultRow r : ok) values.add(String.valueOf(r.get(c)));
            if (values.size() > 1) axes.add(c);
        }
        Map<String, double[]> numeric = new LinkedHashMap<>();
        for (String g : present) numeric.put(g, column(ok, g));
        for (String c : table.columns()) {
            if (table.types().get(c) == ResultTable.Type.STRING || c.endsWith(".assumptions_met")) continue;
            if (MEASURE_PREFIXES.stream().anyMatch(c::startsWith)) numeric.put(c, column(ok, c));
        }
        double[] prodSpectral = new double[ok.size()], prodFrobenius = new double[ok.size()], distance = new double[ok.size()];
        boolean layers = false;
        for (int i = 0; i < ok.size(); i++) {
            double ps = 1, pf = 1, d2 = 0;
            int l = 1;
            for (ResultRow r = ok.get(i); r.get("norms.layer" + l + ".spectral") != null; l++) {
                ps *= r.number("norms.layer" + l + ".spectral");
                pf *= r.number("norms.layer" + l + ".frobenius");
                double d = r.number("norms.layer" + l + ".frobenius_from_init");
                d2 += d * d;
            }
            layers |= l > 1;
            prodSpectral[i] = l > 1 ? ps : Double.NaN;
            prodFrobenius[i] = l > 1 ? pf : Double.NaN;
            distance[i] = l > 1 ? Math.sqrt(d2) : Double.NaN;
        }
        if (layers) {
            numeric.put(PRODUCT_SPECTRAL, prodSpectral);
            numeric.put(PRODUCT_FROBENIUS, prodFrobenius);
            numeric.put(DISTANCE_FROM_INIT, distance);
        }
        List<List<String>> hyper = ok.stream().map(r -> axes.stream().map(a -> String.valueOf(r.get(a))).toList()).toList();
        List<String> seeds = ok.stream().map(r -> String.valueOf(r.get(SpecColumns.SEED))).toList();
        return new ModelTable(axes, hyper, seeds, numeric);
    }

    private static double[] column(List<ResultRow> rows, String c) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            Object x = rows.get(i).get(c);
            v[i] = x instanceof Number n ? n.doubleValue() : Double.NaN;
        }
        return v;
    }
}
