package radlab.certify;

import radlab.data.Dataset;
import radlab.nn.Model;
import radlab.nn.layer.ActivationLayer;
import radlab.nn.layer.Flatten;
import radlab.nn.layer.Layer;
import radlab.nn.layer.LinearLayer;
import radlab.nn.layer.Pool2d;
import radlab.norms.SpectralBounds;
import radlab.train.Evaluator;

/**
 * Lipschitz-margin certificate for ℓ2 (Tsuzuku, Sato &amp; Sugiyama 2018, NeurIPS, "Lipschitz-margin training",
 * Prop. 1): if f is L-Lipschitz in ℓ2, then no ‖δ‖₂ ≤ ε changes the prediction when the margin
 * f_y − max_{j≠y} f_j exceeds √2·L·ε. The reported lower bound of the margin over the ball is therefore
 * margin − √2·L·ε (the box is not needed: the ball contains ball ∩ box).
 *
 * <p>L = ∏_i ŝ_i·∏_a ρ_a with ρ_a each activation layer's largest slope and ŝ_i an upper bound
 * of ‖A_i‖_σ by construction ({@link SpectralBounds#upper}: the SVD for dense layers, the circular-correlation bound
 * for convolutions). Pooling (non-overlapping windows) and flattening are 1-Lipschitz in ℓ2 and contribute 1.
 */
public final class LipschitzMargin {
    private LipschitzMargin() {}

    /**
     * The global ℓ2 Lipschitz upper bound used by the certificate.
     *
     * @throws IllegalArgumentException if the model has a layer this bound does not cover
     * @throws ArithmeticException      if an SVD fails
     */
    public static double lipschitzConstant(Model model) {
        double l = 1;
        for (Layer layer : model.layers()) {
            if (layer instanceof LinearLayer ll) l *= SpectralBounds.upper(ll);
            else if (layer instanceof ActivationLayer a) l *= a.activation().maxSlope();
            else if (!(layer instanceof Pool2d) && !(layer instanceof Flatten)) {
                throw new IllegalArgumentException("no Lipschitz bound for layer " + layer.describe());
            }
        }
        return l;
    }

    /** Per sample, margin − √2·L·ε (a lower bound of the margin over the ℓ2 ball). */
    public static double[] marginLowerBounds(Model model, Dataset data, double epsilon, double lipschitz) {
        double[] margin = Evaluator.margins(model, data);
        double shift = Math.sqrt(2) * lipschitz * epsilon;
        for (int i = 0; i < margin.length; i++) margin[i] -= shift;
        return margin;
    }
}
