package radlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything a forward pass of an {@link Mlp} computed, kept for backprop, Jacobians and norms.
 * Layer index i runs over the L weight layers, 0-based: {@code input(i)} is h_i (h_0 = x) and {@code preActivation(i)}
 * is z_{i+1} = h_i W_i + b_i; the last pre-activation is the logits.
 */
public final class ForwardPass {
    private final Mlp model;
    private final INDArray[] inputs;
    private final INDArray[] preActivations;
    private final INDArray[] slopes;

    ForwardPass(Mlp model, INDArray[] inputs, INDArray[] preActivations) {
        this.model = model;
        this.inputs = inputs;
        this.preActivations = preActivations;
        this.slopes = new INDArray[preActivations.length];
    }

    public Mlp model() {
        return model;
    }

    /** Number of weight layers L. */
    public int depth() {
        return preActivations.length;
    }

    public int batchSize() {
        return (int) inputs[0].rows();
    }

    /** h_i, the input to weight layer i (h_0 = x). */
    public INDArray input(int i) {
        return inputs[i];
    }

    /** z_{i+1} = h_i W_i + b_i. */
    public INDArray preActivation(int i) {
        return preActivations[i];
    }

    public INDArray logits() {
        return preActivations[preActivations.length - 1];
    }

    /** σ′(z_{i+1}) for a hidden layer i &lt; L−1, computed once and cached (the diagonal of D_{i+1}). */
    public INDArray slope(int i) {
        if (i >= preActivations.length - 1) throw new IllegalArgumentException("layer " + i + " is the linear output layer");
        if (slopes[i] == null) slopes[i] = model.spec().activation().derivative(preActivations[i]);
        return slopes[i];
    }
}
