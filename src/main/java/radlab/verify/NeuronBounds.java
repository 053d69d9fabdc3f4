package radlab.verify;

/**
 * Bounds l ≤ z ≤ u on the pre-activations z_k of every hidden layer k = 1..H over a region of inputs (index k−1 here).
 * The first layer's come from interval arithmetic over the input box, which for a box is exact per neuron; deeper
 * layers' from interval bound propagation (IBP: Gowal et al. 2018; Mirman et al. 2018; the same arithmetic as
 * radlab.certify's, per sample in double arrays because the LP encodings need them neuron by neuron), possibly
 * tightened by LPs and by split decisions. Mutable arrays, copied per branch-and-bound domain.
 */
final class NeuronBounds {
    final double[][] lower;
    final double[][] upper;

    private NeuronBounds(double[][] lower, double[][] upper) {
        this.lower = lower;
        this.upper = upper;
    }

    NeuronBounds copy() {
        double[][] l = new double[lower.length][], u = new double[upper.length][];
        for (int k = 0; k < l.length; k++) {
            l[k] = lower[k].clone();
            u[k] = upper[k].clone();
        }
        return new NeuronBounds(l, u);
    }

    /**
     * IBP over the set for every hidden layer. Over a box the first layer's bounds are interval arithmetic; over an ℓ2
     * ball ∩ box each is the set's dual bound of ±w_i·x ({@link InputSet#minLinear}), at least as tight as the box's.
     */
    static NeuronBounds ibp(ReluNetwork net, InputSet set) {
        int h = net.hidden();
        NeuronBounds nb = new NeuronBounds(new double[h][], new double[h][]);
        double[][] z = set.isBox() ? interval(net.w[0], net.b[0], set.lower(), set.upper()) : linear(net.w[0], net.b[0], set);
        nb.lower[0] = z[0];
        nb.upper[0] = z[1];
        nb.propagateFrom(net, 1);
        return nb;
    }

    /**
     * Recomputes layers {@code from}..H−1 (0-based) by IBP from the bounds of the layer before, intersected with the bounds
     * already held (both are sound for the same region, so their intersection is).
     */
    void propagateFrom(ReluNetwork net, int from) {
        for (int k = Math.max(from, 1); k < lower.length; k++) {
            double[][] z = interval(net.w[k], net.b[k], relu(lower[k - 1]), relu(upper[k - 1]));
            if (lower[k] == null) {
                lower[k] = z[0];
                upper[k] = z[1];
            } else {
                for (int i = 0; i < z[0].length; i++) {
                    lower[k][i] = Math.max(lower[k][i], z[0][i]);
                    upper[k][i] = Math.min(upper[k][i], z[1][i]);
                }
            }
        }
    }

    /**
     * Intersects every layer with other sound bounds of the same region (e.g. CROWN's), then re-propagates IBP; a pair
     * that would cross (only by rounding, as both hold x₀'s value) keeps the bounds held.
     */
    void intersect(ReluNetwork net, double[][] lo, double[][] hi) {
        for (int k = 0; k < lower.length; k++) {
            for (int i = 0; i < lower[k].length; i++) {
                double l = Math.max(lower[k][i], lo[k][i]), u = Math.min(upper[k][i], hi[k][i]);
                if (l <= u) {
                    lower[k][i] = l;
                    upper[k][i] = u;
                }
            }
        }
        propagateFrom(net, 1);
    }

    /** Whether some neuron has l &gt; u: the region (a domain's split constraints) is empty. */
    boolean empty() {
        for (int k = 0; k < lower.length; k++) for (int i = 0; i < lower[k].length; i++) if (lower[k][i] > upper[k][i]) return true;
        return false;
    }

    boolean unstable(int k, int i) {
        return lower[k][i] < 0 && upper[k][i] > 0;
    }

    int unstableCount() {
        int n = 0;
        for (int k = 0; k < lower.length; k++) for (int i = 0; i < lower[k].length; i++) if (unstable(k, i)) n++;
        return n;
    }

    /**
     * IBP's lower bound of the margin f_y − f_j: Σ_i c_i·[relu(l_i), relu(u_i)] at the end with c the margin row (on the
     * input set for a network without hidden layers).
     */
    static double marginLowerBound(ReluNetwork net, NeuronBounds nb, InputSet set, int y, int j) {
        double[] c = net.marginRow(y, j);
        int h = net.hidden();
        if (h == 0 && !set.isBox()) return net.marginConstant(y, j) + set.minLinear(c);
        double[] lo = h == 0 ? set.lower() : relu(nb.lower[h - 1]), hi = h == 0 ? set.upper() : relu(nb.upper[h - 1]);
        double s = net.marginConstant(y, j);
        for (int i = 0; i < c.length; i++) s += c[i] >= 0 ? c[i] * lo[i] : c[i] * hi[i];
        return s;
    }

    /** [b_i + min w_i·v, b_i − min (−w_i)·v] over the set, row by row. */
    static double[][] linear(double[][] w, double[] b, InputSet set) {
        double[] l = new double[w.length], u = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double[] neg = new double[w[i].length];
            for (int j = 0; j < neg.length; j++) neg[j] = -w[i][j];
            l[i] = b[i] + set.minLinear(w[i]);
            u[i] = b[i] - set.minLinear(neg);
        }
        return new double[][] {l, u};
    }

    /** [W·mid − |W|·rad, W·mid + |W|·rad] + b for v in [lo, hi]. */
    static double[][] interval(double[][] w, double[] b, double[] lo, double[] hi) {
        double[] l = new double[w.length], u = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double mid = b[i], rad = 0;
            double[] row = w[i];
            for (int j = 0; j < lo.length; j++) {
                mid += row[j] * 0.5 * (lo[j] + hi[j]);
                rad += Math.abs(row[j]) * 0.5 * (hi[j] - lo[j]);
            }
            l[i] = mid - rad;
            u[i] = mid + rad;
        }
        return new double[][] {l, u};
    }

    static double[] relu(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.max(v[i], 0);
        return r;
    }
}
