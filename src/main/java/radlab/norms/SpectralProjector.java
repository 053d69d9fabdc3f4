package radlab.norms;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keeps a matrix inside {‖W‖_σ ≤ s} during projected-gradient training by rescaling W when its spectral norm
 * exceeds s (docs/theory.md §5.5): the one home of that retraction (network sign fitting, the model ball of the
 * loss-class study). The norm is {@link SpectralBounds#largestSingularValue}, exact to rounding. Power iteration,
 * used here before, approaches ‖W‖_σ from below and its stopping rule bounds nothing when σ1 ≈ σ2: a warm-started
 * run could stop short and leave W outside the set (NormsTest has such a matrix). After a call, ‖W‖_σ ≤ s·(1 + 1e-9)
 * for double-precision W (tested against a full SVD); a float W is limited by float rounding of the rescaled
 * entries (~1e-7 relative).
 *
 * <p>Rescaling is a feasible retraction, not the Euclidean projection (which would clip each singular value);
 * it is what spectral-normalisation methods use and keeps the maximiser search inside the constraint set.
 */
public final class SpectralProjector {
    private final double bound;

    public SpectralProjector(double bound) {
        if (!(bound > 0)) throw new IllegalArgumentException("spectral bound must be positive, got " + bound);
        this.bound = bound;
    }

    /** Rescales W in place if ‖W‖_σ exceeds the bound; returns ‖W‖_σ before rescaling. */
    public double project(INDArray w) {
        return rescale(w, bound);
    }

    /** Rescales W in place to ‖W‖_σ = bound if it exceeds it; returns ‖W‖_σ before rescaling. */
    public static double rescale(INDArray w, double bound) {
        double sigma = SpectralBounds.largestSingularValue(w);
        if (sigma > bound) w.muli(bound / sigma);
        return sigma;
    }
}
