package radlab.nn;

import java.util.Arrays;
import java.util.stream.Collectors;
import radlab.nn.layer.Activation;

/**
 * Architecture of a fully connected network: layer widths from input to output (e.g. {@code [784, 256, 256, 10]})
 * and the hidden activation. The output layer is linear (logits); the loss applies the softmax.
 */
public record MlpSpec(int[] layerSizes, Activation activation) {
    public MlpSpec {
        if (layerSizes == null || layerSizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output size");
        }
        for (int s : layerSizes) {
            if (s <= 0) throw new IllegalArgumentException("layer sizes must be positive, got " + Arrays.toString(layerSizes));
        }
        if (activation == null) throw new IllegalArgumentException("activation is required");
        layerSizes = layerSizes.clone();
    }

    /** input → hidden... → output. */
    public static MlpSpec of(int inputDim, int[] hidden, int outputDim, Activation activation) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = inputDim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = outputDim;
        return new MlpSpec(sizes, activation);
    }

    @Override
    public int[] layerSizes() {
        return layerSizes.clone();
    }

    /** Number of weight layers L. */
    public int depth() {
        return layerSizes.length - 1;
    }

    public int inputDim() {
        return layerSizes[0];
    }

    public int outputDim() {
        return layerSizes[layerSizes.length - 1];
    }

    /** e.g. "784-256-256-10 relu". */
    public String describe() {
        return Arrays.stream(layerSizes).mapToObj(Integer::toString).collect(Collectors.joining("-")) + " " + activation;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpSpec s && Arrays.equals(layerSizes, s.layerSizes) && activation == s.activation;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(layerSizes) + activation.hashCode();
    }

    @Override
    public String toString() {
        return "MlpSpec[" + describe() + "]";
    }
}
