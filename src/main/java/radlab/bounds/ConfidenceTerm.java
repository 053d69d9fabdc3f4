package radlab.bounds;

/**
 * The deviation term of the standard Rademacher generalization bound (docs/theory.md §6.2): for a loss class with
 * values in [0, M], with probability ≥ 1 − δ, E f ≤ Ê_n f + 2R̂_S(F) + 3M·√(ln(2/δ)/(2n)) for all f
 * (Mohri, Rostamizadeh &amp; Talwalkar, Foundations of ML, 2nd ed., Theorem 3.3).
 */
public final class ConfidenceTerm {
    private ConfidenceTerm() {}

    /** 3M·√(ln(2/δ)/(2n)). */
    public static double of(int n, double delta, double lossRange) {
        if (n <= 0) throw new IllegalArgumentException("n must be positive, got " + n);
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("δ must be in (0,1), got " + delta);
        return 3 * lossRange * Math.sqrt(Math.log(2 / delta) / (2.0 * n));
    }
}
