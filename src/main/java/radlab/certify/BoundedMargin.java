package radlab.certify;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.data.Dataset;

/**
 * The output layer folded with the certification spec: out_j = f_y − f_j = h·(W_y − W_j) + (b_y − b_j) for each
 * class j, per sample (its own true class y). Folding the spec into the last layer, before any bound is taken, is
 * what makes the bound on a difference of logits tighter than the difference of the logits' bounds (Gowal et al.
 * 2018, "On the effectiveness of interval bound propagation…", §3; auto_LiRPA's {@code C} matrix). out_y = 0.
 */
final class BoundedMargin implements BoundedModule {
    private final INDArray w;   // n × in × K
    private final INDArray b;   // n × K

    BoundedMargin(INDArray weight, INDArray bias, int[] labels) {
        long in = weight.rows(), k = weight.columns(), n = labels.length;
        INDArray y = Dataset.oneHot(labels, (int) k, DataType.DOUBLE);
        INDArray wy = y.mmul(weight.transpose());                  // n × in: W_y per sample
        this.w = wy.reshape(n, in, 1).sub(weight.reshape(1, in, k));
        this.b = y.mmul(bias.reshape(k, 1)).reshape(n, 1).sub(bias.reshape(1, k));
    }

    @Override
    public Interval interval(Interval in) {
        long n = w.size(0), inDim = w.size(1);
        INDArray mid = w.mul(in.center().reshape(n, inDim, 1)).sum(1).addi(b);
        INDArray rad = Transforms.abs(w, true).muli(in.radius().reshape(n, inDim, 1)).sum(1);
        return new Interval(mid.sub(rad), mid.addi(rad));
    }

    @Override
    public Step backward(INDArray a, Interval input) {
        throw new UnsupportedOperationException("the margin layer is where the backward pass starts");
    }

    /** The objective "all K margins" as coefficients on this layer's input (n × K × in) and constants (n × K). */
    Step objective() {
        return new Step(w.permute(0, 2, 1).dup(), b.dup());
    }
}
