package radlab.verify;

import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;

/**
 * The set that complete verification searches: the threat model's ε-ball around x intersected with the input box
 * [0,1]^d. Under ℓ∞ it is itself the box [max(x−ε,0), min(x+ε,1)]; under ℓ2 it is the ball {v : ‖v − x‖₂ ≤ ε} inside
 * that same enclosing box ({@code l2Radius} = +∞ marks the ℓ∞ case). The bounds are x ± ε rounded to float64, as the
 * attacks clip (a point at the upper end can have fl(p − x) one ulp above ε).
 *
 * <p>Linear functions are bounded over the set by {@link #minLinear}: exactly for a box, and for the ball ∩ box by
 * Lagrangian duality on the ball constraint, so the encodings that need a polytope (the LP, the interval bounds) can
 * work on the enclosing box and still use the ball (docs/theory.md §3.1).
 */
record InputSet(double[] lower, double[] upper, double[] center, double l2Radius) {
    /** Bisection steps on the multiplier of the ball (projection). */
    private static final int SEARCH_STEPS = 100;

    static InputSet linf(double[] x, double epsilon) {
        return new InputSet(box(x, epsilon)[0], box(x, epsilon)[1], x.clone(), Double.POSITIVE_INFINITY);
    }

    static InputSet l2(double[] x, double epsilon) {
        double[][] b = box(x, epsilon);
        return new InputSet(b[0], b[1], x.clone(), epsilon);
    }

    static InputSet of(ThreatModel threat, double[] x) {
        return threat.norm() == AttackNorm.L2 ? l2(x, threat.epsilon()) : linf(x, threat.epsilon());
    }

