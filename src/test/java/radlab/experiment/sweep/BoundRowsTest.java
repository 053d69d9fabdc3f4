package radlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.data.Dataset;
import radlab.nn.ModelIO;
import radlab.nn.layer.LinearLayer;
import radlab.spec.ExperimentSpec;
import radlab.spec.SpecJson;

/**
 * The {@code norms.*} and {@code bound.*} columns of a sweep row, recomputed from the row's own columns by an
 * independent transcription of each source formula (docs/theory.md §5–§6), after the row has been through its storage
 * format ({@link RowCodec}). What the row does not record is computed here from the data or the kept model, as noted:
 * ‖X‖_F and B_x = max_i‖x_i‖₂ (the training split), d and K (the data), the layer shapes (arch, d, K), δ = 0.05
 * (docs/theory.md §6.2), ρ and Lip(σ′) (the activation's closed form); from the kept weights by a plain double
 * forward pass (J in closed form): the per-sample cross-entropy and ‖J(x_i)‖_F of the reconstruction's surrogate, the
 * training margins behind γ and R̂_γ, the layer norms and the empirical Lipschitz constant; from the network the spec
 * builds before training: the *_from_init distances. Every numeric bound.* and norms.* column must be recomputed here,
 * so a new column fails this test until it is.
 *
 * <p>Tolerance: 1e-9 relative. Every value is a float64 chain of at most a few dozen operations (or an ND4J reduction of
 * ≤ 2.4e5 terms against a plain loop) printed with Java's shortest round-trip repr, so the two sides agree to ~1e-13;
 * 1e-9 leaves room for that and still fails on any change of a constant or exponent. The spectral norms of the weights,
 * which the row takes from power iteration stopped at a relative change of 1e-10 (§5.1), are compared with an SVD at
 * 1e-7.
 */
class BoundRowsTest {
    static final double TOL = 1e-9;
    static final double DELTA = 0.05; // docs/theory.md §6.2: radlab uses δ = 0.05
    static final double SQRT2 = Math.sqrt(2);
    /** Power iteration stops at a relative change of 1e-10 per step (§5.1); an SVD is the reference. */
    static final double SPECTRAL_TOL = 1e-7;

    /** Runs one seconds-long point (double precision, so the model's own float64 numbers are what the row reads). */
    static String spec(String arch, String activation, int epochs, int batch) {
        return "{\"data\": {\"trainSize\": 300, \"testSize\": 100}, \"model\": {\"arch\": \"" + arch + "\", \"activation\": \""
                + activation + "\", \"precision\": \"double\"}, \"optimizer\": {\"epochs\": " + epochs + ", \"batchSize\": " + batch + ", \"learningRate\": 0.01},"
                + " \"evaluation\": {\"attackSteps\": 2, \"evalSize\": 50}, \"seed\": 3}";
    }

    static ResultRow runPoint(String arch, String activation, int epochs, int batch, Path modelDir) throws Exception {
        ExperimentSpec spec = SpecJson.parse(spec(arch, activation, epochs, batch));
        PointTask task = new PointTask(SpecJson.canonical(spec), "p", SweepData.load(spec.data()).hash(), "test-code", modelDir.toString());
        ResultRow row = RowCodec.decode(PointRunner.runEncoded(task), "p");
        assertEquals("ok", row.string(PointRunner.STATUS));
        return row;
    }

    /** Columns that disagree, all reported at once so that one run names every column a change affects. */
    private final List<String> mismatches = new ArrayList<>();
    private final java.util.Set<String> checked = new java.util.TreeSet<>();

    private void close(double expected, ResultRow row, String column) {
        close(expected, row, column, TOL);
    }

    private void close(double expected, ResultRow row, String column, double tol) {
        double actual = row.number(column);
        assertTrue(Double.isFinite(expected), column + ": reference value " + expected);
        checked.add(column);
        if (!(Math.abs(expected - actual) <= tol * Math.abs(expected))) {
            mismatches.add(column + ": expected " + expected + ", row has " + actual + " (relative " + Math.abs(actual / expected - 1) + ")");
        }
    }

