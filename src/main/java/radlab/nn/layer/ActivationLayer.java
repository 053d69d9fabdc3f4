package radlab.nn.layer;

import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.Activation;

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
