package radlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.util.Broadcasts;

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
        if (fusedApplies(logits)) return evaluateFused(logits, oneHot);
        return evaluateNd4j(logits, oneHot);
    }

    /** The float path of {@link #evaluate}: small class counts (a Java loop per row), float logits. */
    static boolean fusedApplies(INDArray logits) {
        return logits.dataType() == DataType.FLOAT && logits.rank() == 2 && logits.columns() <= FUSED_MAX_CLASSES
                && logits.length() <= Integer.MAX_VALUE;
    }

    /** Up to this many classes the fused loop runs (each row's K logits are a handful of cache lines). */
    static final int FUSED_MAX_CLASSES = 1000;

    /**
     * The same formula in one pass over the n × K logits in Java, float arithmetic, each step as in
     * {@link #evaluateNd4j}: shift by the row max, exp, sum, log, −Σ shifted·y, softmax, (softmax − y)/n. Why: on a
     * training batch (64 × 10) the ND4J formulation is ~10 ops at tens of µs each, the loop a few µs. Not
     * bit-identical: exp and log are Java's (double, rounded to float) instead of libnd4j's expf/logf, which can
     * differ in the last bit; within 1e-6 relative (SoftmaxCrossEntropyFusedTest
     * compares with the ND4J path). Double precision keeps the ND4J path, whose numbers other tests pin.
     */
    static Result evaluateFused(INDArray logits, INDArray oneHot) {
        int n = (int) logits.rows(), k = (int) logits.columns();
        float[] z = contiguousFloats(logits), y = contiguousFloats(oneHot);
        float[] loss = new float[n], grad = new float[n * k];
        float invN = (float) n; // (softmax − y)/n as ND4J's divi(n): division by the float n
        for (int r = 0, o = 0; r < n; r++, o += k) {
            float max = z[o];
            for (int j = 1; j < k; j++) max = Math.max(max, z[o + j]);
            float sumExp = 0f, dot = 0f;
            for (int j = 0; j < k; j++) {
                float shifted = z[o + j] - max;
                float e = (float) Math.exp(shifted);
                grad[o + j] = e;
                sumExp += e;
                dot += shifted * y[o + j];
            }
            loss[r] = (float) Math.log(sumExp) - dot;
            for (int j = 0; j < k; j++) grad[o + j] = (grad[o + j] / sumExp - y[o + j]) / invN;
        }
        INDArray perExample = Nd4j.create(loss, new long[] {n}, 'c');
        // the mean as before (ND4J's float reduction): a double sum differs from it by ~1e-6 relative at n = 1,000
        return new Result(perExample, perExample.meanNumber().doubleValue(), Nd4j.create(grad, new long[] {n, k}, 'c'));
    }

    /** The values of a 2-D array as floats in c order (one bulk copy when it is already contiguous float c order). */
    private static float[] contiguousFloats(INDArray a) {
        INDArray c = a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.elementWiseStride() == 1 && a.offset() == 0 && !a.isView()
                ? a : a.castTo(DataType.FLOAT).dup('c');
        float[] v = new float[(int) c.length()];
        c.data().asNioFloat().get(0, v, 0, v.length);
        // the NIO view does not keep the array alive, and a collected array's native buffer is freed at once
        java.lang.ref.Reference.reachabilityFence(c);
        return v;
    }

    /**
     * The ND4J formulation, bit for bit the numbers {@link #evaluate} gave before the fused float loop: used for double
     * precision and many classes, and by attacks, whose steps take sign(∇) and would flip coordinates on last-bit
     * changes of the gradient (their outputs stay bit-identical); also the reference the fused loop is tested against.
     */
    public static Result evaluateNd4j(INDArray logits, INDArray oneHot) {
        INDArray y = oneHot.dataType() == logits.dataType() ? oneHot : oneHot.castTo(logits.dataType());
        INDArray shifted = Broadcasts.subiColumn(logits.dup(), logits.max(true, 1));
        INDArray exp = Transforms.exp(shifted, true);
        INDArray sumExp = exp.sum(true, 1);
        INDArray logSumExp = Transforms.log(sumExp, true);
        INDArray perExample = logSumExp.sub(shifted.mul(y).sum(true, 1)).reshape(logits.rows());
        INDArray softmax = Broadcasts.diviColumn(exp, sumExp);
        long n = logits.rows();
        INDArray grad = softmax.subi(y).divi(n);
        return new Result(perExample, perExample.meanNumber().doubleValue(), grad);
    }

    /** Softmax probabilities, row-wise. */
    public static INDArray softmax(INDArray logits) {
        INDArray exp = Transforms.exp(Broadcasts.subiColumn(logits.dup(), logits.max(true, 1)), false);
        return Broadcasts.diviColumn(exp, exp.sum(true, 1));
    }

}
