package radlab.verify;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.nn.Model;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ActivationLayer;
import radlab.nn.layer.Dense;
import radlab.nn.layer.Flatten;
import radlab.nn.layer.Layer;

/**
 * A ReLU MLP f(x) = W_{H+1}·relu(… relu(W_1 x + b_1) …) + b_{H+1} in plain double arrays, math convention
 * (W_k is out × in), for the solvers' encodings and for re-checking candidate points in float64. A model's float32
 * parameters are converted exactly, so the network here is the model's evaluated in double precision.
 */
final class ReluNetwork {
    /** Weights per layer, out × in; the last layer is the logits layer. */
    final double[][][] w;
    final double[][] b;
    /** The same weights transposed, in × out: {@link #layer} runs over them as vectorisable axpy loops. */
    private final double[][][] wt;

    private ReluNetwork(double[][][] w, double[][] b) {
        this.w = w;
        this.b = b;
        this.wt = new double[w.length][][];
        for (int k = 0; k < w.length; k++) {
            wt[k] = new double[w[k][0].length][w[k].length];
            for (int o = 0; o < w[k].length; o++) for (int i = 0; i < w[k][o].length; i++) wt[k][i][o] = w[k][o][i];
        }
    }

    /** Why complete verification does not apply to the model (a reason sentence), or null when it does. */
    static String unsupportedReason(Model model) {
        boolean expectDense = true;
        for (Layer l : model.layers()) {
            if (l instanceof Flatten) continue;
            if (l instanceof Dense) {
                if (!expectDense) return "two dense layers without a ReLU between them";
                expectDense = false;
            } else if (l instanceof ActivationLayer a) {
                if (a.activation() != Activation.RELU) {
                    return "complete verification encodes ReLU exactly; the " + a.activation() + " activation has no exact mixed-integer or split encoding";
                }
                if (expectDense) return "an activation that does not follow a dense layer";
                expectDense = true;
            } else {
                return "complete verification supports dense and ReLU layers only, not " + l.describe();
            }
        }
        return expectDense ? "the network does not end in a dense (logits) layer" : null;
    }

    /** @throws IllegalArgumentException if {@link #unsupportedReason} is not null */
    static ReluNetwork of(Model model) {
        String why = unsupportedReason(model);
        if (why != null) throw new IllegalArgumentException(why);
        List<double[][]> ws = new ArrayList<>();
        List<double[]> bs = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (!(l instanceof Dense d)) continue;
            double[][] in = d.weight().castTo(DataType.DOUBLE).toDoubleMatrix(); // in × out
            double[][] t = new double[in[0].length][in.length];
            for (int i = 0; i < in.length; i++) for (int o = 0; o < in[0].length; o++) t[o][i] = in[i][o];
            ws.add(t);
            bs.add(d.bias().castTo(DataType.DOUBLE).reshape(d.outputSize()).toDoubleVector());
        }
        return new ReluNetwork(ws.toArray(double[][][]::new), bs.toArray(double[][]::new));
    }

    static ReluNetwork of(double[][][] w, double[][] b) {
        return new ReluNetwork(w, b);
    }

    /** Number of hidden (ReLU) layers H. */
    int hidden() {
        return w.length - 1;
    }

    int inputDim() {
        return w[0][0].length;
    }

    int classes() {
        return w[w.length - 1].length;
    }

    /** Width of hidden layer k (1-based, k ≤ H). */
    int width(int k) {
        return w[k - 1].length;
    }

    /**
     * W_k·v + b_k for layer k (0-based; k = H is the logits layer), summed as Σ_i v_i·(column i) ({@link #addScaledRows}),
     * skipping v_i = 0 (ReLU outputs).
     */
    double[] layer(int k, double[] v) {
        return addScaledRows(wt[k], v, b[k].clone());
    }

    /**
     * acc + Σ_i c_i·rows[i] over the rows with c_i ≠ 0, into acc (returned): four rows per pass over acc, so that it is
     * loaded and stored once per four multiply-adds; axpy loops the JIT vectorises, where a dot product per output is a
     * serial reduction it may not reorder. W·v is this over W's columns (its transpose's rows), Wᵀ·λ over W's rows.
     */
    static double[] addScaledRows(double[][] rows, double[] c, double[] acc) {
        int[] nonzero = new int[c.length];
        int m = 0;
        for (int i = 0; i < c.length; i++) if (c[i] != 0) nonzero[m++] = i;
        int n = acc.length, j = 0;
        for (; j + 3 < m; j += 4) {
            double[] r0 = rows[nonzero[j]], r1 = rows[nonzero[j + 1]], r2 = rows[nonzero[j + 2]], r3 = rows[nonzero[j + 3]];
            double c0 = c[nonzero[j]], c1 = c[nonzero[j + 1]], c2 = c[nonzero[j + 2]], c3 = c[nonzero[j + 3]];
            for (int o = 0; o < n; o++) acc[o] += (c0 * r0[o] + c1 * r1[o]) + (c2 * r2[o] + c3 * r3[o]);
        }
        for (; j < m; j++) {
            double cj = c[nonzero[j]];
            double[] row = rows[nonzero[j]];
            for (int o = 0; o < n; o++) acc[o] += cj * row[o];
        }
        return acc;
    }

    /** z += c·(column i of W_k): W_k·x + b_k after x_i changes by c. */
    void addColumn(int k, int i, double c, double[] z) {
        double[] col = wt[k][i];
        for (int o = 0; o < z.length; o++) z[o] += c * col[o];
    }

    double[] logits(double[] x) {
        double[] v = x;
        for (int k = 0; k < w.length; k++) {
            v = layer(k, v);
            if (k < w.length - 1) for (int i = 0; i < v.length; i++) v[i] = Math.max(v[i], 0);
        }
        return v;
    }

    /** min over j ≠ y of f_y(x) − f_j(x), in float64. */
    double minMargin(double[] x, int y) {
        double[] f = logits(x);
        double m = Double.POSITIVE_INFINITY;
        for (int j = 0; j < f.length; j++) if (j != y) m = Math.min(m, f[y] - f[j]);
        return m;
    }

    /** ∇ₓ(f_y − f_j) at x (ReLU'(0) = 0), in float64. */
    double[] marginGradient(double[] x, int y, int j) {
        int h = hidden();
        double[][] z = new double[h][];
        double[] v = x;
        for (int k = 0; k < h; k++) {
            z[k] = layer(k, v);
            v = new double[z[k].length];
            for (int i = 0; i < v.length; i++) v[i] = Math.max(z[k][i], 0);
        }
        double[] g = marginRow(y, j);
        for (int k = h - 1; k >= 0; k--) {
            double[] next = new double[w[k][0].length];
            for (int i = 0; i < g.length; i++) {
                if (!(z[k][i] > 0) || g[i] == 0) continue;
                double[] row = w[k][i];
                for (int c = 0; c < next.length; c++) next[c] += g[i] * row[c];
            }
            g = next;
        }
        return g;
    }

    /** Coefficients of f_y − f_j on the last hidden layer's values (or on x for a linear model), and its constant. */
    double[] marginRow(int y, int j) {
        double[][] last = w[w.length - 1];
        double[] c = new double[last[0].length];
        for (int i = 0; i < c.length; i++) c[i] = last[y][i] - last[j][i];
        return c;
    }

    double marginConstant(int y, int j) {
        double[] last = b[b.length - 1];
        return last[y] - last[j];
    }
}
