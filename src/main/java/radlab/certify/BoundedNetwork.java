package radlab.certify;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.nn.Mlp;

/**
 * An {@link Mlp} as a chain of bounded modules, in double precision, with the output layer folded into the margin spec
 * of the given labels: Linear, Activation, Linear, …, Activation, Margin.
 */
final class BoundedNetwork {
    final List<BoundedModule> hidden;   // Linear, Activation, …, Activation (everything before the margin layer)
    final BoundedMargin margin;

    BoundedNetwork(Mlp model, int[] labels) {
        Mlp m = model.copy(DataType.DOUBLE);
        List<BoundedModule> h = new ArrayList<>();
        for (int i = 0; i < m.depth() - 1; i++) {
            h.add(new BoundedLinear(m.weight(i), m.bias(i)));
            h.add(new BoundedActivation(m.spec().activation()));
        }
        this.hidden = List.copyOf(h);
        this.margin = new BoundedMargin(m.weight(m.depth() - 1), m.bias(m.depth() - 1), labels);
    }
}
