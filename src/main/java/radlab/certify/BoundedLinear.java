package radlab.certify;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.util.Broadcasts;

/** out = in·W + b, W stored in × out as in {@link radlab.nn.layer.Dense}. */
record BoundedLinear(INDArray w, INDArray b) implements BoundedModule {
    @Override
    public Interval interval(Interval in) {
        INDArray mid = Broadcasts.addiRow(in.center().mmul(w), b), rad = in.radius().mmul(Transforms.abs(w, true));
        return new Interval(mid.sub(rad), mid.addi(rad));
    }

    @Override
    public Step backward(INDArray a, Interval input) {
        long n = a.size(0), m = a.size(1), out = a.size(2);
        INDArray flat = a.reshape(n * m, out);
        return new Step(flat.mmul(w.transpose()).reshape(n, m, w.rows()), flat.mmul(b.reshape(out, 1)).reshape(n, m));
    }

    /** The objective "this layer's outputs" as a coefficient tensor on its input: Wᵀ repeated per sample (n × out × in). */
    Step identityObjective(long n) {
        INDArray wt = w.transpose().dup();
        return new Step(wt.reshape(1, w.columns(), w.rows()).repeat(0, n), b.reshape(1, w.columns()).repeat(0, n));
    }
}
