package radlab.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of a scalar objective: one array per parameter in {@link Mlp#parameters()} order (W_0, b_0, W_1, b_1, …),
 * and the gradient w.r.t. the input batch when it was asked for (else null).
 */
public record Gradients(List<INDArray> parameters, INDArray input) {
    public Gradients {
        parameters = List.copyOf(parameters);
    }

    /** this + scale·other, parameter by parameter (new arrays; input gradients are added where both exist). */
    public Gradients plus(Gradients other, double scale) {
        List<INDArray> sum = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) sum.add(parameters.get(i).add(other.parameters.get(i).mul(scale)));
        INDArray in = input == null || other.input == null ? input : input.add(other.input.mul(scale));
        return new Gradients(sum, in);
    }
}
