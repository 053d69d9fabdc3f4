package radlab.nn.layer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Image → vector. Rows are already flat (NCHW order), so this is the identity on the data; it marks where the
 * convolutional part ends in descriptions and model files.
 */
public record Flatten(ImageShape in) implements Layer {
    @Override
    public int inputSize() {
        return in.size();
    }

    @Override
    public int outputSize() {
        return in.size();
    }

    @Override
    public String describe() {
        return "flatten " + in + "→" + in.size();
    }

    @Override
    public INDArray forward(INDArray x) {
        return x;
    }

    @Override
    public INDArray inputVjp(INDArray g, Object local, int r) {
        return g;
    }

    @Override
    public INDArray vjpAdjoint(INDArray ubar, Object local, int r) {
        return ubar;
    }
}
