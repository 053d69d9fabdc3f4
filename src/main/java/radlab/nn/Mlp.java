package radlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ActivationLayer;
import radlab.nn.layer.Dense;
import radlab.nn.layer.Layer;

/**
 * A fully connected network f(x) = W_L σ(… σ(W_1 x + b_1) …) + b_L with softmax cross-entropy head: the
 * {@link Model} made of {@link Dense} and {@link ActivationLayer}s, with the weight-matrix accessors that
 * MLP-specific code (certificates, sign fitting) uses.
 *
 * <p>Storage convention: layer i's weight is kept as a {@code in × out} matrix so that a batch goes through as
 * {@code H·W}; in the math notation of the papers (W_i is {@code out × in}) it is the transpose. Norms that are not
 * transpose-invariant (the (2,1) norm) are computed on the math-convention matrix by the norms module.
 */
public final class Mlp extends Network {
    private final MlpSpec spec;

    public Mlp(MlpSpec spec, List<INDArray> weights, List<INDArray> biases) {
        super(Architecture.of(spec), layers(spec, weights, biases));
        this.spec = spec;
    }

    private static List<Layer> layers(MlpSpec spec, List<INDArray> weights, List<INDArray> biases) {
        int[] sizes = spec.layerSizes();
        if (weights.size() != spec.depth() || biases.size() != spec.depth()) {
            throw new IllegalArgumentException(String.format("spec %s needs %d weight and bias arrays, got %d and %d",
                    spec.describe(), spec.depth(), weights.size(), biases.size()));
        }
        DataType type = weights.get(0).dataType();
        List<Layer> ls = new ArrayList<>();
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
            ls.add(new Dense(w.castTo(type), b.castTo(type)));
            if (i < spec.depth() - 1) ls.add(new ActivationLayer(spec.activation(), sizes[i + 1]));
        }
        return ls;
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

    /** Number of weight layers L. */
    public int depth() {
        return spec.depth();
    }

    /** Weight of layer i (in × out), live view: do not modify. */
    public INDArray weight(int i) {
        return linearLayers().get(i).weight();
    }

    /** Bias of layer i (1 × out), live view: do not modify. */
    public INDArray bias(int i) {
        return linearLayers().get(i).bias();
    }

    @Override
    public Mlp copy(DataType type) {
        return (Mlp) super.copy(type);
    }

    @Override
    public Mlp copy() {
        return copy(dataType());
    }

    @Override
    public String toString() {
        return String.format("Mlp[%s, %d parameters, %s]", spec.describe(), parameterCount(), dataType());
    }
}
