package radlab.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.layer.ActivationLayer;
import radlab.nn.layer.Layer;
import radlab.nn.layer.LinearLayer;

/**
 * Everything a forward pass of a {@link Model} computed, kept for backprop, Jacobians and norms.
 * {@code value(j)} is the input of layer j ({@code value(0)} = x, the last value the logits); {@code local(j)} is
 * layer j's derivative state (σ′, pooling masks), computed once on demand.
 *
 * <p>The weight-layer view of the MLP days is kept: {@code input(i)} and {@code preActivation(i)} are the input and
 * output of the i-th weight layer (dense or convolution), {@code slope(i)} is σ′ of {@code preActivation(i)}.
 */
public final class ForwardPass {
    private final Model model;
    private final INDArray[] values;
    private final Object[] locals;
    private final boolean[] localDone;
    private final int[] weightLayers;

    ForwardPass(Model model, INDArray[] values) {
        this.model = model;
        this.values = values;
        this.locals = new Object[values.length - 1];
        this.localDone = new boolean[values.length - 1];
        List<Integer> w = new ArrayList<>();
        for (int j = 0; j < model.layers().size(); j++) if (model.layers().get(j) instanceof LinearLayer) w.add(j);
        this.weightLayers = w.stream().mapToInt(Integer::intValue).toArray();
    }

    public Model model() {
        return model;
    }

    /** Number of layers (values − 1). */
    public int layerCount() {
        return values.length - 1;
    }

    public int batchSize() {
        return (int) values[0].rows();
    }

    /** The input of layer j (j = 0: x; j = layerCount(): the logits). */
    public INDArray value(int j) {
        return values[j];
    }

    /** Layer j's per-pass derivative state ({@link Layer#local}), cached. */
    public Object local(int j) {
        if (!localDone[j]) {
            locals[j] = model.layers().get(j).local(values[j]);
            localDone[j] = true;
        }
        return locals[j];
    }

    /** Whether {@link #local}(j) has been computed (backprop reuses a σ′ mask that exists instead of a fused op). */
    public boolean hasLocal(int j) {
        return localDone[j];
    }

    public INDArray logits() {
        return values[values.length - 1];
    }

    /** Number of weight layers L. */
    public int depth() {
        return weightLayers.length;
    }

    /** h_i, the input to weight layer i (h_0 = x). */
    public INDArray input(int i) {
        return values[weightLayers[i]];
    }

    /** z_{i+1}, the output of weight layer i (the last is the logits). */
    public INDArray preActivation(int i) {
        return values[weightLayers[i] + 1];
    }

    /** σ′(z_{i+1}) for a weight layer i followed by an activation (the diagonal of D_{i+1}), cached. */
    public INDArray slope(int i) {
        int j = weightLayers[i] + 1;
        if (j >= model.layers().size() || !(model.layers().get(j) instanceof ActivationLayer)) {
            throw new IllegalArgumentException("weight layer " + i + " is not followed by an activation");
        }
        return (INDArray) local(j);
    }

    static Layer layer(Model m, int j) {
        return m.layers().get(j);
    }
}
