package radlab.nn.layer;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer out = A·in + b with a weight operator A (dense, convolution). Norms, path norms and Lipschitz bounds work
 * on A through these methods without knowing its layout.
 */
public interface LinearLayer extends Layer {
    /** Rows through the bias-free operator: in ↦ A·in (n × inputSize → n × outputSize). */
    INDArray applyOperator(INDArray in);

    /** Rows through the transpose: out ↦ Aᵀ·out. */
    INDArray applyTranspose(INDArray out);

    /** Rows through the operator whose entries are |A_ij|^p (for row sums, path norms and ‖·‖_{1,∞}). */
    INDArray applyEntrywisePower(INDArray in, double p);

    /** The weight array (live), the first of {@link #parameters()}. */
    INDArray weight();

    /** The bias row (live). */
    INDArray bias();

    /** The same layer with weight {@code w} and this layer's bias. */
    default LinearLayer withWeight(INDArray w) {
        return (LinearLayer) withParameters(List.of(w, bias()));
    }

    /** Whether A is a dense matrix (bounds proved for fully connected layers apply as stated). */
    boolean dense();

    @Override
    default INDArray vjpAdjoint(INDArray ubar, Object local, int r) {
        return applyOperator(ubar);
    }

    @Override
    default List<INDArray> vjpParameterGradients(INDArray ubar, INDArray g) {
        // ⟨ū, Aᵀg⟩ = ⟨Aū, g⟩: the weight gradient of a forward pass with input ū and output gradient g; no bias.
        List<INDArray> full = parameterGradients(ubar, g);
        return List.of(full.get(0), full.get(1).assign(0));
    }
}
