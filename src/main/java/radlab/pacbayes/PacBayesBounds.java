package radlab.pacbayes;

/** The closed-form steps of the PAC-Bayes bounds (docs/theory.md §9): one home for each formula. */
public final class PacBayesBounds {
    private PacBayesBounds() {}

    /**
     * c = (KL + ln(2√n·G/δ))/n: the right-hand side of Maurer's kl form kl(ê_S(Q)‖e(Q)) ≤ c, with the union bound over
     * the G grid points of the prior (docs/theory.md §9.3).
     */
    public static double complexity(double kl, int n, int gridSize, double delta) {
        if (n < 8) throw new IllegalArgumentException("Maurer's bound needs n ≥ 8, got " + n);
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("δ must lie in (0, 1), got " + delta);
        if (!(kl >= 0)) throw new IllegalArgumentException("KL must be ≥ 0, got " + kl);
        return (kl + Math.log(2 * Math.sqrt(n) * gridSize / delta)) / n;
    }

    /** Langford–Caruana: with probability ≥ 1 − δ', ê_S(Q) ≤ kl⁻¹(ê_m, ln(2/δ')/m) for m posterior draws (§9.4). */
    public static double monteCarloUpper(double meanError, int draws, double deltaMc) {
        if (!(deltaMc > 0 && deltaMc < 1)) throw new IllegalArgumentException("δ' must lie in (0, 1), got " + deltaMc);
        return BinaryKl.inverseUpper(meanError, Math.log(2 / deltaMc) / draws);
    }

    /** McAllester's bound in Maurer's form, ê + √(c/2) (§9.3). */
    public static double mcAllester(double empiricalErrorUpper, double complexity) {
        return BinaryKl.pinskerUpper(empiricalErrorUpper, complexity);
    }

    /** The Langford–Seeger/Maurer bound kl⁻¹(ê, c) (§9.3). */
    public static double klInverse(double empiricalErrorUpper, double complexity) {
        return BinaryKl.inverseUpper(empiricalErrorUpper, complexity);
    }
}
