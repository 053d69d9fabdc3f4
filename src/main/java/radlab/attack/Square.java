package radlab.attack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.Model;
import radlab.nn.layer.ImageShape;

/**
 * The Square attack (Andriushchenko, Croce, Flammarion &amp; Hein 2020, "Square Attack: a query-efficient black-box
 * adversarial attack via random search", ECCV), the black-box part of AutoAttack, transcribed from fra31/auto-attack,
 * autoattack/square.py ({@code SquareAttack}, untargeted, margin loss, {@code resc_schedule=True}). It uses only the
 * logits, never a gradient, so it is the suite's check for gradient masking.
 *
 * <p>Random search on the margin loss L(x') = z_y(x') − max_{j≠y} z_j(x'): from an initial point in the ε-ball, each
 * query changes one square window of the image (side s, shrinking with the query index by {@link #pSelection}) and keeps
 * the change only if the loss strictly decreases or the sample becomes misclassified; a sample stops once its margin
 * is ≤ 0. ℓ∞: the start is vertical stripes x + ε·σ (one random sign per sample, channel and column) and a query sets
 * the window to x̂ ± 2ε (one random sign per channel), projected onto the ball and the box. ℓ2: the start and every
 * window use the {@link #eta} pattern of nested rectangles of opposite sign; a query moves the perturbation's mass of a
 * second random window into the first so that ‖δ‖₂ stays ε. As in the reference:
 * <ul>
 *   <li>one window position (and, in ℓ∞, one sign per channel) per query is shared by every sample still attacked;
 *   <li>the position is drawn from {0, …, h−s−1} ({@code random_int(0, h - s)}), so for s &lt; h the last row and
 *       column are never inside a window: in ℓ∞ they keep the signs of the start;
 *   <li>restarts run only on the samples not yet misclassified and continue one random stream, seeded per call.
 * </ul>
 *
 * <p>Images: the model's input shape (channels × height × width, NCHW rows); a model on flat inputs (an MLP) is read
 * as 1×s×s when d = s² (MNIST: 1×28×28). The ℓ2 version needs square images of side ≥ 5 (its start tiles the image
 * with blocks of side h/5). Arithmetic is in float64; the points are rounded to the model's precision before each
 * query, and what was queried is what is kept.
 *
 * <p>Output per sample: the misclassified point if one was found (the clean point if already misclassified), else
 * the lowest-margin point of the search (the reference returns the clean point there; radlab keeps the search's best
 * so that the robust loss reflects it).
 */
public final class Square implements SuiteStage {
    /** AutoAttack's standard version: 5000 queries, p_init = 0.8, one restart. */
    public static final int DEFAULT_QUERIES = 5000;
    public static final double DEFAULT_P_INIT = 0.8;
    public static final String NAME = "Square";
    private static final double TINY = 1e-12;

    private final ThreatModel threat;
    private final int queries;
    private final double pInit;
    private final int restarts;
    private final long seed;

    public Square(ThreatModel threat, int queries, double pInit, int restarts, long seed) {
        if (threat == null) throw new IllegalArgumentException("threat model is required");
        if (queries < 1) throw new IllegalArgumentException("Square queries must be ≥ 1, got " + queries);
        if (!(pInit > 0 && pInit <= 1)) throw new IllegalArgumentException("Square p_init must be in (0, 1], got " + pInit);
        if (restarts < 1) throw new IllegalArgumentException("Square restarts must be ≥ 1, got " + restarts);
        this.threat = threat;
        this.queries = queries;
        this.pInit = pInit;
        this.restarts = restarts;
        this.seed = seed;
    }

    /**
     * The fraction p of the image a window covers at query {@code it} (0-based) of {@code queries}: the query index is
     * rescaled to a 10000-query run, it' = ⌊it/queries·10000⌋, and p = p_init/2^k with k = 0 for it' ≤ 10, then 1, …, 9
     * above the breakpoints 10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000 (square.py {@code p_selection}).
     */
    public static double pSelection(int it, int queries, double pInit) {
        int i = (int) (it / (double) queries * 10000);
        if (10 < i && i <= 50) return pInit / 2;
        if (50 < i && i <= 200) return pInit / 4;
        if (200 < i && i <= 500) return pInit / 8;
        if (500 < i && i <= 1000) return pInit / 16;
        if (1000 < i && i <= 2000) return pInit / 32;
        if (2000 < i && i <= 4000) return pInit / 64;
        if (4000 < i && i <= 6000) return pInit / 128;
        if (6000 < i && i <= 8000) return pInit / 256;
        if (8000 < i) return pInit / 512;
        return pInit;
    }

