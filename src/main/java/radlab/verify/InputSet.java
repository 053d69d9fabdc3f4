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
    /** Bisection steps on the multiplier of the ball (projection) and ternary-search steps (dual bound). */
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
     * ball ∩ box the best of the Lagrangian dual φ(μ) = Σ_i min_{v_i ∈ [lo_i, hi_i]} (r_i·v_i + μ·(v_i − x_i)²) − μ·ε²
     * found by ternary search over μ ∈ [0, ‖r‖/ε] (φ is concave; every μ ≥ 0 gives a lower bound, μ = 0 the box's, and
     * the ball alone has its optimum at ‖r‖/(2ε)).
     */
    double minLinear(double[] r) {
        double box = 0;
        for (int i = 0; i < r.length; i++) box += r[i] >= 0 ? r[i] * lower[i] : r[i] * upper[i];
        if (isBox() || l2Radius == 0) return box;   // ε = 0: the box is the point x itself
        double norm = norm(r);
        if (norm == 0) return box;
        double a = 0, b = norm / l2Radius, best = box;
        for (int s = 0; s < SEARCH_STEPS; s++) {
            double m1 = a + (b - a) / 3, m2 = b - (b - a) / 3;
            double f1 = dual(r, m1), f2 = dual(r, m2);
            best = Math.max(best, Math.max(f1, f2));
            if (f1 < f2) a = m1;
            else b = m2;
        }
        return best;
    }

    /**
     * A minimiser of r·v over the set: the box's vertex for a box; over the ball ∩ box the dual's inner minimiser
     * clip(x − r/(2μ)) at the best μ of {@link #minLinear}'s search (exact as that search converges), projected onto
     * the set.
     */
    double[] argminLinear(double[] r) {
        if (isBox() || l2Radius == 0) return boxMinimizer(r);
        double norm = norm(r);
        if (norm == 0) return center.clone();
        double a = 0, b = norm / l2Radius;
        for (int s = 0; s < SEARCH_STEPS; s++) {
            double m1 = a + (b - a) / 3, m2 = b - (b - a) / 3;
            if (dual(r, m1) < dual(r, m2)) a = m1;
            else b = m2;
        }
        double mu = Math.max(0.5 * (a + b), Double.MIN_NORMAL);
        double[] p = new double[r.length];
        for (int i = 0; i < r.length; i++) p[i] = center[i] - r[i] / (2 * mu);
        return project(p);
    }

    /** φ(μ) for μ &gt; 0: each coordinate at clip(x_i − r_i/(2μ)), the minimiser of its convex term on [lo_i, hi_i]. */
    private double dual(double[] r, double mu) {
        double s = -mu * l2Radius * l2Radius;
        for (int i = 0; i < r.length; i++) {
            double v = Math.min(Math.max(center[i] - r[i] / (2 * mu), lower[i]), upper[i]), dv = v - center[i];
            s += r[i] * v + mu * dv * dv;
        }
        return s;
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

    private double[] boxMinimizer(double[] r) {
        double[] p = new double[r.length];
        for (int i = 0; i < r.length; i++) p[i] = r[i] >= 0 ? lower[i] : upper[i];
        return p;
    }
}
