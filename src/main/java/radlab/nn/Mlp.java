package radlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected network f(x) = W_L σ(… σ(W_1 x + b_1) …) + b_L with softmax cross-entropy head, computed in
 * batched ND4J matmuls (one row per example).
 *
 * <p>Storage convention: layer i's weight is kept as a {@code in × out} matrix so that a batch goes through as
 * {@code H·W}; in the math notation of the papers (W_i is {@code out × in}) it is the transpose. Norms that are not
 * transpose-invariant (the (2,1) norm) are computed on the math-convention matrix by the norms module.
 *
 * <p>Parameters are mutable in place (optimizers update them); {@link #copy()} takes a snapshot.
 */
public final class Mlp {
    private final MlpSpec spec;
    private final INDArray[] weights;
    private final INDArray[] biases;

    public Mlp(MlpSpec spec, List<INDArray> weights, List<INDArray> biases) {
        this.spec = spec;
        int[] sizes = spec.layerSizes();
        if (weights.size() != spec.depth() || biases.size() != spec.depth()) {
            throw new IllegalArgumentException(String.format("spec %s needs %d weight and bias arrays, got %d and %d",
                    spec.describe(), spec.depth(), weights.size(), biases.size()));
        }
        this.weights = new INDArray[spec.depth()];
        this.biases = new INDArray[spec.depth()];
        DataType type = weights.get(0).dataType();
        for (int i = 0; i < spec.depth(); i++) {
            INDArray w = weights.get(i), b = biases.get(i);
            if (!Arrays.equals(w.shape(), new long[] {sizes[i], sizes[i + 1]})) {
                throw new IllegalArgumentException(String.format("layer %d weight has shape %s, expected [%d, %d]",
                        i, Arrays.toString(w.shape()), sizes[i], sizes[i + 1]));
            }
            if (!Arrays.equals(b.shape(), new long[] {1, sizes[i + 1]})) {
                throw new IllegalArgumentException(String.format("layer %d bias has shape %s, expected [1, %d]",
                        i, Arrays.toString(b.shape()), sizes[i + 1]));
            }
            this.weights[i] = w.castTo(type);
            this.biases[i] = b.castTo(type);
        }
    }

    /**
     * Seeded random initialisation: He-normal (variance 2/fan_in) for ReLU, LeCun-normal (1/fan_in) for smooth
     * activations, zero biases. The draws come from a {@link SplittableRandom} seeded with {@code seed}, so they do
     * not depend on ND4J's global RNG state.
     */
    public static Mlp initialize(MlpSpec spec, long seed, DataType type) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] sizes = spec.layerSizes();
        List<INDArray> ws = new ArrayList<>(), bs = new ArrayList<>();
        for (int i = 0; i < spec.depth(); i++) {
            int in = sizes[i], out = sizes[i + 1];
            double std = Math.sqrt((spec.activation() == Activation.RELU ? 2.0 : 1.0) / in);
            double[] w = new double[in * out];
            for (int k = 0; k < w.length; k++) w[k] = std * radlab.util.Gaussian.next(rnd);
            ws.add(Nd4j.create(w, new long[] {in, out}, DataType.DOUBLE).castTo(type));
            bs.add(Nd4j.zeros(type, 1, out));
        }
        return new Mlp(spec, ws, bs);
    }

    public MlpSpec spec() {
        return spec;
    }

    public int depth() {
        return weights.length;
    }

    public DataType dataType() {
        return weights[0].dataType();
    }

    /** Weight of layer i (in × out), live view: do not modify. */
    public INDArray weight(int i) {
        return weights[i];
    }

    /** Bias of layer i (1 × out), live view: do not modify. */
    public INDArray bias(int i) {
        return biases[i];
    }

    /** Parameters in optimizer order W_0, b_0, W_1, b_1, … (live arrays, updated in place by optimizers). */
    public List<INDArray> parameters() {
        List<INDArray> p = new ArrayList<>(2 * weights.length);
        for (int i = 0; i < weights.length; i++) {
            p.add(weights[i]);
            p.add(biases[i]);
        }
        return p;
    }

    public long parameterCount() {
        long n = 0;
        for (INDArray p : parameters()) n += p.length();
        return n;
    }

    /** A deep copy, optionally in another precision. */
    public Mlp copy(DataType type) {
        List<INDArray> ws = new ArrayList<>(), bs = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            ws.add(weights[i].castTo(type).dup());
            bs.add(biases[i].castTo(type).dup());
        }
        return new Mlp(spec, ws, bs);
    }

    public Mlp copy() {
        return copy(dataType());
    }

    /** Casts x to this model's precision and checks its width. */
    public INDArray prepareInput(INDArray x) {
        if (x.rank() != 2 || x.columns() != spec.inputDim()) {
            throw new IllegalArgumentException(String.format("input has shape %s but the model %s expects n×%d",
                    Arrays.toString(x.shape()), spec.describe(), spec.inputDim()));
        }
        return x.dataType() == dataType() ? x : x.castTo(dataType());
    }

    public ForwardPass forward(INDArray x) {
        int L = weights.length;
        INDArray[] inputs = new INDArray[L];
        INDArray[] pre = new INDArray[L];
        INDArray h = prepareInput(x);
        for (int i = 0; i < L; i++) {
            inputs[i] = h;
            pre[i] = h.mmul(weights[i]).addiRowVector(biases[i]);
            if (i < L - 1) h = spec.activation().apply(pre[i]);
        }
        return new ForwardPass(this, inputs, pre);
    }

    public INDArray logits(INDArray x) {
        return forward(x).logits();
    }

    /** Predicted class per row. */
    public int[] predict(INDArray x) {
        INDArray am = Nd4j.argMax(logits(x), 1);
        return am.toIntVector();
    }

    /**
     * Reverse-mode pass: gradients of a scalar objective given its gradient w.r.t. the logits.
     *
     * @param fp           the forward pass the objective was computed from
     * @param dLogits      ∂objective/∂logits (n × K)
     * @param extraPreGrad optional extra ∂objective/∂z_{i+1} injected at layer i (null, or an array of length L
     *                     whose null entries mean none); used by Jacobian regularization, whose objective depends
     *                     on the pre-activations through σ′
     * @param inputGrad    whether to return ∂objective/∂x
     */
    public Gradients backward(ForwardPass fp, INDArray dLogits, INDArray[] extraPreGrad, boolean inputGrad) {
        int L = weights.length;
        INDArray[] grads = new INDArray[2 * L];
        INDArray delta = dLogits;
        if (extraPreGrad != null && extraPreGrad[L - 1] != null) delta = delta.add(extraPreGrad[L - 1]);
        INDArray dInput = null;
        for (int i = L - 1; i >= 0; i--) {
            grads[2 * i] = fp.input(i).transpose().mmul(delta);
            grads[2 * i + 1] = delta.sum(true, 0);
            if (i > 0) {
                delta = delta.mmul(weights[i].transpose()).muli(fp.slope(i - 1));
                if (extraPreGrad != null && extraPreGrad[i - 1] != null) delta.addi(extraPreGrad[i - 1]);
            } else if (inputGrad) {
                dInput = delta.mmul(weights[0].transpose());
            }
        }
        return new Gradients(Arrays.asList(grads), dInput);
    }

    @Override
    public String toString() {
        return String.format("Mlp[%s, %d parameters, %s]", spec.describe(), parameterCount(), dataType());
    }
}
