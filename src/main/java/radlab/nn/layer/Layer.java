package radlab.nn.layer;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One differentiable layer of a network. Every array is a batch of flat rows (n × size; images are flattened in
 * NCHW order), so layers compose and the batched Jacobian recursion runs on plain 2-D arrays.
 *
 * <p>Besides the forward pass a layer knows the four maps that backprop, input Jacobians and exact Jacobian
 * regularization (double backprop) need. With seed rows laid out sample-major (row b·R + r is seed r of sample b):
 * <ul>
 *   <li>{@link #inputVjp}: g ↦ gᵀ·∂out/∂in for all n·R rows (the backward step of the Jacobian recursion);</li>
 *   <li>{@link #parameterGradients}: the ordinary weight and bias gradients;</li>
 *   <li>{@link #vjpAdjoint}: the adjoint of g ↦ inputVjp(g) (for linear layers the bias-free forward; for
 *       element-wise activations and max pooling the same mask as the VJP);</li>
 *   <li>{@link #vjpParameterGradients} and {@link #vjpSecondOrder}: ∂⟨ū, inputVjp(g)⟩ w.r.t. the parameters and
 *       w.r.t. the layer input (the σ″ term; zero for linear layers, ReLU and max pooling, which are locally
 *       linear).</li>
 * </ul>
 * Layers are immutable in structure; their parameter arrays are live and updated in place by optimizers.
 */
public interface Layer {
    /** Width of an input row. */
    int inputSize();

    /** Width of an output row. */
    int outputSize();

    /** Short description, e.g. "dense 784→256" or "conv 32×5×5 s1 p0 1×28×28→32×24×24". */
    String describe();

    /** Parameter arrays in optimizer order (weights before biases), live. */
    default List<INDArray> parameters() {
        return List.of();
    }

    /** The same layer with other parameter arrays (same shapes and order as {@link #parameters()}). */
    default Layer withParameters(List<INDArray> params) {
        if (!params.isEmpty()) throw new IllegalArgumentException(describe() + " has no parameters");
        return this;
    }

    /** A deep copy in precision {@code type}. */
    default Layer copy(DataType type) {
        return withParameters(parameters().stream().map(p -> p.castTo(type).dup()).toList());
    }

    /** n × inputSize → n × outputSize. */
    INDArray forward(INDArray in);

    /** Per-pass derivative state computed from the input once (σ′(z), the max-pooling selection); null if none. */
    default Object local(INDArray in) {
        return null;
    }

    /**
     * Vector–Jacobian products w.r.t. the input: (n·r) × outputSize → (n·r) × inputSize.
     *
     * @param local {@link #local} of the n inputs (broadcast over the r seeds of each sample)
     */
    INDArray inputVjp(INDArray g, Object local, int r);

    /** Gradients of Σ_rows ⟨g, out⟩ w.r.t. the parameters, in {@link #parameters()} order. */
    default List<INDArray> parameterGradients(INDArray in, INDArray g) {
        return List.of();
    }

    /** Adjoint of the linear map g ↦ inputVjp(g, local, r): (n·r) × inputSize → (n·r) × outputSize. */
    INDArray vjpAdjoint(INDArray ubar, Object local, int r);

    /** ∂ Σ⟨ū, inputVjp(g)⟩ / ∂parameters at fixed local state (the weight gradient of the seed rows; biases get 0). */
    default List<INDArray> vjpParameterGradients(INDArray ubar, INDArray g) {
        return List.of();
    }

    /**
     * ∂ Σ⟨ū, inputVjp(g)⟩ / ∂in through the local state, n × inputSize, or null where it is zero (linear layers,
     * ReLU, max pooling).
     */
    default INDArray vjpSecondOrder(INDArray ubar, INDArray g, INDArray in, int r) {
        return null;
    }

    /** rows ⊙ perSample, where each of the R consecutive rows of a sample is scaled by that sample's row. */
    static INDArray mulPerSample(INDArray rows, INDArray perSample, int r) {
        if (r == 1) return rows.mul(perSample);
        long n = perSample.rows(), w = rows.columns();
        return rows.reshape('c', n, r, w).mul(perSample.reshape('c', n, 1, w)).reshape('c', n * r, w);
    }

    /** Σ_r (a ⊙ b) over the R seeds of each sample: (n·R) × w → n × w. */
    static INDArray sumPerSample(INDArray a, INDArray b, int r) {
        INDArray prod = a.mul(b);
        if (r == 1) return prod;
        return prod.reshape('c', prod.rows() / r, r, prod.columns()).sum(1);
    }
}
