package radlab.verify;

/**
 * One linear piece of a ReLU network: the inputs whose every hidden neuron has a fixed sign (a branch-and-bound domain
 * with no unstable neuron left), on which f is affine. Over such a piece ∩ an ℓ2 ball ∩ box the minimum of the affine
 * margin f_y − f_j is a convex problem, min g·x + g₀ subject to the piece's sign constraints C·x ≤ d and x in the set;
 * {@link #lowerBound} bounds it by the Lagrangian dual max_{λ ≥ 0} g₀ − λ·d + min_{x ∈ set} (g + Cᵀλ)·x
 * (the inner minimum by {@link InputSet#minLinear}; every λ ≥ 0 gives a lower bound, and strong duality makes the
 * best one the minimum when the piece has an interior point), maximised by projected supergradient ascent with
 * step α/√(t+1) (Shor 1985, "Minimization methods for non-differentiable functions", §2.2); the supergradient is C·x*
 * − d at the inner minimiser x*. The inner minimisers, and their running average (which converges to a primal
 * minimiser; Nedić &amp; Ozdaglar 2009, SIAM J. Optim. 19, "Approximate primal solutions and rate analysis for dual
 * subgradient methods"), are the candidate counterexamples.
 */
final class LinearPiece {
    /** Dual ascent iterations per bound. */
    static final int ITERATIONS = 300;

    private final double[][] c;   // rows: the sign constraints, C·x ≤ d
    private final double[] d;
    private final ReluNetwork net;
    private final double[][] lastA;   // the last hidden layer's activations as A·x + a₀ (rows: neurons)
    private final double[] lastConst;

    /** @param bounds a domain's bounds with no unstable neuron (l ≥ 0: active, u ≤ 0: inactive) */
    LinearPiece(ReluNetwork net, NeuronBounds bounds) {
        this.net = net;
        int dim = net.inputDim(), rows = 0;
        for (double[] l : bounds.lower) rows += l.length;
        c = new double[rows][];
        d = new double[rows];
        double[][] a = null;   // activations of the previous layer as A·x + a0 (null: the input itself)
        double[] a0 = null;
        int r = 0;
        for (int k = 0; k < net.hidden(); k++) {
            double[][] w = net.w[k];
            double[][] za = new double[w.length][];
            double[] z0 = net.b[k].clone();
            for (int i = 0; i < w.length; i++) {
                if (a == null) {
                    za[i] = w[i].clone();
                } else {
                    za[i] = new double[dim];
                    for (int m = 0; m < a.length; m++) {
                        if (w[i][m] == 0 || a[m] == null) continue;
                        for (int q = 0; q < dim; q++) za[i][q] += w[i][m] * a[m][q];
                        z0[i] += w[i][m] * a0[m];
                    }
                }
            }
            double[][] next = new double[w.length][];
            double[] next0 = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                boolean active = bounds.lower[k][i] >= 0;
                if (!active && !(bounds.upper[k][i] <= 0)) throw new IllegalArgumentException("neuron " + k + "," + i + " is unstable");
                // active: z ≥ 0, i.e. −z ≤ 0; inactive: z ≤ 0
                double sign = active ? -1 : 1;
                c[r] = new double[dim];
                for (int q = 0; q < dim; q++) c[r][q] = sign * za[i][q];
                d[r] = -sign * z0[i];
                r++;
                if (active) {
                    next[i] = za[i];
                    next0[i] = z0[i];
                }
            }
            a = next;
            a0 = next0;
        }
        lastA = a;
        lastConst = a0;
    }

    /** The margin f_y − f_j on the piece as g·x + g₀: {g…, g₀}. */
    double[] margin(int y, int j) {
        double[] row = net.marginRow(y, j);
        int dim = net.inputDim();
        double[] g = new double[dim + 1];
        g[dim] = net.marginConstant(y, j);
        if (lastA == null) {
            System.arraycopy(row, 0, g, 0, dim);
            return g;
        }
        for (int m = 0; m < row.length; m++) {
            if (row[m] == 0 || lastA[m] == null) continue;
            for (int q = 0; q < dim; q++) g[q] += row[m] * lastA[m][q];
            g[dim] += row[m] * lastConst[m];
        }
        return g;
    }

    /** A lower bound of the margin over the piece ∩ set, and the candidate points it passed (inner minimisers and their average). */
    record Bound(double value, double[] last, double[] average) {}

    Bound lowerBound(InputSet set, int y, int j) {
        double[] gFull = margin(y, j);
        int dim = net.inputDim();
        double g0 = gFull[dim];
        double[] g = java.util.Arrays.copyOf(gFull, dim);
        double[] lambda = new double[c.length];
        double gNorm = InputSet.norm(g), rowNorm = 0;
        for (double[] row : c) rowNorm += InputSet.norm(row);
        rowNorm = Math.max(rowNorm / Math.max(1, c.length), 1e-12);
        double alpha = Math.max(gNorm, 1e-12) / rowNorm;
        double best = Double.NEGATIVE_INFINITY;
        double[] x = null, avg = new double[dim];
        for (int t = 0; t < ITERATIONS; t++) {
            double[] cost = g.clone();
            double off = g0;
            for (int r = 0; r < c.length; r++) {
                if (lambda[r] == 0) continue;
                for (int q = 0; q < dim; q++) cost[q] += lambda[r] * c[r][q];
                off -= lambda[r] * d[r];
            }
            double mu = set.multiplier(cost);
            best = Math.max(best, off + set.minLinear(cost, mu));
            if (best > 0) return new Bound(best, x, null);   // enough to prune
            x = set.argminLinear(cost, mu);
            for (int q = 0; q < dim; q++) avg[q] += (x[q] - avg[q]) / (t + 1);
            double[] s = new double[c.length];
            for (int r = 0; r < c.length; r++) {
                double v = -d[r];
                for (int q = 0; q < dim; q++) v += c[r][q] * x[q];
                s[r] = v;
            }
            double sn = InputSet.norm(s);
            if (sn == 0) break;   // x* satisfies every constraint with equality: it is optimal
            double step = alpha / Math.sqrt(t + 1) / sn;
            for (int r = 0; r < c.length; r++) lambda[r] = Math.max(0, lambda[r] + step * s[r]);
        }
        return new Bound(best, x, avg);
    }
}
