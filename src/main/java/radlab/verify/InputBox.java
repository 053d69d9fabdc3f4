package radlab.verify;

/**
 * The ℓ∞ ball around x intersected with the input box [0,1]^d, itself the box [max(x−ε,0), min(x+ε,1)]: the set that
 * complete verification searches. Candidate points are projected onto it in float64 before they are evaluated. The bounds are x ± ε rounded
 * to float64, as the attacks clip (a point at the upper end can have fl(p − x) one ulp above ε).
 */
record InputBox(double[] lower, double[] upper) {
    static InputBox linf(double[] x, double epsilon) {
        double[] lo = new double[x.length], hi = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            lo[i] = Math.max(x[i] - epsilon, 0);
            hi[i] = Math.min(x[i] + epsilon, 1);
        }
        return new InputBox(lo, hi);
    }

    /** The nearest point of the box (coordinate-wise clipping), a new array. */
    double[] project(double[] v) {
        double[] p = new double[v.length];
        for (int i = 0; i < v.length; i++) p[i] = Math.min(Math.max(v[i], lower[i]), upper[i]);
        return p;
    }

    boolean contains(double[] v) {
        for (int i = 0; i < v.length; i++) if (!(v[i] >= lower[i] && v[i] <= upper[i])) return false;
        return true;
    }
}
