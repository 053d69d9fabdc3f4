package radlab.certify;

import radlab.data.Dataset;
import radlab.norms.NetworkNorms;
import radlab.nn.Model;
import radlab.train.Evaluator;

/**
 * Lipschitz-margin certificate for ℓ2 (Tsuzuku, Sato &amp; Sugiyama 2018, NeurIPS, "Lipschitz-margin training",
 * Prop. 1): if f is L-Lipschitz in ℓ2, then no ‖δ‖₂ ≤ ε changes the prediction when the margin
 * f_y − max_{j≠y} f_j exceeds √2·L·ε. L = ρ^{L−1}·∏‖W_i‖₂ from {@link NetworkNorms#lipschitzUpperBound()}. The
 * reported lower bound of the margin over the ball is therefore margin − √2·L·ε (the box is not needed: the ball
 * contains ball ∩ box). Power iteration approaches each ‖W_i‖₂ from below, so each factor is inflated by
 * {@link #POWER_ITERATION_SLACK} to keep the certificate sound.
 */
public final class LipschitzMargin {
    public static final double POWER_ITERATION_SLACK = 1e-6;

    private LipschitzMargin() {}

    /** The global ℓ2 Lipschitz constant used by the certificate (inflated as described). */
    public static double lipschitzConstant(Model model) {
        return lipschitzConstant(NetworkNorms.of(model, null, Double.NaN));
    }

    /** The same from layer norms already computed. */
    public static double lipschitzConstant(NetworkNorms norms) {
        if (norms.layers().stream().anyMatch(l -> !l.spectralConverged())) {
            throw new IllegalStateException("power iteration did not converge; no sound Lipschitz constant");
        }
        return norms.lipschitzUpperBound() * Math.pow(1 + POWER_ITERATION_SLACK, norms.layers().size());
    }

    /** Per sample, margin − √2·L·ε (a lower bound of the margin over the ℓ2 ball). */
    public static double[] marginLowerBounds(Model model, Dataset data, double epsilon, double lipschitz) {
        double[] margin = Evaluator.margins(model, data);
        double shift = Math.sqrt(2) * lipschitz * epsilon;
        for (int i = 0; i < margin.length; i++) margin[i] -= shift;
        return margin;
    }
}
