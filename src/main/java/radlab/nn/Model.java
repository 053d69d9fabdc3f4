package radlab.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.layer.Activation;
import radlab.nn.layer.Layer;
import radlab.nn.layer.LinearLayer;

/**
 * A differentiable classifier x ↦ logits, as a sequence of {@link Layer}s on flat rows (one row per example).
 * This is the one model abstraction every analysis works on: forward passes with every intermediate value
 * ({@link ForwardPass}), parameter and input gradients ({@link #backward}), the batched input-Jacobian recursion and
 * its reverse mode (through each layer's {@link Layer#inputVjp}, {@link Layer#vjpAdjoint},
 * {@link Layer#vjpParameterGradients}, {@link Layer#vjpSecondOrder}), layer-wise weights for norms
 * ({@link #linearLayers()}), and save/load ({@link ModelIO}). {@link Mlp} and convolutional {@link Network}s
 * implement it.
 *
 * <p>Parameters are mutable in place (optimizers update them); {@link #copy()} takes a snapshot.
 */
public interface Model {
    Architecture architecture();

    /** The layers from input to logits (the last is a linear layer without activation). */
    List<Layer> layers();

    DataType dataType();

    default int inputDim() {
        return layers().get(0).inputSize();
    }

    default int outputDim() {
        return layers().get(layers().size() - 1).outputSize();
    }

    /** e.g. "784-256-256-10 relu" or "cnn:c32k5-p2-d128 1×28×28→10 relu". */
    default String describe() {
        return architecture().describe();
    }

    /** The hidden activation. */
    default Activation activation() {
        return architecture().activation();
    }

    /** Parameters in optimizer order, layer by layer (weight, bias), live arrays updated in place by optimizers. */
    default List<INDArray> parameters() {
        return layers().stream().flatMap(l -> l.parameters().stream()).toList();
    }

    default long parameterCount() {
        return parameters().stream().mapToLong(INDArray::length).sum();
    }

    /** The weight layers (dense and convolution) in order: the layers whose norms bounds are built from. */
    default List<LinearLayer> linearLayers() {
        return layers().stream().filter(l -> l instanceof LinearLayer).map(l -> (LinearLayer) l).toList();
    }

    /** A deep copy, optionally in another precision. */
    Model copy(DataType type);

    default Model copy() {
        return copy(dataType());
    }

    /** A freshly initialised model of the same architecture and precision (seeded), e.g. the reference for distances from init. */
    default Model initialized(long seed) {
        return Network.initialize(architecture(), seed, dataType());
    }

    /** Casts x to this model's precision and checks its width. */
    INDArray prepareInput(INDArray x);

    ForwardPass forward(INDArray x);

    default INDArray logits(INDArray x) {
        return forward(x).logits();
    }

    /** Predicted class per row. */
    default int[] predict(INDArray x) {
        return Nd4j.argMax(logits(x), 1).toIntVector();
    }

    /**
     * Reverse-mode pass: gradients of a scalar objective given its gradient w.r.t. the logits.
     *
     * @param fp         the forward pass the objective was computed from
     * @param dLogits    ∂objective/∂logits (n × K)
     * @param extraGrads optional extra ∂objective/∂(value j) injected at {@link ForwardPass#value(int)} j (null, or an
     *                   array of length layers+1 whose null entries mean none); Jacobian regularization uses it for the
     *                   objective's dependence on the pre-activations through σ′
     * @param inputGrad  whether to return ∂objective/∂x
     */
    Gradients backward(ForwardPass fp, INDArray dLogits, INDArray[] extraGrads, boolean inputGrad);

    /**
     * ∂objective/∂x only, given ∂objective/∂logits: the chain of {@link Layer#inputVjp}s without any parameter
     * gradient, for attacks and sign fitting, which never use weight gradients (they are a third of the cost of a
     * {@link #backward} step of an MLP).
     */
    default INDArray inputGradient(ForwardPass fp, INDArray dLogits) {
        INDArray delta = dLogits;
        for (int j = layers().size() - 1; j >= 0; j--) delta = inputVjp(fp, j, delta);
        return delta;
    }

    /**
     * Layer j's {@link Layer#inputVjp} of one seed per sample. An activation whose σ′ nobody has computed yet (plain
     * training, attacks) goes from its input in one op ({@link radlab.nn.layer.ActivationLayer#inputVjpFromInput}; ReLU:
     * relu_bp) instead of building the mask first; a mask that exists (Jacobian regularizers) is reused.
     */
    default INDArray inputVjp(ForwardPass fp, int j, INDArray delta) {
        Layer l = layers().get(j);
        return l instanceof radlab.nn.layer.ActivationLayer a && !fp.hasLocal(j) ? a.inputVjpFromInput(delta, fp.value(j)) : l.inputVjp(delta, fp.local(j), 1);
    }
}