    /**
     * Side of the ℓ∞ window: s = max(round(√(p·d/c)), 1), at most min(h, w); round is half-to-even as Python's
     * {@code round} (d = c·h·w features).
     */
    public static int linfSide(double p, ImageShape shape) {
        int s = Math.max((int) Math.rint(Math.sqrt(p * shape.size() / shape.channels())), 1);
        return Math.min(s, Math.min(shape.height(), shape.width()));
    }

    /** Side of the ℓ2 window: s = max(round(√(p·d/c)), 3), made odd by adding 1, at most min(h, w). */
    public static int l2Side(double p, ImageShape shape) {
        int s = Math.max((int) Math.rint(Math.sqrt(p * shape.size() / shape.channels())), 3);
        if (s % 2 == 0) s++;
        return Math.min(s, Math.min(shape.height(), shape.width()));
    }

    /** The image shape Square's windows live on: the model's input, or 1×s×s for a flat input of d = s² features. */
    public static ImageShape imageShape(Model model) {
        ImageShape in = model.architecture().input();
        return in.height() == 1 && in.channels() == 1 ? ImageShape.squareOrFlat(in.size()) : in;
    }

    @Override
    public INDArray perturb(Model model, INDArray x, int[] labels) {
        return run(model, x, labels, false).adversarial();
    }

    public Apgd.Result run(Model model, INDArray x, int[] labels) {
        return run(model, x, labels, false);
    }

