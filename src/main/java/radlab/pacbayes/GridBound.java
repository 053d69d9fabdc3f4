package radlab.pacbayes;

import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.Dataset;
import radlab.nn.Model;

/**
 * The bound with isotropic posterior N(w, σ²I) around the trained weights and prior N(w₀, σ²I): KL = ‖w − w₀‖²/(2σ²).
 * σ is chosen among the grid points by the bound estimated with a few selection draws (seeded apart from the final
 * draws, so the final Monte Carlo bound is not biased by the choice); the union bound over the grid pays for it.
 */
final class GridBound {
    /**
     * @param bestIndex  the grid point with the smallest estimated bound
     * @param startIndex where the optimisation starts: the largest σ whose estimated stochastic training error is within
     *                   {@link #START_SLACK} of the deterministic one. When every isotropic bound is near 1 the bound's
     *                   minimiser is merely the largest σ, whose posterior is almost a random guesser, a useless start
     *                   (measured on the ℓ2-regularised quick model: σ = 0.5, error 0.89, and the optimisation diverged)
     */
    record Choice(int bestIndex, int startIndex) {}

    static final double START_SLACK = 0.05;

    private GridBound() {}

    static Choice select(BoundEvaluator ev, Model model, INDArray w, Dataset train, double trainError, PacBayesConfig cfg) {
        int best = 0, start = -1;
        double bestBound = Double.POSITIVE_INFINITY;
        for (int j = 0; j < cfg.grid().size(); j++) {
            DiagonalGaussian q = DiagonalGaussian.isotropic(w, cfg.grid().sigma(j));
            double c = ev.complexity(q, j);
            double e = StochasticError.estimate(model, q, train, cfg.selectionDraws(), cfg.seed() * 1_000_003L + 17 + j).mean();
            double b = PacBayesBounds.klInverse(e, Math.min(c, 700)); // beyond c = 700 kl⁻¹ is 1 to double precision
            if (b < bestBound) {
                bestBound = b;
                best = j;
            }
            if (start < 0 && e <= trainError + START_SLACK) start = j;
            NativeMemory.release(j, 4);
        }
        return new Choice(best, start < 0 ? cfg.grid().size() - 1 : start);
    }
}
