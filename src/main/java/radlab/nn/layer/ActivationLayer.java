package radlab.nn.layer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Element-wise activation h = σ(z). Its VJP multiplies by σ′(z) (the diagonal D of the Jacobian recursion), which is
 * self-adjoint; because σ′ depends on z, ⟨ū, g ⊙ σ′(z)⟩ has the input gradient Σ_seeds(ū ⊙ g) ⊙ σ″(z), zero for
 * ReLU (locally constant pattern).
 */
public record ActivationLayer(Activation activation, int size) implements Layer {
    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public String describe() {
        return activation.toString();
    }

    @Override
    public INDArray forward(INDArray in) {
        return activation.apply(in);
    }

    @Override
    public Object local(INDArray in) {
        return activation.derivative(in);
    }

    @Override
    public INDArray inputVjp(INDArray g, Object local, int r) {
        return Layer.mulPerSample(g, (INDArray) local, r);
    }

    /**
     * {@link #inputVjp} with one seed per sample, from the layer's input instead of its cached σ′: for ReLU one
     * libnd4j op, relu_bp (in &gt; 0 ? g : 0), where the mask route is three (compare, cast to a float mask, multiply),
     * each tens of µs on a 64-row batch. Equal as numbers to {@code inputVjp(g, local(in), 1)}: a masked entry is +0
     * where g·0 gave ±0 (and 0 where NaN·0 gave NaN), which the following sums and products carry only as the sign of
     * an exact zero (NetworkReluBackwardTest: the same gradients and, after Adam steps, the same parameter bits).
     */
    public INDArray inputVjpFromInput(INDArray g, INDArray in) {
        if (activation != Activation.RELU) return inputVjp(g, local(in), 1);
        INDArray out = Nd4j.createUninitialized(g.dataType(), g.shape(), 'c');
        Nd4j.exec(new RectifiedLinearDerivative(in, g, out));
        return out;
    }

    @Override
    public INDArray vjpAdjoint(INDArray ubar, Object local, int r) {
        return Layer.mulPerSample(ubar, (INDArray) local, r);
    }

    @Override
    public INDArray vjpSecondOrder(INDArray ubar, INDArray g, INDArray in, int r) {
        if (activation == Activation.RELU) return null;
        return Layer.sumPerSample(ubar, g, r).muli(activation.secondDerivative(in));
    }
}
