package radlab.bounds;

import java.util.List;
import radlab.norms.NetworkNorms;

/**
 * Everything a bound may read about one trained model and its training sample, independent of the model class:
 * built from a model by {@link ModelBoundInputs} (the one adapter), and from hand-made values in tests.
 *
 * @param layerKinds  kind of each layer, input to output
 * @param norms       the layer norms (math convention, out × in)
 * @param activation  facts about the hidden activation
 * @param biases      whether any bias is non-zero (the classic bounds cover bias-free networks)
 * @param data        statistics of the training sample
 * @param margin      the margin γ of the margin bounds and how it was chosen
 * @param loss        the largest training cross-entropy, and whether the loss range was measured rather than known
 * @param samples     per-training-sample cross-entropy and ‖J(x_i)‖_F (the robust surrogate of docs/theory.md §6.7)
 * @param epsilonL2   ℓ2 threat radius of the robust bounds
 * @param epsilonLinf ℓ∞ threat radius of the robust bounds
 * @param delta       confidence parameter δ (bounds hold with probability ≥ 1 − δ)
 */
public record BoundInputs(List<LayerKind> layerKinds, NetworkNorms norms, Activation activation, boolean biases, Data data,
                          Margin margin, LossRange loss, TrainSamples samples, double epsilonL2, double epsilonLinf, double delta) {
    /** δ used by radlab's reports. */
    public static final double DEFAULT_DELTA = 0.05;

    public enum LayerKind { DENSE, CONVOLUTION }

    /**
     * @param name                  e.g. "relu"
     * @param maxSlope              ρ = sup|σ′|
     * @param slopeLipschitz        Lip(σ′) = sup|σ″| (∞ for ReLU)
     * @param zeroAtZero            σ(0) = 0
     * @param positivelyHomogeneous σ(cz) = c·σ(z) for c ≥ 0
     */
    public record Activation(String name, double maxSlope, double slopeLipschitz, boolean zeroAtZero, boolean positivelyHomogeneous) {}

    /**
     * @param n            training sample size
     * @param xFrobenius   ‖X‖_F = √(Σ_i ‖x_i‖₂²)
     * @param maxInputNorm B_x = max_i ‖x_i‖₂
     * @param inputDim     d
     * @param outputs      K
     */
    public record Data(int n, double xFrobenius, double maxInputNorm, int inputDim, int outputs) {}

    /**
     * @param gamma           γ &gt; 0
     * @param chosenOnData    true when γ was read off the training margins (then a fixed-γ bound is not guaranteed)
     * @param trainMarginLoss R̂_γ: fraction of training samples with margin f_y(x) − max_{j≠y} f_j(x) ≤ γ
     */
    public record Margin(double gamma, boolean chosenOnData, double trainMarginLoss) {}

    /**
     * @param value    the largest training cross-entropy (the reconstruction's range M is that of its surrogate, §6.7)
     * @param measured true when the loss is unbounded, so any range is measured on the data, not known in advance
     */
    public record LossRange(double value, boolean measured) {}

    /**
     * One value per training sample, in sample order; copied in and out, so a value never changes after it is made.
     *
     * @param losses            ℓ(f(x_i), y_i), the softmax cross-entropy
     * @param jacobianFrobenius ‖J(x_i)‖_F = ‖∂f(x_i)/∂x‖_F
     */
    public record TrainSamples(double[] losses, double[] jacobianFrobenius) {
        public TrainSamples {
            losses = losses.clone();
            jacobianFrobenius = jacobianFrobenius.clone();
            if (losses.length != jacobianFrobenius.length) {
                throw new IllegalArgumentException(losses.length + " losses for " + jacobianFrobenius.length + " Jacobian norms");
            }
        }

        @Override
        public double[] losses() {
            return losses.clone();
        }

        @Override
        public double[] jacobianFrobenius() {
            return jacobianFrobenius.clone();
        }

        public int size() {
            return losses.length;
        }

        /** By content: the generated equals compares arrays by identity. */
        @Override
        public boolean equals(Object o) {
            return radlab.util.RecordValues.equal(this, o);
        }

        @Override
        public int hashCode() {
            return radlab.util.RecordValues.hash(this);
        }
    }

    public BoundInputs {
        layerKinds = List.copyOf(layerKinds);
        if (layerKinds.size() != norms.layers().size()) {
            throw new IllegalArgumentException(layerKinds.size() + " layer kinds for " + norms.layers().size() + " layers");
        }
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("δ must be in (0,1), got " + delta);
        if (samples.size() != data.n()) throw new IllegalArgumentException(samples.size() + " per-sample values for n = " + data.n());
    }

    /**
     * W̄ = max_i d_i·m_i: the number of entries of the largest weight matrix (a dense layer's number of weights, biases
     * not counted). It is the "number of parameters" W of Graf et al.'s spectral bound and the d·m of BFT's matrix
     * covering lemma (docs/theory.md §6.3). For a convolution it is the entry count of its dense matrix.
     */
    public long maxLayerEntries() {
        return norms.layers().stream().mapToLong(l -> (long) l.rows() * l.columns()).max().orElse(1);
    }
}
