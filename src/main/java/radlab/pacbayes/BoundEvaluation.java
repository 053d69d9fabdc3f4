package radlab.pacbayes;

/**
 * One PAC-Bayes bound on the 0–1 error of a stochastic network Q = N(μ, diag s²) with prior N(w₀, σ²I), σ from a
 * {@link PriorGrid} (docs/theory.md §9), with every ingredient.
 *
 * @param label             "grid" (isotropic posterior) or "optimized" (Dziugaite–Roy)
 * @param priorSigma        σ of the prior (λ = σ²), a grid point
 * @param gridIndex         its index j in the grid
 * @param gridSize          G, paid for by ln G
 * @param posteriorRmsStd   root mean square of the posterior standard deviations
 * @param distanceFromInit  ‖μ − w₀‖₂
 * @param kl                KL(Q‖P) in nats
 * @param n                 number of training examples
 * @param delta             confidence of the PAC-Bayes step (split δ/G over the grid)
 * @param deltaMc           confidence of the Monte Carlo step (Langford–Caruana)
 * @param draws             m, posterior samples in the final Monte Carlo estimate
 * @param empiricalError    ê_m, the Monte Carlo mean training 0–1 error of Q
 * @param empiricalErrorUpper kl⁻¹(ê_m, ln(2/δ_mc)/m) ≥ ê_S(Q) with probability ≥ 1 − δ_mc
 * @param complexity        c = (KL + ln(2√n·G/δ))/n
 * @param mcAllester        ê_upper + √(c/2) (Pinsker relaxation; ≥ klInverse)
 * @param klInverse         kl⁻¹(ê_upper, c): the Langford–Seeger/Maurer bound on the test 0–1 error of Q
 * @param stochasticTestError Monte Carlo mean test 0–1 error of Q (an estimate, not a bound)
 * @param seconds           wall time of this evaluation (for "optimized", including the optimisation)
 */
public record BoundEvaluation(String label, double priorSigma, int gridIndex, int gridSize, double posteriorRmsStd,
        double distanceFromInit, double kl, int n, double delta, double deltaMc, int draws, double empiricalError,
        double empiricalErrorUpper, double complexity, double mcAllester, double klInverse, double stochasticTestError,
        double seconds) {

    /** The bound itself (the tighter of the two forms). */
    public double bound() {
        return klInverse;
    }

    @Override
    public String toString() {
        return String.format("%s: σ_prior=%.4g (grid %d/%d), rms s=%.4g, ‖μ−w₀‖=%.4g, KL=%.5g, ê_MC=%.4f (m=%d, ≤%.4f), c=%.4g, "
                        + "McAllester=%.4f, kl⁻¹=%.4f, stochastic test error≈%.4f, %.1f s", label, priorSigma, gridIndex, gridSize,
                posteriorRmsStd, distanceFromInit, kl, empiricalError, draws, empiricalErrorUpper, complexity, mcAllester, klInverse,
                stochasticTestError, seconds);
    }
}
