package radlab.verify;

/**
 * CROWN (Zhang et al. 2018, NeurIPS) over one branch-and-bound domain: a linear objective of a layer's pre-activations
 * is propagated backward through the ReLU relaxations that the domain's bounds allow — a split neuron is exactly linear
 * (active: identity; inactive: zero), an unstable one has the triangle's chord above and the adaptive line α·z below (α =
 * 1 when u ≥ −l, else 0, as in radlab.certify) — down to the input, where it is minimised over the input set itself
 * ({@link InputSet#minLinear}): over an ℓ2 ball ∩ [0,1]^d that is the ball's dual bound at every layer, where the LP
 * only sees the ball's enclosing box. The same arithmetic as radlab.certify's CROWN, per sample in double arrays, with
 * the domain's split decisions in its bounds. CROWN's own bounds leave the split constraints (z ≥ 0 or z ≤ 0 for inputs
 * of the domain) out; the optimised bounds ({@link #crownThenOptimized}) add them as Lagrangian terms, as β-CROWN does
 * (Wang et al. 2021).
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
        return lowerBound(net, nb, set, net.hidden(), marginObjective(net, y, j), coefficients);
    }

    /** The output-layer coefficients a of the margin f_y − f_j = a·z_H. */
    private static double[] marginObjective(ReluNetwork net, int y, int j) {
        double[] a = new double[net.classes()];
        a[y] = 1;
        a[j] -= 1;
        return a;
    }

    /**
     * Tightens the pre-activation bounds of hidden layers {@code from}..H−1 (0-based, as in {@link NeuronBounds}) by CROWN,
     * layer by layer so that each uses the tightened layers before it, intersected with the bounds held and re-propagated
     * by IBP. Only unstable neurons (l &lt; 0 &lt; u) are bounded again, the upper side first: a stable neuron's relaxation
     * is exact whatever its bounds (0 if u ≤ 0, the identity if l ≥ 0), so CROWN's bounds of later layers and the
     * fully split domain's LP do not depend on them; once the upper bound is ≤ 0 the lower one is not needed.
     */
    static void tighten(ReluNetwork net, NeuronBounds nb, InputSet set, int from) {
        tighten(net, nb, set, from, 0);
    }

    /**
     * As {@link #tighten(ReluNetwork, NeuronBounds, InputSet, int)}, each bound optimised over the slopes of the layers
     * below (α-CROWN's intermediate bounds, Xu et al. 2021) with {@code steps} steps of projected Adam from CROWN's
     * slopes, stopping once it decides the neuron's sign; never looser than CROWN's.
     */
    static void tighten(ReluNetwork net, NeuronBounds nb, InputSet set, int from, int steps) {
        for (int k = Math.max(from, 1); k < net.hidden(); k++) {
            double[] lo = nb.lower[k], hi = nb.upper[k];
            for (int i = 0; i < lo.length; i++) {
                if (hi[i] <= 0 || lo[i] >= 0 || lo[i] > hi[i]) continue;
                double[] a = new double[lo.length];
                a[i] = -1;
                double u = -(steps == 0 ? lowerBound(net, nb, set, k, a) : optimized(net, nb, set, k, a, steps, null, true, null).value());
                // both hold for every input of the domain; only rounding could make them cross the bounds held
                if (u < hi[i] && u >= lo[i]) hi[i] = u;
                if (hi[i] <= 0) continue;
                a[i] = 1;
                double l = steps == 0 ? lowerBound(net, nb, set, k, a) : optimized(net, nb, set, k, a, steps, null, true, null).value();
                if (l > lo[i] && l <= hi[i]) lo[i] = l;
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
        Pass p = Pass.run(net, nb, set, k, a, null, null, false);
        if (coefficients != null) System.arraycopy(p.g, 0, coefficients, 0, k);
        return p.value;
    }

    /** CROWN's lower line α·z of an unstable ReLU on [l, u]: α = 1 if u ≥ −l, else 0 (the smaller-area choice). */
    static double adaptiveSlope(double l, double u) {
        return u + l >= 0 ? 1 : 0;
    }

    /** Adam's step sizes for the slopes and the multipliers (α-CROWN and β-CROWN use 0.1 and 0.05 in their defaults). */
    static final double ALPHA_STEP = 0.1, BETA_STEP = 0.05;

    /**
     * The margin bound of f_y − f_j with optimised relaxations (α-β-CROWN: Xu et al. 2021, "Fast and Complete"; Wang
     * et al. 2021, β-CROWN). Every unstable neuron's lower line α·z gets its own α ∈ [0,1] (CROWN's adaptive choice is
     * the start), and every sign the domain's bounds state — z ≥ 0 where l = 0 < u (an active split), z ≤ 0 where
     * l &lt; 0 = u (an inactive split) — a Lagrange multiplier β ≥ 0: the bound of f − β·z, resp. f + β·z, is a lower bound of f on the
     * domain. Each (α, β) gives a sound bound, so projected gradient ascent (Adam, {@code steps} steps) only searches;
     * the best value seen is returned, never below CROWN's. The gradient is exact for the pass's current relaxation
     * choices: ∂L/∂λ_m is the forward pass of the input set's minimiser x* through the relaxed network ({@link Pass}),
     * so ∂L/∂α = g·ẑ and ∂L/∂β = ∓ẑ. Intermediate bounds are not re-optimised here ({@link #tighten} does, with steps).
     */
    static double optimizedMarginLowerBound(ReluNetwork net, NeuronBounds nb, InputSet set, int y, int j, int steps) {
        return optimized(net, nb, set, y, j, steps, null, false, null).value();
    }

    /**
     * An optimised bound and the input set's minimiser x* of the best pass that had one computed (a candidate
     * counterexample).
     */
    record Optimized(double value, double[] point, Parameters parameters) {}

    /**
     * The slopes α and multipliers β of an optimised bound that left its class open, in float (a warm start needs no
     * more): a child domain's optimisation starts from its parent's, as in β-CROWN, instead of from CROWN's slopes.
     */
    record Parameters(float[][] alpha, float[][] beta) {
        static Parameters of(double[][] alpha, double[][] beta) {
            return new Parameters(toFloat(alpha), toFloat(beta));
        }

        private static float[][] toFloat(double[][] v) {
            float[][] f = new float[v.length][];
            for (int m = 0; m < v.length; m++) {
                f[m] = new float[v[m].length];
                for (int i = 0; i < f[m].length; i++) f[m][i] = (float) v[m][i];
            }
            return f;
        }
    }

    /**
     * CROWN's bound of f_y − f_j, its backward coefficients stored in {@code coefficients} (as
     * {@link #marginLowerBound(ReluNetwork, NeuronBounds, InputSet, int, int, double[][])}), and only where that bound
     * leaves the class open (≤ 0) the optimised one, whose first pass is CROWN's: one pass fewer than the two calls. The
     * optimisation stops at the first bound above 0, which closes the class for the domain.
     */
    static Optimized crownThenOptimized(ReluNetwork net, NeuronBounds nb, InputSet set, int y, int j, int steps, double[][] coefficients) {
        return crownThenOptimized(net, nb, set, y, j, steps, coefficients, null);
    }

    /**
     * As {@link #crownThenOptimized(ReluNetwork, NeuronBounds, InputSet, int, int, int, double[][])}, the ascent starting
     * from {@code warm} (a parent domain's parameters for the class; null: none) where that pass is better than CROWN's.
     * The result carries the best parameters while the class stays open.
     */
    static Optimized crownThenOptimized(ReluNetwork net, NeuronBounds nb, InputSet set, int y, int j, int steps, double[][] coefficients,
            Parameters warm) {
        return optimized(net, nb, set, y, j, steps, coefficients, true, warm);
    }

    private static Optimized optimized(ReluNetwork net, NeuronBounds nb, InputSet set, int y, int j, int steps, double[][] coefficients,
            boolean onlyIfOpen, Parameters warm) {
        return optimized(net, nb, set, net.hidden(), marginObjective(net, y, j), steps, coefficients, onlyIfOpen, warm);
    }

    /**
     * The optimised lower bound of a·z_k (k = H: the margin), stopping at the first bound above 0 if {@code onlyIfOpen},
     * starting from {@code warm} (null: CROWN's slopes only).
     */
    private static Optimized optimized(ReluNetwork net, NeuronBounds nb, InputSet set, int k, double[] a, int steps, double[][] coefficients,
            boolean onlyIfOpen, Parameters warm) {
        double[][] alpha = crownSlopes(nb, k), beta = new double[k][];
        for (int m = 0; m < k; m++) beta[m] = new double[alpha[m].length];
        // with the adaptive slopes and β = 0 the first pass is CROWN's, to the bit
        Pass p = Pass.run(net, nb, set, k, a, alpha, beta, false);
        if (coefficients != null) System.arraycopy(p.g, 0, coefficients, 0, k);
        if (onlyIfOpen && p.value > 0) return new Optimized(p.value, null, null);
        if (warm != null && steps > 0) {
            double[][] wa = new double[k][], wb = new double[k][];
            warmStart(nb, k, alpha, warm, wa, wb);
            Pass q = Pass.run(net, nb, set, k, a, wa, wb, false);
            if (q.value > p.value) {
                p = q;
                alpha = wa;
                beta = wb;
            }
            if (onlyIfOpen && p.value > 0) return new Optimized(p.value, null, null);
        }
        FirstLayer first = new FirstLayer();
        if (steps > 0) p.addGradient(net, nb, set, k, alpha, beta, first);
        double best = p.value;
        double[] point = p.point;
        Parameters bestParameters = Parameters.of(alpha, beta);
        Adam ma = new Adam(alpha), mb = new Adam(beta);
        // for branch and bound a bound above 0 closes the class for the domain: further steps could only raise it
        for (int t = 1; t <= steps && !(onlyIfOpen && best > 0); t++) {
            ma.ascend(alpha, p.dAlpha, ALPHA_STEP, t, 0, 1);
            mb.ascend(beta, p.dBeta, BETA_STEP, t, 0, Double.POSITIVE_INFINITY);
            p = Pass.run(net, nb, set, k, a, alpha, beta, false);
            if (t < steps) p.addGradient(net, nb, set, k, alpha, beta, first);
            if (p.value > best) {
                best = p.value;
                if (p.point != null) point = p.point;
                bestParameters = Parameters.of(alpha, beta);
            }
        }
        return new Optimized(best, point, best > 0 || steps == 0 ? null : bestParameters);
    }

    /**
     * A parent domain's parameters carried to a domain with (possibly) more splits: α where a neuron is still unstable
     * (else CROWN's {@code alpha}), β where a sign is stated (0 where newly split). Fills {@code wa} and {@code wb}.
     */
    private static void warmStart(NeuronBounds nb, int k, double[][] alpha, Parameters warm, double[][] wa, double[][] wb) {
        for (int m = 0; m < k; m++) {
            wa[m] = alpha[m].clone();
            wb[m] = new double[alpha[m].length];
            double[] l = nb.lower[m], u = nb.upper[m];
            for (int i = 0; i < wa[m].length; i++) {
                if (l[i] < 0 && u[i] > 0) wa[m][i] = warm.alpha()[m][i];   // still unstable here
                if (Pass.sign(l[i], u[i]) != 0) wb[m][i] = warm.beta()[m][i];   // split here (0 where newly split)
            }
        }
    }

    /**
     * One bound pass of f_y − f_j over the domain with a parent's parameters (CROWN's slopes where {@code warm} is null):
     * a sound lower bound at the cost of one backward pass, which branching uses to compare candidate splits.
     */
    static double marginBoundWith(ReluNetwork net, NeuronBounds nb, InputSet set, int y, int j, Parameters warm) {
        int k = net.hidden();
        double[] a = marginObjective(net, y, j);
        if (warm == null) return Pass.run(net, nb, set, k, a, null, null, false).value;
        double[][] wa = new double[k][], wb = new double[k][];
        warmStart(nb, k, crownSlopes(nb, k), warm, wa, wb);
        return Pass.run(net, nb, set, k, a, wa, wb, false).value;
    }

    /** CROWN's adaptive lower slopes ({@link #adaptiveSlope}) of every neuron of layers 0..k−1. */
    private static double[][] crownSlopes(NeuronBounds nb, int k) {
        double[][] alpha = new double[k][];
        for (int m = 0; m < k; m++) {
            double[] l = nb.lower[m], u = nb.upper[m];
            alpha[m] = new double[l.length];
            for (int i = 0; i < l.length; i++) alpha[m][i] = adaptiveSlope(l[i], u[i]);
        }
        return alpha;
    }

    /**
     * One backward bound pass of a·z_k over the domain (k = H: the output layer), with slopes α (null: CROWN's adaptive
     * 0 or 1) and multipliers β (null: none), and, if asked, its gradient: the value L, ∂L/∂α (zero where α is unused)
     * and ∂L/∂β (zero where no sign is stated). With both null it is CROWN's bound ({@link #lowerBound}).
     */
    static final class Pass {
        double value;
        double[][] g;   // per hidden layer below k, the backward coefficients on relu(z) (branching reads them)
        double[][] dAlpha, dBeta;
        double[] point;   // the set's minimiser x* of the final linear function (with the gradient only)
        double[] c;   // the final linear function's coefficients on the input
        double mu;   // the input set's multiplier for c (ℓ2; InputSet.multiplier)

        static Pass run(ReluNetwork net, NeuronBounds nb, InputSet set, int k, double[] a, double[][] alpha, double[][] beta, boolean gradient) {
            double[][] g = new double[net.hidden()][];
            double constant = 0;
            double[] lambda = a;   // coefficients on z_layer
            for (int layer = k; layer >= 1; layer--) {
                int m = layer - 1;
                constant += dot(lambda, net.b[layer]);
                g[m] = transposeTimes(net.w[layer], lambda);   // coefficients on h_m = relu(z_m)
                double[] l = nb.lower[m], u = nb.upper[m], gm = g[m];
                double[] next = new double[gm.length];
                for (int i = 0; i < gm.length; i++) {
                    if (u[i] <= 0) {
                        next[i] = 0;                                   // inactive
                    } else if (l[i] >= 0) {
                        next[i] = gm[i];                               // active
                    } else if (gm[i] > 0) {
                        double slope = alpha != null ? alpha[m][i] : adaptiveSlope(l[i], u[i]);
                        next[i] = slope * gm[i];                       // relu(z) ≥ α·z
                    } else if (gm[i] < 0) {
                        double s = u[i] / (u[i] - l[i]);               // relu(z) ≤ s·(z − l)
                        next[i] = s * gm[i];
                        constant -= gm[i] * s * l[i];
                    }
                    if (beta != null) next[i] += sign(l[i], u[i]) * beta[m][i];
                }
                lambda = next;
            }
            constant += dot(lambda, net.b[0]);
            double[] c = transposeTimes(net.w[0], lambda);
            Pass p = new Pass();
            p.g = g;
            p.c = c;
            p.mu = set.multiplier(c);
            p.value = constant + set.minLinear(c, p.mu);
            if (gradient) p.addGradient(net, nb, set, k, alpha, beta);
            return p;
        }

        /** Adds the gradient to a pass run without it, with the same arguments. */
        void addGradient(ReluNetwork net, NeuronBounds nb, InputSet set, int k, double[][] alpha, double[][] beta) {
            addGradient(net, nb, set, k, alpha, beta, null);
        }

        /** As above, the first layer's pre-activations at x* updated from the last pass's (null: computed afresh). */
        void addGradient(ReluNetwork net, NeuronBounds nb, InputSet set, int k, double[][] alpha, double[][] beta, FirstLayer first) {
            // ∂L/∂λ_m = ẑ_m: x* forward through the relaxation each neuron used above
            dAlpha = new double[net.hidden()][];
            dBeta = new double[net.hidden()][];
            double[] h = set.argminLinear(c, mu);
            point = h;
            for (int m = 0; m < k; m++) {
                double[] z = m == 0 && first != null ? first.at(net, h) : net.layer(m, h);
                double[] l = nb.lower[m], u = nb.upper[m], gm = g[m];
                dAlpha[m] = new double[z.length];
                dBeta[m] = new double[z.length];
                h = new double[z.length];
                for (int i = 0; i < z.length; i++) {
                    if (beta != null) dBeta[m][i] = sign(l[i], u[i]) * z[i];
                    if (u[i] <= 0) {
                        h[i] = 0;
                    } else if (l[i] >= 0) {
                        h[i] = z[i];
                    } else if (gm[i] > 0) {
                        double slope = alpha != null ? alpha[m][i] : adaptiveSlope(l[i], u[i]);
                        h[i] = slope * z[i];
                        if (alpha != null) dAlpha[m][i] = gm[i] * z[i];
                    } else if (gm[i] < 0) {
                        double s = u[i] / (u[i] - l[i]);
                        h[i] = s * (z[i] - l[i]);
                    }
                }
            }
        }

        /** The sign constraint the bounds state, as the coefficient of β·z added to the objective: −1 for z ≥ 0 (l = 0 &lt; u), +1 for z ≤ 0 (l &lt; 0 = u), else 0. */
        static double sign(double l, double u) {
            if (l == 0 && u > 0) return -1;
            if (u == 0 && l < 0) return 1;
            return 0;
        }
    }

    /**
     * W_0·x + b_0 at successive points x of one optimisation. Over a box the set's minimiser is a vertex chosen by the
     * signs of the input coefficients, and from one step to the next only a few of them change: the product is updated
     * by the changed coordinates' columns instead of recomputed (it only steers the search; the bound itself is computed
     * from the coefficients). Over an ℓ2 ball every coordinate moves, and the product is recomputed. The arrays returned
     * are read only: each update makes a new one.
     */
    static final class FirstLayer {
        private double[] x, z;

        double[] at(ReluNetwork net, double[] p) {
            if (x != null) {
                int changed = 0;
                for (int i = 0; i < p.length && changed * 8 <= p.length; i++) if (p[i] != x[i]) changed++;
                if (changed * 8 <= p.length) {
                    double[] next = z.clone();
                    for (int i = 0; i < p.length; i++) if (p[i] != x[i]) net.addColumn(0, i, p[i] - x[i], next);
                    x = p;
                    z = next;
                    return z;
                }
            }
            x = p;
            z = net.layer(0, p);
            return z;
        }
    }

    /** Adam (Kingma and Ba 2015) for projected ascent on a ragged parameter array, with box projection. */
    private static final class Adam {
        final double[][] m, v;

        Adam(double[][] shape) {
            m = new double[shape.length][];
            v = new double[shape.length][];
            for (int k = 0; k < shape.length; k++) {
                m[k] = new double[shape[k].length];
                v[k] = new double[shape[k].length];
            }
        }

        void ascend(double[][] x, double[][] grad, double step, int t, double lo, double hi) {
            double c1 = 1 - Math.pow(0.9, t), c2 = 1 - Math.pow(0.999, t);
            for (int k = 0; k < x.length; k++) {
                if (grad[k] == null) continue;   // a layer at or above the objective's: unused
                for (int i = 0; i < x[k].length; i++) {
                    double gr = grad[k][i];
                    m[k][i] = 0.9 * m[k][i] + 0.1 * gr;
                    v[k][i] = 0.999 * v[k][i] + 0.001 * gr * gr;
                    if (v[k][i] == 0) continue;
                    x[k][i] = Math.min(hi, Math.max(lo, x[k][i] + step * (m[k][i] / c1) / (Math.sqrt(v[k][i] / c2) + 1e-8)));
                }
            }
        }
    }

    /** wᵀ·v for w of out × in: the rows with v_o ≠ 0, scaled and summed ({@link ReluNetwork#addScaledRows}). */
    static double[] transposeTimes(double[][] w, double[] v) {
        return ReluNetwork.addScaledRows(w, v, new double[w[0].length]);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