    private static double[][] box(double[] x, double epsilon) {
        double[] lo = new double[x.length], hi = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            lo[i] = Math.max(x[i] - epsilon, 0);
            hi[i] = Math.min(x[i] + epsilon, 1);
        }
        return new double[][] {lo, hi};
    }

    /** Whether the set is the box itself (ℓ∞). */
    boolean isBox() {
        return l2Radius == Double.POSITIVE_INFINITY;
    }

    /**
     * The nearest point of the set, a new array: coordinate-wise clipping for the box; for the ball ∩ box
     * clip(x + t·(v − x)) with the largest t ∈ [0, 1] that stays in the ball — the KKT point of the projection, whose
     * multiplier μ of the ball gives t = 1/(1 + μ) — found by bisection on t.
     */
    double[] project(double[] v) {
        double[] p = clip(v, 1);
        if (isBox() || distance(p) <= l2Radius) return p;
        double in = 0, out = 1;
        for (int s = 0; s < SEARCH_STEPS; s++) {
            double t = 0.5 * (in + out);
            if (distance(clip(v, t)) <= l2Radius) in = t;
            else out = t;
        }
        return clip(v, in);
    }

    private double[] clip(double[] v, double t) {
        double[] p = new double[v.length];
        for (int i = 0; i < v.length; i++) p[i] = Math.min(Math.max(center[i] + t * (v[i] - center[i]), lower[i]), upper[i]);
        return p;
    }

    /** ‖v − x‖₂ in float64. */
    double distance(double[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) s += (v[i] - center[i]) * (v[i] - center[i]);
        return Math.sqrt(s);
    }

    boolean contains(double[] v) {
        for (int i = 0; i < v.length; i++) if (!(v[i] >= lower[i] && v[i] <= upper[i])) return false;
        return isBox() || distance(v) <= l2Radius;
    }

    /**
     * A lower bound of min r·v over the set: over the box Σ_i min(r_i·lo_i, r_i·hi_i), which is the minimum; over the
     * ball ∩ box the Lagrangian dual φ(μ) = Σ_i min_{v_i ∈ [lo_i, hi_i]} (r_i·v_i + μ·(v_i − x_i)²) − μ·ε² at its
     * maximiser μ* ({@link #bestMultiplier}), or the box's bound if larger (μ = 0). Every μ ≥ 0 gives a lower bound (weak
     * duality), so rounding in μ* costs tightness only, never soundness; at the exact μ* the bound is the minimum.
     */
    double minLinear(double[] r) {
        return minLinear(r, multiplier(r));
    }

    /**
     * The ball's multiplier μ* for r ({@link #bestMultiplier}; 0 for a box or ε = 0), which {@link #minLinear(double[],
     * double)} and {@link #argminLinear(double[], double)} take so that a caller needing both finds it once.
     */
    double multiplier(double[] r) {
        return isBox() || l2Radius == 0 ? 0 : bestMultiplier(r);
    }

    /** {@link #minLinear(double[])} with μ* given ({@link #multiplier}); any μ ≥ 0 gives a lower bound. */
    double minLinear(double[] r, double mu) {
        double box = boxMinimum(r);
        if (isBox() || l2Radius == 0) return box;   // ε = 0: the box is the point x itself
        return mu == 0 ? box : Math.max(box, dual(r, mu));
    }

    /**
     * The multiplier μ* ≥ 0 of the ball constraint at which φ is largest (0 if the box's minimising vertex lies in the
     * ball, or r = 0). The dual's inner minimiser moves coordinate i from x_i by min(|r_i|·t, d_i), t = 1/(2μ), d_i the
     * distance from x_i to the box's face in the direction of −r_i; its squared distance from x, S(t) = Σ_i min(|r_i|·t,
     * d_i)², increases with t, and μ* is where S(t) = ε². Between the breakpoints t_i = d_i/|r_i|, S(t) = C + F·t² (C
     * the d_i² of the coordinates at their face, F the r_i² of the others), and at any t it is at most the quadratic
     * C(s) + F(s)·t² taken at s ≤ t. So from s = 0 the iteration s ← √((ε² − C(s))/F(s)) rises monotonically to t*
     * without passing it, and stops once the coordinates at their faces no longer change: exact in finitely many steps
     * (about three on average on the verifier's coefficients), each one pass over the coordinates not at their face yet,
     * whose C and F terms move from one sum to the other as they reach it. If the cap stops it first, s ≤ t* and
     * μ = 1/(2s) still gives a lower bound.
     */
    private double bestMultiplier(double[] r) {
        int n = r.length;
        // d_i² and r_i², branch-free (r's signs, and which pixels sit on a face of [0,1], are unpredictable):
        // |r_i|·d_i = max(r_i·(x_i − lo_i), r_i·(x_i − hi_i)), so d_i² = that² / r_i², and 0 where r_i = 0
        double[] dd = new double[n], rr = new double[n];
        for (int i = 0; i < n; i++) {
            double ri = r[i], xi = center[i];
            double e = Math.max(ri * (xi - lower[i]), ri * (xi - upper[i]));
            double r2 = ri * ri;
            rr[i] = r2;
            dd[i] = e * e / Math.max(r2, Double.MIN_VALUE);
        }
        // the coordinates not at their face yet, compacted: coordinate i is at its face at t iff t_i ≤ t, i.e.
        // d_i² ≤ r_i²·t² (no division); d_i = 0 puts it there from t = 0
        double boxDistance = 0;   // S at the box's vertex
        double f = 0;   // F(0)
        int open = 0;
        for (int i = 0; i < n; i++) {
            double d2 = dd[i], r2 = rr[i];
            int keep = d2 > 0 ? 1 : 0;
            boxDistance += d2;
            f += keep * r2;
            dd[open] = d2;
            rr[open] = r2;
            open += keep;
        }
        double eps2 = l2Radius * l2Radius;
        if (boxDistance <= eps2) return 0;
        double c = 0, s = 0;   // C(s), and F(s) in f
        for (int iteration = 0; iteration < MULTIPLIER_ITERATIONS; iteration++) {
            if (f <= 0 || c >= eps2) break;   // only rounding: s is kept, a lower bound still
            double next = Math.sqrt((eps2 - c) / f);
            if (!(next > s)) break;
            s = next;
            // the coordinates that reach their face at s move from F to C; the others stay in the list. F is summed
            // afresh over them, not decremented: subtracting a few huge r_i² would cancel the small ones' sum
            double s2 = s * s, dc = 0, rest = 0;
            int kept = 0;
            for (int i = 0; i < open; i++) {
                double a = dd[i], b = rr[i];
                int face = a <= b * s2 ? 1 : 0;
                dc += face * a;
                rest += (1 - face) * b;
                dd[kept] = a;
                rr[kept] = b;
                kept += 1 - face;
            }
            if (kept == open) break;   // the coordinates at their faces did not change: s = t*
            open = kept;
            c += dc;
            f = rest;
        }
        return s > 0 ? 0.5 / s : 0;
    }

    /** Cap on {@link #bestMultiplier}'s iterations; all but the last put at least one more coordinate at its face. */
    private static final int MULTIPLIER_ITERATIONS = 200;

    /**
     * Σ_i min(r_i·lower_i, r_i·upper_i), the minimum of r·v over the box: branch-free (the signs of r are unpredictable)
     * and in four partial sums, so the loop is not one serial chain of additions.
     */
    private double boxMinimum(double[] r) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0, n = r.length;
        for (; i + 3 < n; i += 4) {
            s0 += Math.min(r[i] * lower[i], r[i] * upper[i]);
            s1 += Math.min(r[i + 1] * lower[i + 1], r[i + 1] * upper[i + 1]);
            s2 += Math.min(r[i + 2] * lower[i + 2], r[i + 2] * upper[i + 2]);
            s3 += Math.min(r[i + 3] * lower[i + 3], r[i + 3] * upper[i + 3]);
        }
        for (; i < n; i++) s0 += Math.min(r[i] * lower[i], r[i] * upper[i]);
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * A minimiser of r·v over the set: the box's vertex for a box; over the ball ∩ box the dual's inner minimiser
     * clip(x − r/(2μ*)) at {@link #bestMultiplier}'s μ*, projected onto the set (only rounding can take it outside).
     */
    double[] argminLinear(double[] r) {
        return argminLinear(r, multiplier(r));
    }

    /** {@link #argminLinear(double[])} with μ* given ({@link #multiplier}). */
    double[] argminLinear(double[] r, double mu) {
        if (isBox() || l2Radius == 0) return boxMinimizer(r);
        double[] p = new double[r.length];
        double t = 1 / (2 * mu);
        if (mu == 0 || Double.isInfinite(t)) {   // the box's minimising vertex lies in the ball; r_i = 0 stays at x_i
            for (int i = 0; i < r.length; i++) p[i] = r[i] > 0 ? lower[i] : r[i] < 0 ? upper[i] : center[i];
            return intoBall(p);
        }
        for (int i = 0; i < r.length; i++) p[i] = dualMinimizer(i, r[i], t);
        return intoBall(p);
    }

    /**
     * A point of the box at distance ε from x up to rounding, moved toward x until it is in the ball in float64: the
     * dual's minimiser, which {@link #project}'s bisection would take a hundred steps to return.
     */
    private double[] intoBall(double[] p) {
        double d = distance(p);
        if (d <= l2Radius) return p;
        double t = l2Radius / d;
        for (int k = 0; k < 64; k++, t = Math.nextDown(t)) {
            double[] q = clip(p, t);
            if (distance(q) <= l2Radius) return q;
        }
        return project(p);
    }

    /** φ(μ) for μ &gt; 0: each coordinate at clip(x_i − r_i/(2μ)), the minimiser of its convex term on [lo_i, hi_i]. */
    private double dual(double[] r, double mu) {
        double t = 1 / (2 * mu), s0 = 0, s1 = 0;   // two partial sums: not one serial chain of additions
        if (Double.isInfinite(t)) return Double.NEGATIVE_INFINITY;   // subnormal μ: 0·∞ would be NaN; −∞ is a bound
        int i = 0, n = r.length;
        for (; i + 1 < n; i += 2) {
            double v0 = dualMinimizer(i, r[i], t), d0 = v0 - center[i];
            double v1 = dualMinimizer(i + 1, r[i + 1], t), d1 = v1 - center[i + 1];
            s0 += r[i] * v0 + mu * d0 * d0;
            s1 += r[i + 1] * v1 + mu * d1 * d1;
        }
        if (i < n) {
            double v = dualMinimizer(i, r[i], t), d = v - center[i];
            s0 += r[i] * v + mu * d * d;
        }
        return (s0 + s1) - mu * l2Radius * l2Radius;
    }

    /** Coordinate i of the dual's inner minimiser at μ = 1/(2t): clip(x_i − r_i·t) to [lo_i, hi_i]. */
    private double dualMinimizer(int i, double ri, double t) {
        return Math.min(Math.max(center[i] - ri * t, lower[i]), upper[i]);
    }

    /** The minimiser of r·v over the ball alone, x − ε·r/‖r‖, projected onto the set (x itself when r = 0). */
    double[] ballMinimizer(double[] r) {
        double norm = norm(r);
        double[] p = center.clone();
        if (norm == 0 || isBox()) return isBox() ? boxMinimizer(r) : p;
        for (int i = 0; i < p.length; i++) p[i] -= l2Radius * r[i] / norm;
        return project(p);
    }

    /** ‖v‖₂. */
    static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    /**
     * The box's vertex minimising r·v: lo_i where r_i ≥ 0, else hi_i. Branch-free (the signs of r are unpredictable):
     * 1·hi + 0·lo and 0·hi + 1·lo are exactly hi and lo.
     */
    private double[] boxMinimizer(double[] r) {
        double[] p = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            int up = r[i] < 0 ? 1 : 0;
            p[i] = up * upper[i] + (1 - up) * lower[i];
        }
        return p;
    }
}
