package radlab.verify;

/**
 * CROWN (Zhang et al. 2018, NeurIPS) over one branch-and-bound domain: a linear objective of a layer's pre-activations
 * is propagated backward through the ReLU relaxations that the domain's bounds allow — a split neuron is exactly linear
 * (active: identity; inactive: zero), an unstable one has the triangle's chord above and the adaptive line α·z below (α =
 * 1 when u ≥ −l, else 0, as in radlab.certify) — down to the input, where it is minimised over the input set itself
 * ({@link InputSet#minLinear}): over an ℓ2 ball ∩ [0,1]^d that is the ball's dual bound at every layer, where the LP
 * only sees the ball's enclosing box. The same arithmetic as radlab.certify's CROWN, per sample in double arrays, with
 * the domain's split decisions in its bounds. Split constraints (z ≥ 0 or z ≤ 0 for inputs of the domain) are not
 * added as Lagrangian terms, as β-CROWN would (Wang et al. 2021): the bounds stay sound for the domain, only not as
 * tight as the LP's exact split encoding on a box, so branch and bound takes the larger of the two.
 */
final class DomainCrown {
    private DomainCrown() {}

    /** CROWN's lower bound of f_y − f_j over the domain's inputs in the set. */
    static double marginLowerBound(ReluNetwork net, NeuronBounds nb, InputSet set, int y, int j) {
        return marginLowerBound(net, nb, set, y, j, null);
    }

    /**
     * As {@link #marginLowerBound(ReluNetwork, NeuronBounds, InputSet, int, int)}; with {@code coefficients} non-null
     * (one array per hidden layer), each hidden layer's backward coefficients on relu(z) are stored there: the weight of
     * each neuron's relaxation in the bound, which branching uses.
     */
    static double marginLowerBound(ReluNetwork net, NeuronBounds nb, InputSet set, int y, int j, double[][] coefficients) {
        int out = net.hidden();
        double[] a = new double[net.classes()];
        a[y] = 1;
        a[j] -= 1;
        return lowerBound(net, nb, set, out, a, coefficients);
    }

    /**
     * Tightens the pre-activation bounds of hidden layers {@code from}..H−1 (0-based, as in {@link NeuronBounds}) by CROWN,
     * layer by layer so that each uses the tightened layers before it, intersected with the bounds held and re-propagated
     * by IBP. A neuron that is inactive for the whole domain (u ≤ 0) keeps its bounds: its value is 0 either way.
     */
    static void tighten(ReluNetwork net, NeuronBounds nb, InputSet set, int from) {
        for (int k = Math.max(from, 1); k < net.hidden(); k++) {
            double[] lo = nb.lower[k], hi = nb.upper[k];
            for (int i = 0; i < lo.length; i++) {
                if (hi[i] <= 0 || lo[i] > hi[i]) continue;
                double[] a = new double[lo.length];
                a[i] = 1;
                double l = lowerBound(net, nb, set, k, a);
                a[i] = -1;
                double u = -lowerBound(net, nb, set, k, a);
                // both hold for every input of the domain; only rounding could make them cross the bounds held
                if (l > lo[i] && l <= hi[i]) lo[i] = l;
                if (u < hi[i] && u >= lo[i]) hi[i] = u;
            }
            nb.propagateFrom(net, k + 1);
        }
    }

    /**
     * A lower bound of a·z_k + (nothing else) over the domain's inputs in the set, z_k the pre-activations of layer k
     * (0-based; k = H is the output layer), given bounds on layers 0..k−1.
     */
    static double lowerBound(ReluNetwork net, NeuronBounds nb, InputSet set, int k, double[] a) {
        return lowerBound(net, nb, set, k, a, null);
    }

    private static double lowerBound(ReluNetwork net, NeuronBounds nb, InputSet set, int k, double[] a, double[][] coefficients) {
        double constant = 0;
        double[] lambda = a;   // coefficients on z_layer
        for (int layer = k; layer >= 1; layer--) {
            double[][] w = net.w[layer];
            double[] b = net.b[layer];
            constant += dot(lambda, b);
            double[] g = transposeTimes(w, lambda);   // coefficients on h_{layer−1} = relu(z_{layer−1})
            if (coefficients != null) coefficients[layer - 1] = g;
            double[] l = nb.lower[layer - 1], u = nb.upper[layer - 1];
            double[] next = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                if (g[i] == 0 || u[i] <= 0) continue;             // inactive: relu(z) = 0
                if (l[i] >= 0) {
                    next[i] = g[i];                                  // active: relu(z) = z
                } else if (g[i] > 0) {
                    next[i] = u[i] + l[i] >= 0 ? g[i] : 0;           // relu(z) ≥ α·z
                } else {
                    double s = u[i] / (u[i] - l[i]);                 // relu(z) ≤ s·(z − l)
                    next[i] = g[i] * s;
                    constant -= g[i] * s * l[i];
                }
            }
            lambda = next;
        }
        constant += dot(lambda, net.b[0]);
        return constant + set.minLinear(transposeTimes(net.w[0], lambda));
    }

    /** wᵀ·v for w of out × in. */
    private static double[] transposeTimes(double[][] w, double[] v) {
        double[] r = new double[w[0].length];
        for (int o = 0; o < w.length; o++) {
            double c = v[o];
            if (c == 0) continue;
            double[] row = w[o];
            for (int i = 0; i < r.length; i++) r[i] += c * row[i];
        }
        return r;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