    /**
     * The q-th percentile as Commons Math's default estimator defines it (position p = q(n+1)/100 in the sorted
     * sample, linear interpolation, clamped to the extremes), written out here.
     */
    static double percentile(double[] v, double q) {
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        double pos = q * (sorted.length + 1) / 100;
        if (pos < 1) return sorted[0];
        if (pos >= sorted.length) return sorted[sorted.length - 1];
        int lo = (int) Math.floor(pos);
        return sorted[lo - 1] + (pos - lo) * (sorted[lo] - sorted[lo - 1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp:16|relu|1|50", "mlp:12,8|tanh|6|10"})
    void boundAndNormColumnsEqualTheSourceFormulasRecomputedFromTheRow(String point, @TempDir Path dir) throws Exception {
        String arch = point.split("\\|")[0], act = point.split("\\|")[1];
        int epochs = Integer.parseInt(point.split("\\|")[2]), batch = Integer.parseInt(point.split("\\|")[3]);
        Path modelDir = dir.resolve("model");
        ResultRow row = runPoint(arch, act, epochs, batch, modelDir);
        assertEquals(act, row.string("spec.activation"));

        // Not in the row: the training split's statistics, computed here with plain loops.
        ExperimentSpec spec = SpecJson.parse(spec(arch, act, epochs, batch));
        Dataset train = SweepData.load(spec.data()).split().train();
        double[][] x = train.features().castTo(DataType.DOUBLE).toDoubleMatrix();
        int n = (int) row.number("spec.train_size"), d = x[0].length;
        assertEquals(n, x.length);
        int classes = 0;
        for (int y : train.labels()) classes = Math.max(classes, y + 1);
        double sumSq = 0, maxNorm = 0;
        for (double[] xi : x) {
            double s = 0;
            for (double v : xi) s += v * v;
            sumSq += s;
            maxNorm = Math.max(maxNorm, Math.sqrt(s));
        }
        double xF = Math.sqrt(sumSq), bx = maxNorm;
        // Layer shapes from the arch string: d → h_1 → … → K.
        List<Integer> widths = new ArrayList<>(List.of(d));
        for (String w : arch.substring(4).split(",")) widths.add(Integer.parseInt(w));
        widths.add(classes);
        int depth = widths.size() - 1;
        long maxEntries = 0;
        for (int i = 0; i < depth; i++) maxEntries = Math.max(maxEntries, (long) widths.get(i) * widths.get(i + 1));
        // ρ = sup|σ′| and Lip(σ′) = sup|σ″|: ReLU 1 and ∞; tanh 1 and |(tanh)″| = 2t(1 − t²) at t = 1/√3, 4/(3√3).
        double rho = 1, slopeLip = act.equals("relu") ? Double.POSITIVE_INFINITY : 2 / Math.sqrt(3) * (1 - 1.0 / 3);

        // The row's own norms.
        double[] s = new double[depth], f = new double[depth], b = new double[depth];
        for (int i = 0; i < depth; i++) {
            String p = "norms.layer" + (i + 1) + ".";
            s[i] = row.number(p + "spectral");
            f[i] = row.number(p + "frobenius");
            b[i] = row.number(p + "l21");
        }
        assertFalse(row.cells().containsKey("norms.layer" + (depth + 1) + ".spectral"), "one norms.layerK group per weight layer");
        double gamma = row.number("bound.margin_gamma"), marginLoss = row.number("bound.train_margin_loss");

        // §5.4: ρ^{L−1}∏‖A_i‖_σ.
        double prodS = 1, prodF = 1;
        for (int i = 0; i < depth; i++) {
            prodS *= rho * s[i];
            prodF *= f[i];
        }
        prodS /= rho; // ρ on the L − 1 hidden layers only
        close(prodS, row, "norms.lipschitz_upper_bound");

        // §6.3 in the form of Graf et al.'s code (rkwitt/excess_capacity, bounds/rademacher_bounds.py): C_i =
        // (4/γ)(‖X‖_F/√n)(∏_l ρ s_l)(b_i/s_i), then (Σ C_i^{2/3})^{3/2}, times (c·ln n/√n)·√ln(2W̄), plus 4/n.
        double sumC = 0;
        for (int i = 0; i < depth; i++) sumC += Math.cbrt(Math.pow((4 / gamma) * (xF / Math.sqrt(n)) * prodS * (b[i] / s[i]), 2));
        double dudley = Math.pow(sumC, 1.5) * Math.sqrt(Math.log(2.0 * maxEntries)) * Math.log(n) / Math.sqrt(n);
        double bftComplexity = 9 * dudley, grafComplexity = 12 * dudley; // BFT Lemma A.8 (Bounds.bartlett); Graf Thm 3.5 (ours_norms)
        close(4.0 / n, row, "bound.bft_rademacher.discretisation");
        close(bftComplexity, row, "bound.bft_rademacher.complexity");
        close(4.0 / n + bftComplexity, row, "bound.bft_rademacher.total");
        close(4.0 / n, row, "bound.graf_bft_rademacher.discretisation");
        close(grafComplexity, row, "bound.graf_bft_rademacher.complexity");
        close(4.0 / n + grafComplexity, row, "bound.graf_bft_rademacher.total");

        // §6.4: BFT Theorem 1.1 at fixed γ: R̂_γ + 2·R̂_S(F_γ) + 3√(ln(2/δ)/(2n)) (§6.2 with M = 1).
        double confidence01 = 3 * Math.sqrt(Math.log(2 / DELTA) / (2.0 * n));
        close(marginLoss, row, "bound.bft_margin.margin_loss");
        close(2 * (4.0 / n + bftComplexity), row, "bound.bft_margin.rademacher");
        close(confidence01, row, "bound.bft_margin.confidence");
        close(marginLoss + 2 * (4.0 / n + bftComplexity) + confidence01, row, "bound.bft_margin.total");

        // §6.5 NTS 2015 (p = q = 2, Graf et al.'s constant) and §6.6 GRS 2018 Theorem 1.
        double nts = Math.pow(2, depth - 1) * prodF * xF / (SQRT2 * n);
        double grs = (Math.sqrt(2 * Math.log(2) * depth) + 1) * prodF * xF / n;
        close(nts, row, "bound.nts_rademacher.rademacher");
        close(nts, row, "bound.nts_rademacher.total");
        close(grs, row, "bound.grs_rademacher.rademacher");
        close(grs, row, "bound.grs_rademacher.total");

        // §6.7, radlab's reconstruction. The per-sample loss and ‖J(x_i)‖_F are not in the row: recomputed from the
        // kept weights by a plain forward pass, J(x) = A_L·D_{L−1}·A_{L−1}⋯D_1·A_1 with D_i = diag σ′(z_i).
        List<LinearLayer> layers = ModelIO.load(modelDir).model().linearLayers();
        assertEquals(depth, layers.size());
        double[][][] a = new double[depth][][];
        double[][] bias = new double[depth][];
        for (int i = 0; i < depth; i++) {
            a[i] = layers.get(i).weight().castTo(DataType.DOUBLE).transpose().toDoubleMatrix(); // out × in
            bias[i] = layers.get(i).bias().castTo(DataType.DOUBLE).toDoubleVector();
        }
        double[] loss = new double[n], jf = new double[n], margin = new double[n];
        int[] labels = train.labels();
        for (int k = 0; k < n; k++) {
            Forward fw = forward(a, bias, act, x[k]);
            double[] h = fw.logits();
            double[][] jac = fw.jacobian();
            double max = Double.NEGATIVE_INFINITY, se = 0;
            for (double v : h) max = Math.max(max, v);
            for (double v : h) se += Math.exp(v - max);
            loss[k] = max + Math.log(se) - h[labels[k]];
            double other = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < h.length; j++) if (j != labels[k]) other = Math.max(other, h[j]);
            margin[k] = h[labels[k]] - other;
            double fro = 0;
            for (double[] r : jac) for (double v : r) fro += v * v;
            jf[k] = Math.sqrt(fro);
        }
        // docs/theory.md §6.1: γ = max(10th percentile of the training margins f_y − max_{j≠y} f_j, 1e-3), and R̂_γ
        // the fraction of training margins ≤ γ.
        double gammaRef = Math.max(percentile(margin, 10), 1e-3);
        long atMost = java.util.Arrays.stream(margin).filter(m -> m <= gammaRef).count();
        assertEquals(act.equals("tanh"), percentile(margin, 10) > 1e-3, "the ReLU point has γ at its floor, the tanh point above it");
        close(gammaRef, row, "bound.margin_gamma");
        close(atMost / (double) n, row, "bound.train_margin_loss");
        double stable = 0, cumulative = 0, running = 1;
        for (int i = 0; i < depth; i++) stable += Math.cbrt(Math.pow(f[i] / s[i], 2));
        for (int i = 0; i < depth - 1; i++) {
            running *= s[i];
            cumulative += running;
        }
        boolean smooth = Double.isFinite(slopeLip);
        double sFactor = smooth ? 1 + slopeLip * bx * cumulative : 1;
        double lip = SQRT2; // cross-entropy is √2-Lipschitz in ‖·‖₂ on the logits (§2.4)
        double bftSum = 0;
        for (int i = 0; i < depth; i++) bftSum += Math.cbrt(Math.pow(b[i] / s[i], 2));
        double ra = prodS * Math.pow(bftSum, 1.5);
        for (String norm : List.of("l2", "linf")) {
            String p = "bound.paper_" + norm + ".";
            double eps = row.number("spec.epsilon_" + norm), kappa = norm.equals("l2") ? 1 : Math.sqrt(d);
            double mean = 0, range = 0;
            for (int k = 0; k < n; k++) {
                double g = loss[k] + lip * eps * kappa * jf[k];
                mean += g / n;
                range = Math.max(range, g);
            }
            double standard = 2 * SQRT2 * lip * (xF / n) * ra; // c_std = 1, Maurer's √2
            double jacobian = 2 * lip * eps * kappa * prodS * Math.pow(stable, 1.5) * sFactor / Math.sqrt(n); // c_jac = 1
            double conf = 3 * range * Math.sqrt(Math.log(2 / DELTA) / (2.0 * n));
            double total = mean + standard + jacobian + conf;
            close(mean, row, p + "train_surrogate");
            close(standard, row, p + "standard_complexity");
            close(jacobian, row, p + "jacobian_complexity");
            close(conf, row, p + "confidence");
            if (smooth) {
                double beta = slopeLip * prodS * cumulative;
                double remainder = lip * beta * eps * eps * kappa * kappa / 2;
                close(remainder, row, p + "remainder");
                total += remainder;
            } else {
                assertFalse(row.cells().containsKey(p + "remainder"), "no remainder for ReLU");
            }
            close(total, row, p + "total");
        }

        // §5.2–§5.3 from the kept weights: ‖A‖_F, ‖Aᵀ‖_{2,1} = Σ_rows‖A_i,:‖₂, ‖Aᵀ‖_{1,∞} = max_rows Σ|A_ij|, ‖A‖_σ by
        // SVD (Commons Math), and the ℓ2 path norm √(1ᵀ(A_L∘A_L)⋯(A_1∘A_1)1).
        double[] paths = new double[d];
        java.util.Arrays.fill(paths, 1);
        for (int i = 0; i < depth; i++) {
            double fro = 0, l21 = 0, l1inf = 0;
            double[] next = new double[a[i].length];
            for (int r = 0; r < a[i].length; r++) {
                double rowSq = 0, rowAbs = 0;
                for (int c = 0; c < a[i][r].length; c++) {
                    rowSq += a[i][r][c] * a[i][r][c];
                    rowAbs += Math.abs(a[i][r][c]);
                    next[r] += a[i][r][c] * a[i][r][c] * paths[c];
                }
                fro += rowSq;
                l21 += Math.sqrt(rowSq);
                l1inf = Math.max(l1inf, rowAbs);
            }
            paths = next;
            String p = "norms.layer" + (i + 1) + ".";
            close(Math.sqrt(fro), row, p + "frobenius");
            close(l21, row, p + "l21");
            close(l1inf, row, p + "l1inf");
            double sigma = new SingularValueDecomposition(new Array2DRowRealMatrix(a[i])).getSingularValues()[0];
            close(sigma, row, p + "spectral", SPECTRAL_TOL);
        }
        double pathSq = 0;
        for (double v : paths) pathSq += v;
        close(Math.sqrt(pathSq), row, "norms.path_l2");

        // *_from_init: distances from the network the spec builds before training (the same factory as radlab train).
        List<LinearLayer> init = radlab.spec.SpecFactory.network(spec, train).linearLayers();
        for (int i = 0; i < depth; i++) {
            double[][] a0 = init.get(i).weight().castTo(DataType.DOUBLE).transpose().toDoubleMatrix();
            double[][] diff = new double[a0.length][a0[0].length];
            double fro = 0;
            for (int r = 0; r < a0.length; r++) {
                for (int c = 0; c < a0[0].length; c++) {
                    diff[r][c] = a[i][r][c] - a0[r][c];
                    fro += diff[r][c] * diff[r][c];
                }
            }
            String p = "norms.layer" + (i + 1) + ".";
            close(Math.sqrt(fro), row, p + "frobenius_from_init");
            double sigma = new SingularValueDecomposition(new Array2DRowRealMatrix(diff)).getSingularValues()[0];
            close(sigma, row, p + "spectral_from_init", SPECTRAL_TOL);
        }

        // §5.4: the empirical Lipschitz constant max ‖J(x)‖₂ over the test evaluation subsample (the one every robust
        // test metric uses).
        Dataset testEval = PointRunner.testEval(spec, SweepData.load(spec.data()).split());
        double[][] xt = testEval.features().castTo(DataType.DOUBLE).toDoubleMatrix();
        double empirical = 0;
        for (double[] xi : xt) {
            double[][] jac = forward(a, bias, act, xi).jacobian();
            empirical = Math.max(empirical, new SingularValueDecomposition(new Array2DRowRealMatrix(jac)).getSingularValues()[0]);
        }
        close(empirical, row, "norms.empirical_lipschitz", SPECTRAL_TOL);

        java.util.Set<String> unchecked = new java.util.TreeSet<>();
        for (String c : row.cells().keySet()) {
            if ((c.startsWith("bound.") || c.startsWith("norms.")) && row.get(c) instanceof Double && !checked.contains(c)) unchecked.add(c);
        }
        assertEquals(java.util.Set.of(), unchecked, "numeric bound/norm columns not recomputed here");
        assertEquals(List.of(), mismatches);
    }

    record Forward(double[] logits, double[][] jacobian) {}

    /** Logits of the kept MLP at x and its input Jacobian J(x) = A_L·D_{L−1}·A_{L−1}⋯D_1·A_1, D_i = diag σ′(z_i). */
    static Forward forward(double[][][] a, double[][] bias, String act, double[] x) {
        int depth = a.length, d = x.length;
        double[] h = x;
        double[][] jac = null;
        for (int i = 0; i < depth; i++) {
            double[] z = affine(a[i], bias[i], h);
            jac = i == 0 ? copy(a[0]) : multiply(a[i], jac);
            if (i < depth - 1) {
                for (int r = 0; r < z.length; r++) {
                    double slope = act.equals("relu") ? (z[r] > 0 ? 1 : 0) : 1 - Math.tanh(z[r]) * Math.tanh(z[r]);
                    for (int c = 0; c < d; c++) jac[r][c] *= slope;
                    z[r] = act.equals("relu") ? Math.max(z[r], 0) : Math.tanh(z[r]);
                }
            }
            h = z;
        }
        return new Forward(h, jac);
    }

    static double[] affine(double[][] a, double[] bias, double[] h) {
        double[] z = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            double v = bias[r];
            for (int c = 0; c < h.length; c++) v += a[r][c] * h[c];
            z[r] = v;
        }
        return z;
    }

    static double[][] multiply(double[][] a, double[][] m) {
        double[][] out = new double[a.length][m[0].length];
        for (int r = 0; r < a.length; r++) {
            for (int k = 0; k < m.length; k++) {
                double v = a[r][k];
                if (v == 0) continue;
                for (int c = 0; c < m[0].length; c++) out[r][c] += v * m[k][c];
            }
        }
        return out;
    }

    static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) out[r] = m[r].clone();
        return out;
    }
}
