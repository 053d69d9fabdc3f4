package radlab.norms;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps a matrix inside {‖W‖_σ ≤ s} during projected-gradient training by rescaling W when its spectral norm
 * exceeds s (docs/theory.md §5.5). The norm comes from power iteration on WᵀW run to convergence — relative change
 * of the estimate below {@link #TOLERANCE} — and warm-started from the previous call's singular vector (the leading
 * singular vector moves little between gradient steps), so a call usually costs a few matrix–vector products.
 * After a call, ‖W‖_σ ≤ s·(1 + 1e-9) for double-precision W (tested against a full SVD); a float W is limited by
 * float rounding of the rescaled entries (~1e-7 relative).
 *
 * <p>Rescaling is a feasible retraction, not the Euclidean projection (which would clip each singular value);
 * it is what spectral-normalisation methods use and keeps the maximiser search inside the constraint set.
 */
public final class SpectralProjector {
    /** Stop when the relative change of σ between two iterations is at most this. */
    public static final double TOLERANCE = 1e-13;
    /** Safety cap on iterations per call (a warm start needs far fewer). */
    public static final int MAX_ITERATIONS = 10_000;

    private final double bound;
    private INDArray v;

    public SpectralProjector(double bound) {
        if (!(bound > 0)) throw new IllegalArgumentException("spectral bound must be positive, got " + bound);
        this.bound = bound;
    }

    /** Computes ‖W‖_σ (warm start) and rescales W in place if it exceeds the bound; returns ‖W‖_σ before rescaling. */
    public double project(INDArray w) {
        INDArray a = w.dataType() == DataType.DOUBLE ? w : w.castTo(DataType.DOUBLE);
        if (v == null) v = Nd4j.ones(DataType.DOUBLE, a.columns(), 1).divi(Math.sqrt(a.columns()));
        double sigma = 0;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            INDArray av = a.mmul(v);
            double next = av.norm2Number().doubleValue();
            INDArray atav = a.transpose().mmul(av);
            double n = atav.norm2Number().doubleValue();
            if (n == 0) return 0;
            v = atav.divi(n);
            boolean done = i > 0 && Math.abs(next - sigma) <= TOLERANCE * next;
            sigma = next;
            if (done) break;
        }
        sigma = a.mmul(v).norm2Number().doubleValue();
        if (sigma > bound) w.muli(bound / sigma);
        return sigma;
    }
}
