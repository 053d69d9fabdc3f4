package radlab.pacbayes;

/**
 * Everything {@link PacBayesAnalysis} measured on one model.
 *
 * @param model              the model's description
 * @param parameters         number of parameters
 * @param trainSize          n
 * @param trainError         0–1 training error of the trained (deterministic) network
 * @param testError          0–1 test error of the trained network
 * @param grid               the bound with isotropic posterior N(w, σ²I), σ from the grid
 * @param optimizedCandidate the bound of the Dziugaite–Roy posterior (null when no optimisation steps were run)
 * @param optimizationSteps  steps of the optimisation
 * @param surrogateStart     the surrogate objective at the first step
 * @param surrogateEnd       its running average at the last step
 * @param config             the settings
 */
public record PacBayesResult(String model, long parameters, int trainSize, double trainError, double testError, BoundEvaluation grid,
        BoundEvaluation optimizedCandidate, int optimizationSteps, double surrogateStart, double surrogateEnd, PacBayesConfig config) {

    /**
     * The optimized bound: the Dziugaite–Roy posterior's bound, or the grid posterior's when that is tighter. Both were
     * evaluated with δ_mc/2 each and share the prior grid's union bound, so keeping the better one costs nothing
     * more (docs/theory.md §9.5), and the optimized bound is never looser than the grid bound.
     */
    public BoundEvaluation optimized() {
        if (optimizedCandidate == null || optimizedCandidate.bound() > grid.bound()) return grid;
        return optimizedCandidate;
    }

    /** The total failure probability of the reported bounds, δ + δ_mc. */
    public double totalDelta() {
        return config.delta() + config.deltaMc();
    }

    @Override
    public String toString() {
        return String.format("%s (%d parameters, n = %d): train error %.4f, test error %.4f%n  %s%n  %s%n  optimized bound %.4f (δ total %.3g)",
                model, parameters, trainSize, trainError, testError, grid, optimizedCandidate == null ? "no optimisation" : optimizedCandidate,
                optimized().bound(), totalDelta());
    }
}
