package radlab.pacbayes;

import org.apache.commons.math3.analysis.solvers.BracketingNthOrderBrentSolver;

/**
 * The binary relative entropy kl(q‖p) = q ln(q/p) + (1−q) ln((1−q)/(1−p)) and its upper inverse
 * kl⁻¹(q, c) = sup{p ∈ [q, 1] : kl(q‖p) ≤ c} (docs/theory.md §9.1).
 *
 * <p>The inverse is found by Commons Math's bracketing Brent solver (a safeguarded root finder: it never leaves the
 * bracket [q, 1)), because kl(q‖·) is increasing on [q, 1) and tends to ∞ at 1, so the root is unique. Every caller
 * uses the inverse as an upper bound, so the solver returns the right end of its final bracket.
 */
public final class BinaryKl {
    private static final double TOL = 1e-12;
    private static final int MAX_EVALUATIONS = 500;

    private BinaryKl() {}

    /** kl(q‖p) for q, p ∈ [0, 1], with 0 ln 0 = 0; ∞ when p ∈ {0, 1} and q ≠ p. */
    public static double kl(double q, double p) {
        check(q, "q");
        check(p, "p");
        return term(q, p) + term(1 - q, 1 - p);
    }

    private static double term(double a, double b) {
        if (a == 0) return 0;
        if (b == 0) return Double.POSITIVE_INFINITY;
        return a * Math.log(a / b);
    }

    /** kl⁻¹(q, c) = sup{p ∈ [q, 1] : kl(q‖p) ≤ c}, for q ∈ [0, 1] and c ≥ 0. */
    public static double inverseUpper(double q, double c) {
        check(q, "q");
        if (!(c >= 0) || Double.isNaN(c)) throw new IllegalArgumentException("kl budget c must be ≥ 0, got " + c);
        if (q == 1 || c == Double.POSITIVE_INFINITY) return 1;
        if (c == 0) return q;
        double hi = Math.nextDown(1.0);
        if (kl(q, hi) <= c) return 1;
        var solver = new BracketingNthOrderBrentSolver(TOL, TOL, 5);
        return solver.solve(MAX_EVALUATIONS, p -> kl(q, p) - c, q, hi, 0.5 * (q + hi), org.apache.commons.math3.analysis.solvers.AllowedSolution.ABOVE_SIDE);
    }

    /** The Pinsker relaxation q + √(c/2) (capped at 1): kl(q‖p) ≥ 2(p − q)² makes it ≥ {@link #inverseUpper}. */
    public static double pinskerUpper(double q, double c) {
        check(q, "q");
        return Math.min(1, q + Math.sqrt(c / 2));
    }

    private static void check(double v, String name) {
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(name + " must lie in [0, 1], got " + v);
    }
}
