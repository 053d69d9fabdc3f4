package radlab.pacbayes;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The bound with isotropic posterior N(w, σ²I) around the trained weights and prior N(w₀, σ²I): KL = ‖w − w₀‖²/(2σ²).
 * σ is chosen among the grid points by the bound estimated with a few selection draws (seeded apart from the final
 * draws, so the final Monte Carlo bound is not biased by the choice); the union bound over the grid pays for it.
 */
final class GridBound {
    private GridBound() {}

    /** The chosen grid index. */
    static int select(BoundEvaluator ev, radlab.nn.Model model, INDArray w, radlab.data.Dataset train, PacBayesConfig cfg) {
        int best = 0;
        double bestBound = Double.POSITIVE_INFINITY;
        for (int j = 0; j < cfg.grid().size(); j++) {
            DiagonalGaussian q = DiagonalGaussian.isotropic(w, cfg.grid().sigma(j));
            double c = ev.complexity(q, j);
            if (c > 50) continue; // kl⁻¹ ≥ 1 − e^{−50}: vacuous whatever the error, skip the Monte Carlo cost
            double e = StochasticError.estimate(model, q, train, cfg.selectionDraws(), cfg.seed() * 1_000_003L + 17 + j).mean();
            double b = PacBayesBounds.klInverse(e, c);
            NativeMemory.release(j, 4);
            if (b < bestBound) {
                bestBound = b;
                best = j;
            }
        }
        return best;
    }
}
