package radlab.certify;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.nn.layer.Activation;

/** An element-wise monotone activation: interval image [σ(l), σ(u)], backward step through {@link ActivationRelaxation}. */
record BoundedActivation(Activation activation) implements BoundedModule {
    @Override
    public Interval interval(Interval in) {
        return new Interval(activation.apply(in.lower().dup()), activation.apply(in.upper().dup()));
    }

    /** Positive coefficients take the lower line, negative ones the upper line (a lower bound of the objective). */
    @Override
    public Step backward(INDArray a, Interval input) {
        ActivationRelaxation r = ActivationRelaxation.of(activation, input.lower(), input.upper());
        long n = a.size(0), w = a.size(2);
        INDArray pos = Transforms.max(a, 0.0, true), neg = Transforms.min(a, 0.0, true);
        INDArray next = pos.mul(r.lowerSlope().reshape(n, 1, w)).addi(neg.mul(r.upperSlope().reshape(n, 1, w)));
        INDArray bias = pos.mul(r.lowerIntercept().reshape(n, 1, w)).addi(neg.mul(r.upperIntercept().reshape(n, 1, w))).sum(2);
        return new Step(next, bias);
    }
}
