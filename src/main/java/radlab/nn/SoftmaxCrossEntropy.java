package radlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax cross-entropy on logits, ℓ(z, y) = −z_y + log Σ_k exp(z_k), computed stably by subtracting the row max.
 * As a function of the logits it is √2-Lipschitz in ‖·‖₂ (‖softmax(z) − e_y‖₂ ≤ √2), the constant the surrogate
 * bounds use.
 */
public final class SoftmaxCrossEntropy {
    /** The Lipschitz constant of ℓ(·, y) w.r.t. the logits in ‖·‖₂. */
    public static final double LIPSCHITZ_L2 = Math.sqrt(2.0);

    /**
     * @param perExample ℓ(f(x_i), y_i), an n-vector
     * @param mean       the batch mean
     * @param gradMean   ∂ mean / ∂ logits (n × K) = (softmax − onehot)/n
     */
    public record Result(INDArray perExample, double mean, INDArray gradMean) {}

    private SoftmaxCrossEntropy() {}

    public static Result evaluate(INDArray logits, INDArray oneHot) {
        if (!java.util.Arrays.equals(logits.shape(), oneHot.shape())) {
            throw new IllegalArgumentException("logits " + java.util.Arrays.toString(logits.shape()) + " and one-hot labels "
                    + java.util.Arrays.toString(oneHot.shape()) + " differ in shape");
        }
        INDArray y = oneHot.dataType() == logits.dataType() ? oneHot : oneHot.castTo(logits.dataType());
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray exp = Transforms.exp(shifted, true);
        INDArray sumExp = exp.sum(true, 1);
        INDArray logSumExp = Transforms.log(sumExp, true);
        INDArray perExample = logSumExp.sub(shifted.mul(y).sum(true, 1)).reshape(logits.rows());
        INDArray softmax = exp.diviColumnVector(sumExp);
        long n = logits.rows();
        INDArray grad = softmax.subi(y).divi(n);
        return new Result(perExample, perExample.meanNumber().doubleValue(), grad);
    }

    /** Softmax probabilities, row-wise. */
    public static INDArray softmax(INDArray logits) {
        INDArray exp = Transforms.exp(logits.subColumnVector(logits.max(true, 1)), false);
        return exp.diviColumnVector(exp.sum(true, 1));
    }

}
