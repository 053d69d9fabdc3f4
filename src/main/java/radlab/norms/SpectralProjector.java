package radlab.norms;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps a matrix inside {‖W‖_σ ≤ s} during projected-gradient training by rescaling W when its spectral norm
 * exceeds s. The norm is tracked by a few warm-started power iterations per call (the leading singular vector moves
 * little between gradient steps), so each projection costs a handful of matrix–vector products.
 *
 * <p>Rescaling is a feasible retraction, not the Euclidean projection (which would clip each singular value);
 * it is what spectral-normalisation methods use and keeps the maximiser search inside the constraint set.
 */
public final class SpectralProjector {
    private final double bound;
    private final int iterations;
    private INDArray v;

    public SpectralProjector(double bound, int iterations) {
        if (!(bound > 0)) throw new IllegalArgumentException("spectral bound must be positive, got " + bound);
        this.bound = bound;
        this.iterations = iterations;
    }

    /** Estimates ‖W‖_σ (warm start) and rescales W in place if it exceeds the bound; returns the estimate. */
    public double project(INDArray w) {
        INDArray a = w.dataType() == DataType.DOUBLE ? w : w.castTo(DataType.DOUBLE);
        if (v == null) v = Nd4j.ones(DataType.DOUBLE, a.columns(), 1).divi(Math.sqrt(a.columns()));
        double sigma = 0;
        for (int i = 0; i < iterations; i++) {
            INDArray av = a.mmul(v);
            sigma = av.norm2Number().doubleValue();
            INDArray atav = a.transpose().mmul(av);
            double n = atav.norm2Number().doubleValue();
            if (n == 0) return 0;
            v = atav.divi(n);
        }
        sigma = a.mmul(v).norm2Number().doubleValue();
        if (sigma > bound) w.muli(bound / sigma);
        return sigma;
    }
}
