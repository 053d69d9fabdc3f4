package radlab.pacbayes;

import radlab.spec.Defaults.PacBayes;

/**
 * Settings of {@link PacBayesAnalysis}. δ + δ_mc is the total failure probability of the reported bounds: δ for the
 * PAC-Bayes step (split over the prior grid), δ_mc for the Monte Carlo step (split over the two reported posteriors).
 *
 * @param grid            prior σ grid
 * @param delta           δ of the PAC-Bayes step (Dziugaite & Roy: 0.025)
 * @param deltaMc         δ' of the Monte Carlo step (Dziugaite & Roy: 0.01)
 * @param draws           posterior draws m of each final Monte Carlo estimate
 * @param selectionDraws  draws per grid point when choosing σ (independent of the final draws)
 * @param steps           optimisation steps of the Dziugaite–Roy bound (0: no optimisation)
 * @param batchSize       minibatch of each optimisation step
 * @param learningRate    SGD (Nesterov momentum 0.9) step size for the posterior means
 * @param varianceLearningRate Adam step size for the log standard deviations and ln λ
 * @param seed            seed of every random draw (selection, optimisation, final estimates use derived seeds)
 * @param surrogate       the objective the optimisation minimises (the final bound is the same for both)
 */
public record PacBayesConfig(PriorGrid grid, double delta, double deltaMc, int draws, int selectionDraws, int steps, int batchSize,
        double learningRate, double varianceLearningRate, long seed, Surrogate surrogate) {
    /** The differentiable objective of the Dziugaite–Roy optimisation (docs/theory.md §9.5). */
    public enum Surrogate {
        /** L + √((KL + ln(2√n·G/δ))/(2n)), as Dziugaite & Roy. */
        MCALLESTER,
        /** L + (KL + ln(2√n·G/δ))/n, Thiemann et al.'s λ-bound at λ = 1 up to a factor 2: a KL pull that does not fade as KL grows. */
        LINEAR
    }

    public static PacBayesConfig defaults() {
        return new PacBayesConfig(PriorGrid.standard(), PacBayes.DELTA, PacBayes.DELTA_MC, PacBayes.DRAWS, PacBayes.SELECTION_DRAWS,
                PacBayes.STEPS, PacBayes.BATCH_SIZE, PacBayes.LEARNING_RATE, PacBayes.VARIANCE_LEARNING_RATE, PacBayes.SEED,
                Surrogate.valueOf(PacBayes.SURROGATE.toUpperCase(java.util.Locale.ROOT)));
    }

    public PacBayesConfig(PriorGrid grid, double delta, double deltaMc, int draws, int selectionDraws, int steps, int batchSize,
            double learningRate, double varianceLearningRate, long seed) {
        this(grid, delta, deltaMc, draws, selectionDraws, steps, batchSize, learningRate, varianceLearningRate, seed, Surrogate.MCALLESTER);
    }

    public PacBayesConfig {
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("--delta must lie in (0, 1), got " + delta);
        if (!(deltaMc > 0 && deltaMc < 1)) throw new IllegalArgumentException("--delta-mc must lie in (0, 1), got " + deltaMc);
        if (draws < 1) throw new IllegalArgumentException("--draws must be positive, got " + draws);
        if (selectionDraws < 1) throw new IllegalArgumentException("--selection-draws must be positive, got " + selectionDraws);
        if (steps < 0) throw new IllegalArgumentException("--steps must be ≥ 0, got " + steps);
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        if (!(learningRate > 0) || !(varianceLearningRate > 0)) throw new IllegalArgumentException("learning rates must be positive");
        if (surrogate == null) throw new IllegalArgumentException("surrogate must be given");
    }

    public PacBayesConfig withSteps(int s) {
        return new PacBayesConfig(grid, delta, deltaMc, draws, selectionDraws, s, batchSize, learningRate, varianceLearningRate, seed, surrogate);
    }

    /** Each of the two reported posteriors (grid, optimized) gets δ_mc/2, so both bounds hold together and the better may be kept. */
    double deltaMcEach() {
        return deltaMc / 2;
    }
}
