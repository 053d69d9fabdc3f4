package radlab.rademacher;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.Model;
import radlab.nn.layer.Dense;
import radlab.nn.layer.LinearLayer;

/**
 * The class F around a trained network f̂ (docs/theory.md §4.5): networks of f̂'s architecture with f̂'s biases, every
 * layer's spectral norm ≤ that of f̂ (optionally also its Frobenius norm ≤ that of f̂), and the mean input-Jacobian
 * norm on the sample (1/n)Σ‖J(x_i)‖_F ≤ that of f̂. Works in double precision so the constraints hold to 1e-9 relative.
 *
 * @param reference  f̂ in double precision (dense layers only)
 * @param spectral   per-layer bounds s_l = ‖W_l(f̂)‖_σ
 * @param frobenius  per-layer bounds b_l = ‖W_l(f̂)‖_F, or null when not constrained
 * @param jacobianMean τ = (1/n)Σ‖J_f̂(x_i)‖_F on the sample, or NaN when not constrained
 */
public record ModelBall(Model reference, double[] spectral, double[] frobenius, double jacobianMean) {
    public ModelBall {
        spectral = spectral == null ? null : spectral.clone();
        frobenius = frobenius == null ? null : frobenius.clone();
    }

    @Override
    public double[] spectral() {
        return spectral == null ? null : spectral.clone();
    }

    /** Per-layer Frobenius radii (a copy), or null when not constrained. */
    @Override
    public double[] frobenius() {
        return frobenius == null ? null : frobenius.clone();
    }

    @Override
    public boolean equals(Object o) {
        return radlab.util.RecordValues.equal(this, o);
    }

    @Override
    public int hashCode() {
        return radlab.util.RecordValues.hash(this);
    }

    /** Relative tolerance to which {@link #project} keeps every constraint (tested). */
    public static final double TOLERANCE = 1e-9;

    /** The ball around {@code fhat} with its norms measured on sample {@code x}. */
    public static ModelBall around(Model fhat, INDArray x, boolean withFrobenius, boolean withJacobian) {
        Model ref = fhat.copy(DataType.DOUBLE);
        for (LinearLayer l : ref.linearLayers()) {
            if (!(l instanceof Dense)) throw new IllegalArgumentException("loss-class sign fitting supports dense networks only, got " + ref.describe());
        }
        List<LinearLayer> ls = ref.linearLayers();
        double[] s = new double[ls.size()], b = new double[ls.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = spectralNorm(ls.get(i).weight());
            b[i] = ls.get(i).weight().norm2Number().doubleValue();
        }
        double tau = withJacobian ? JacobianValues.meanFrobenius(ref, x) : Double.NaN;
        return new ModelBall(ref, s, withFrobenius ? b : null, tau);
    }

    /**
     * ‖W‖_σ, the largest singular value ({@link radlab.norms.SpectralBounds#largestSingularValue}: LAPACK's symmetric
     * eigensolver on the Gram matrix): exact to rounding, and with no iteration state, so results do not depend on
     * which thread ran which draw (power iteration to 1e-13 took ~0.3 s per layer and step here).
     */
    public static double spectralNorm(INDArray w) {
        return radlab.norms.SpectralBounds.largestSingularValue(w);
    }

    /**
     * Retraction of {@code m} into the ball, in place: each layer is rescaled to its Frobenius then its spectral bound,
     * then the last layer is rescaled so the mean Jacobian norm is ≤ τ (J is linear in the last weight matrix, so the
     * rescaling is exact; it only shrinks that layer, so the layer bounds stay satisfied).
     */
    public void project(Model m, INDArray x) {
        List<LinearLayer> ls = m.linearLayers();
        for (int i = 0; i < ls.size(); i++) {
            INDArray w = ls.get(i).weight();
            if (frobenius != null) {
                double f = w.norm2Number().doubleValue();
                if (f > frobenius[i]) w.muli(frobenius[i] / f);
            }
            radlab.norms.SpectralProjector.rescale(w, spectral[i]);
        }
        if (!Double.isNaN(jacobianMean)) {
            double mean = JacobianValues.meanFrobenius(m, x);
            if (mean > jacobianMean) ls.get(ls.size() - 1).weight().muli(jacobianMean / mean);
        }
    }

    /** A fresh start inside the ball: f̂'s architecture initialised from {@code seed}, with f̂'s biases, projected. */
    public Model randomStart(long seed, INDArray x) {
        Model m = reference.initialized(seed).copy(DataType.DOUBLE);
        List<LinearLayer> ls = m.linearLayers(), ref = reference.linearLayers();
        for (int i = 0; i < ls.size(); i++) ls.get(i).bias().assign(ref.get(i).bias());
        project(m, x);
        return m;
    }

    public String describe() {
        return "‖W_l‖_σ ≤ ‖Ŵ_l‖_σ" + (frobenius == null ? "" : ", ‖W_l‖_F ≤ ‖Ŵ_l‖_F")
                + (Double.isNaN(jacobianMean) ? "" : String.format(", mean ‖J‖_F ≤ %.4g", jacobianMean)) + " around " + reference.describe();
    }
}
