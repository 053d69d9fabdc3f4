package radlab.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of a scalar objective: one array per parameter in {@link Model#parameters()} order (W_0, b_0, W_1, b_1, …),
 * and the gradient w.r.t. the input batch when it was asked for (else null).
 */
public record Gradients(List<INDArray> parameters, INDArray input) {
    public Gradients {
        parameters = List.copyOf(parameters);
    }
}