    /** Square attacks only correctly classified samples ({@code attackMisclassified} is ignored: it has no loss to raise). */
    @Override
    public Apgd.Result run(Model model, INDArray x, int[] labels, boolean attackMisclassified) {
        INDArray x0 = model.prepareInput(x);
        int n = (int) x0.rows(), d = (int) x0.columns();
        ImageShape shape = imageShape(model);
        if (shape.size() != d) throw new IllegalArgumentException("model input shape " + shape + " does not match " + d + " features");
        if (threat.norm() == AttackNorm.L2 && (shape.height() != shape.width() || shape.height() < 5)) {
            throw new IllegalArgumentException("Square ℓ2 needs square images of side ≥ 5, got " + shape);
        }
        INDArray adversarial = x0.dup();
        if (n == 0) return new Apgd.Result(adversarial, Nd4j.zeros(x0.dataType(), 0, 1));
        double[][] clean = new double[n][];
        double[] flat = x0.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < n; i++) clean[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        Queries q = new Queries(model, labels);
        boolean[] correct = new boolean[n];
        double[] cleanMargin = q.margins(clean, all(n));
        for (int i = 0; i < n; i++) correct[i] = q.correct(i);
        double[] bestMargin = new double[n];
        java.util.Arrays.fill(bestMargin, Double.POSITIVE_INFINITY);
        double[][] out = new double[n][];
        if (threat.epsilon() > 0) {
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int restart = 0; restart < restarts; restart++) {
                int[] idx = java.util.stream.IntStream.range(0, n).filter(i -> correct[i]).toArray();
                if (idx.length == 0) break;
                double[][] xs = new double[idx.length][];
                for (int j = 0; j < idx.length; j++) xs[j] = clean[idx[j]];
                Run r = new Run(q, xs, sub(labels, idx), shape, rnd);
                if (threat.norm() == AttackNorm.LINF) r.linf();
                else r.l2();
                q.margins(r.xBest, all(idx.length), sub(labels, idx)); // the reference re-predicts the returned points
                for (int j = 0; j < idx.length; j++) {
                    int i = idx[j];
                    if (!q.correct(j)) {
                        correct[i] = false;
                        out[i] = r.xBest[j];
                    } else if (r.marginMin[j] < bestMargin[i]) {
                        bestMargin[i] = r.marginMin[j];
                        out[i] = r.xBest[j];
                    }
                }
            }
        }
        double[] fooled = new double[n];
        for (int i = 0; i < n; i++) {
            fooled[i] = correct[i] ? 0 : 1;
            if (out[i] != null && (!correct[i] || bestMargin[i] < cleanMargin[i])) {
                adversarial.putRow(i, Nd4j.createFromArray(out[i]).castTo(x0.dataType()));
            }
        }
        return new Apgd.Result(adversarial, Nd4j.createFromArray(fooled).reshape(n, 1).castTo(x0.dataType()));
    }

    private static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static int[] sub(int[] v, int[] idx) {
        int[] out = new int[idx.length];
        for (int j = 0; j < idx.length; j++) out[j] = v[idx[j]];
        return out;
    }

    /** Forward passes: margins of points rounded to the model's precision (the rounded points replace the inputs). */
    private static final class Queries {
        private final Model model;
        private final int[] labels;
        private boolean[] correct = new boolean[0];

        Queries(Model model, int[] labels) {
            this.model = model;
            this.labels = labels;
        }

        double[] margins(double[][] rows, int[] which) {
            return margins(rows, which, labels);
        }

        /**
         * z_y − max_{j≠y} z_j of each rows[which[k]] with label y[k]; those rows are replaced by their values in the
         * model's precision. Also records per k whether argmax z = y ({@link #correct}).
         */
        double[] margins(double[][] rows, int[] which, int[] y) {
            int m = which.length, d = rows[which[0]].length;
            double[] flat = new double[m * d];
            for (int k = 0; k < m; k++) System.arraycopy(rows[which[k]], 0, flat, k * d, d);
            INDArray pts = Nd4j.create(flat, new long[] {m, d}, DataType.DOUBLE).castTo(model.dataType());
            if (model.dataType() != DataType.DOUBLE) {
                double[] rounded = pts.castTo(DataType.DOUBLE).data().asDouble();
                for (int k = 0; k < m; k++) System.arraycopy(rounded, k * d, rows[which[k]], 0, d);
            }
            // one bulk copy of the logits: INDArray.toDoubleMatrix reads element by element, slower than the query itself
            double[] z = model.logits(pts).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            int classes = z.length / m;
            double[] margin = new double[m];
            correct = new boolean[m];
            for (int k = 0; k < m; k++) {
                int label = y[k], row = k * classes;
                double other = Double.NEGATIVE_INFINITY;
                int arg = 0;
                for (int j = 0; j < classes; j++) {
                    if (j != label) other = Math.max(other, z[row + j]);
                    if (z[row + j] > z[row + arg]) arg = j; // first maximum, as argmax
                }
                margin[k] = z[row + label] - other;
                correct[k] = arg == label;
            }
            return margin;
        }

        boolean correct(int k) {
            return correct[k];
        }
    }

    /** One run of square.py's {@code attack_single_run} on the samples {@code x} (rows, NCHW) with labels y. */
    private final class Run {
        final Queries q;
        final double[][] x;
        final int[] y;
        final ImageShape shape;
        final SplittableRandom rnd;
        final int c, h, w, m;
        final double eps = threat.epsilon();
        double[][] xBest;
        double[] marginMin, lossMin;

        Run(Queries q, double[][] x, int[] y, ImageShape shape, SplittableRandom rnd) {
            this.q = q;
            this.x = x;
            this.y = y;
            this.shape = shape;
            this.rnd = rnd;
            this.c = shape.channels();
            this.h = shape.height();
            this.w = shape.width();
            this.m = x.length;
        }

        int at(int ch, int r, int col) {
            return (ch * h + r) * w + col;
        }

        /** square.py {@code random_choice}: sign(2u − 1), u uniform on [0,1). */
        double randomChoice() {
            return Math.signum(2 * rnd.nextDouble() - 1);
        }

        /** square.py {@code random_int}: ⌊low + (high − low)·u⌋, so {low, …, high − 1} (low when high = low). */
        int randomInt(int low, int high) {
            return (int) (low + (high - low) * rnd.nextDouble());
        }

        /** Margins of xNew[k] for the attacked samples idx[k]: the margin loss, evaluated once per query. */
        double[] query(double[][] xNew, int[] idx) {
            return q.margins(xNew, all(xNew.length), sub(y, idx));
        }

        void start(double[][] x0) {
            xBest = x0;
            marginMin = query(xBest, all(m));
            lossMin = marginMin.clone();
        }

        /** Only-improve acceptance: keep a point whose loss is lower, or that is misclassified (margin ≤ 0). */
        void accept(int[] idx, double[][] xNew, double[] margin) {
            for (int k = 0; k < idx.length; k++) {
                int i = idx[k];
                boolean improved = margin[k] < lossMin[i];
                if (improved) lossMin[i] = margin[k];
                if (improved || margin[k] <= 0) {
                    marginMin[i] = margin[k];
                    xBest[i] = xNew[k];
                }
            }
        }

        int[] toFool() {
            return java.util.stream.IntStream.range(0, m).filter(i -> marginMin[i] > 0).toArray();
        }

        boolean allFooled() {
            for (double v : marginMin) if (!(v <= 0)) return false;
            return true;
        }

        boolean allBelowZero() {
            for (double v : marginMin) if (!(v < 0)) return false;
            return true;
        }

        void linf() {
            double[][] x0 = new double[m][];
            for (int i = 0; i < m; i++) {
                x0[i] = new double[x[i].length];
                for (int ch = 0; ch < c; ch++) {
                    for (int col = 0; col < w; col++) {
                        double sign = randomChoice(); // shape [n, c, 1, w]: one sign per column, all rows
                        for (int r = 0; r < h; r++) x0[i][at(ch, r, col)] = clip(x[i][at(ch, r, col)] + eps * sign, 0, 1);
                    }
                }
            }
            start(x0);
            if (allBelowZero()) return;
            for (int it = 0; it < queries; it++) {
                int[] idx = toFool();
                if (idx.length == 0) break; // only NaN margins left
                int s = linfSide(pSelection(it, queries, pInit), shape);
                int vh = randomInt(0, h - s), vw = randomInt(0, w - s);
                double[] sign = new double[c];
                for (int ch = 0; ch < c; ch++) sign[ch] = randomChoice();
                double[][] xNew = new double[idx.length][];
                for (int k = 0; k < idx.length; k++) {
                    double[] xc = x[idx[k]], v = xBest[idx[k]].clone();
                    for (int ch = 0; ch < c; ch++) {
                        for (int r = vh; r < vh + s; r++) for (int col = vw; col < vw + s; col++) v[at(ch, r, col)] += 2 * eps * sign[ch];
                    }
                    for (int j = 0; j < v.length; j++) v[j] = clip(Math.min(Math.max(v[j], xc[j] - eps), xc[j] + eps), 0, 1);
                    xNew[k] = v;
                }
                accept(idx, xNew, query(xNew, idx));
                if (allFooled()) break;
            }
        }

        void l2() {
            double[][] init = new double[m][x[0].length];
            int s0 = h / 5, sp = (h - s0 * 5) / 2;
            int vh = sp;
            for (int a = 0; a < h / s0; a++) {
                int vw = sp;
                for (int b = 0; b < w / s0; b++) {
                    double[][] e = eta(s0);
                    for (int i = 0; i < m; i++) {
                        for (int ch = 0; ch < c; ch++) {
                            double sign = randomChoice(); // shape [n, c, 1, 1]
                            for (int r = 0; r < s0; r++) for (int col = 0; col < s0; col++) init[i][at(ch, vh + r, vw + col)] += e[r][col] * sign;
                        }
                    }
                    vw += s0;
                }
                vh += s0;
            }
            double[][] x0 = new double[m][];
            for (int i = 0; i < m; i++) x0[i] = onSphere(x[i], init[i]);
            start(x0);
            if (allBelowZero()) return;
            for (int it = 0; it < queries; it++) {
                int[] idx = toFool();
                if (idx.length == 0) break;
                int s = l2Side(pSelection(it, queries, pInit), shape);
                int vh1 = randomInt(0, h - s), vw1 = randomInt(0, w - s);
                int vh2 = randomInt(0, h - s), vw2 = randomInt(0, w - s);
                double[][] e = eta(s);
                double[][] xNew = new double[idx.length][];
                for (int k = 0; k < idx.length; k++) {
                    double[] xc = x[idx[k]], xb = xBest[idx[k]];
                    double[] delta = new double[xc.length];
                    double normImage = 0;
                    for (int j = 0; j < delta.length; j++) {
                        delta[j] = xb[j] - xc[j];
                        normImage += delta[j] * delta[j];
                    }
                    normImage = Math.sqrt(normImage);
                    double[][] fresh = new double[c][];
                    for (int ch = 0; ch < c; ch++) {
                        double sign = randomChoice(); // shape [m, c, 1, 1], drawn after eta(s)
                        double window1 = 0, windows = 0;
                        for (int r = 0; r < h; r++) {
                            for (int col = 0; col < w; col++) {
                                double v = delta[at(ch, r, col)], v2 = v * v;
                                boolean in1 = r >= vh1 && r < vh1 + s && col >= vw1 && col < vw1 + s;
                                boolean in2 = r >= vh2 && r < vh2 + s && col >= vw2 && col < vw2 + s;
                                if (in1) window1 += v2;
                                if (in1 || in2) windows += v2;
                            }
                        }
                        window1 = Math.sqrt(window1);
                        windows = Math.sqrt(windows);
                        double[] nd = new double[s * s];
                        double ndNorm = 0;
                        for (int r = 0; r < s; r++) {
                            for (int col = 0; col < s; col++) {
                                double v = e[r][col] * sign + delta[at(ch, vh1 + r, vw1 + col)] / (TINY + window1);
                                nd[r * s + col] = v;
                                ndNorm += v * v;
                            }
                        }
                        double budget = Math.sqrt(Math.max(eps * eps - normImage * normImage, 0) / c + windows * windows);
                        double scale = budget / (TINY + Math.sqrt(ndNorm));
                        for (int t = 0; t < nd.length; t++) nd[t] *= scale;
                        fresh[ch] = nd;
                    }
                    for (int ch = 0; ch < c; ch++) {
                        for (int r = 0; r < s; r++) for (int col = 0; col < s; col++) delta[at(ch, vh2 + r, vw2 + col)] = 0;
                    }
                    for (int ch = 0; ch < c; ch++) {
                        for (int r = 0; r < s; r++) for (int col = 0; col < s; col++) delta[at(ch, vh1 + r, vw1 + col)] = fresh[ch][r * s + col];
                    }
                    xNew[k] = onSphere(xc, delta);
                }
                accept(idx, xNew, query(xNew, idx));
                if (allFooled()) break;
            }
        }

        /** clip(x + ε·δ/(‖δ‖₂ + 10⁻¹²), 0, 1): square.py's {@code normalize} for ℓ2, then the box. */
        double[] onSphere(double[] xc, double[] delta) {
            double norm = 0;
            for (double v : delta) norm += v * v;
            norm = Math.sqrt(norm) + TINY;
            double[] out = new double[xc.length];
            for (int j = 0; j < out.length; j++) out[j] = clip(xc[j] + delta[j] / norm * eps, 0, 1);
            return out;
        }

        /** square.py {@code eta}: rectangles of + above rectangles of −, unit ℓ2 norm, transposed with probability 1/2. */
        double[][] eta(int s) {
            double[][] e = new double[s][];
            double[][] top = etaRectangles(s / 2, s), bottom = etaRectangles(s - s / 2, s);
            for (int r = 0; r < s / 2; r++) e[r] = top[r];
            for (int r = s / 2; r < s; r++) {
                e[r] = bottom[r - s / 2];
                for (int col = 0; col < s; col++) e[r][col] = -e[r][col];
            }
            normalize(e);
            if (rnd.nextDouble() > 0.5) {
                double[][] t = new double[s][s];
                for (int r = 0; r < s; r++) for (int col = 0; col < s; col++) t[r][col] = e[col][r];
                return t;
            }
            return e;
        }
    }

    /**
     * square.py {@code eta_rectangles} for ℓ2: an a×b array of nested centred rectangles, the k-th (k = 0, 1, …) of
     * size (2k+1)×(2k+1) clipped to the array, each adding 1/(k+1)², normalised to unit ℓ2 norm.
     */
    static double[][] etaRectangles(int a, int b) {
        double[][] delta = new double[a][b];
        int xc = a / 2 + 1, yc = b / 2 + 1;
        int c0 = xc - 1, c1 = yc - 1;
        for (int k = 0; k < Math.max(xc, yc); k++) {
            for (int r = Math.max(c0, 0); r < Math.min(c0 + 2 * k + 1, a); r++) {
                for (int col = Math.max(0, c1); col < Math.min(c1 + 2 * k + 1, b); col++) delta[r][col] += 1.0 / ((k + 1.0) * (k + 1.0));
            }
            c0--;
            c1--;
        }
        normalize(delta);
        return delta;
    }

    private static void normalize(double[][] a) {
        double sum = 0;
        for (double[] row : a) for (double v : row) sum += v * v;
        double norm = Math.sqrt(sum);
        for (double[] row : a) for (int j = 0; j < row.length; j++) row[j] /= norm;
    }

    private static double clip(double v, double lo, double hi) {
        return Math.min(Math.max(v, lo), hi);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int minClasses() {
        return 2;
    }

    @Override
    public ThreatModel threat() {
        return threat;
    }

    public int queries() {
        return queries;
    }

    public double pInit() {
        return pInit;
    }

    @Override
    public String describe() {
        return String.format("Square-%d %s, p_init %s, %d restart%s", queries, threat, pInit, restarts, restarts == 1 ? "" : "s");
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attack", "square");
        m.put("loss", "margin");
        m.put("norm", threat.norm().toString());
        m.put("epsilon", threat.epsilon());
        m.put("queries", queries);
        m.put("pInit", pInit);
        m.put("restarts", restarts);
        m.put("seed", seed);
        return m;
    }
}
