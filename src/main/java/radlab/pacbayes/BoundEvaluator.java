package radlab.pacbayes;

import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.Dataset;
import radlab.nn.Model;

/** Evaluates the PAC-Bayes bound of a posterior against a grid prior with fresh Monte Carlo draws (docs/theory.md §9). */
final class BoundEvaluator {
    private final Model model;
    private final INDArray w0;
    private final Dataset train;
    private final Dataset test;
    private final PacBayesConfig config;

    BoundEvaluator(Model model, INDArray w0, Dataset train, Dataset test, PacBayesConfig config) {
        this.model = model;
        this.w0 = w0;
        this.train = train;
        this.test = test;
        this.config = config;
    }

    INDArray w0() {
        return w0;
    }

    double kl(DiagonalGaussian q, int gridIndex) {
        double s = config.grid().sigma(gridIndex);
        return q.klToIsotropic(w0, s * s);
    }

    /** The complexity c of posterior q with prior grid point j. */
    double complexity(DiagonalGaussian q, int gridIndex) {
        return PacBayesBounds.complexity(kl(q, gridIndex), train.size(), config.grid().size(), config.delta());
    }

    BoundEvaluation evaluate(String label, DiagonalGaussian q, int gridIndex, long seed, long startNanos) {
        double kl = kl(q, gridIndex);
        double c = complexity(q, gridIndex);
        StochasticError.Estimate tr = StochasticError.estimate(model, q, train, config.draws(), seed);
        StochasticError.Estimate te = StochasticError.estimate(model, q, test, Math.max(1, config.draws() / 5), seed + 1);
        double upper = PacBayesBounds.monteCarloUpper(tr.mean(), tr.draws(), config.deltaMcEach());
        return new BoundEvaluation(label, config.grid().sigma(gridIndex), gridIndex, config.grid().size(), q.rmsStd(), q.distance(w0), kl,
                train.size(), config.delta(), config.deltaMcEach(), tr.draws(), tr.mean(), upper, c, PacBayesBounds.mcAllester(upper, c),
                PacBayesBounds.klInverse(upper, c), te.mean(), (System.nanoTime() - startNanos) / 1e9);
    }
}
