package radlab.certify;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.nn.Model;
import radlab.nn.layer.ActivationLayer;
import radlab.nn.layer.Dense;
import radlab.nn.layer.Layer;

/**
 * A {@link Model} as a chain of bounded modules, in double precision, with the output layer folded into the margin spec
 * of the given labels: Linear, Activation, Linear, …, Activation, Margin. Dense and activation layers have bounded
 * modules today; convolution and pooling layers do not yet ({@link #supports}).
 */
final class BoundedNetwork {
    final List<BoundedModule> hidden;   // Linear, Activation, …, Activation (everything before the margin layer)
    final BoundedMargin margin;

    BoundedNetwork(Model model, int[] labels) {
        if (!supports(model)) throw new IllegalArgumentException("bound propagation supports dense and activation layers only, not " + model.describe());
        Model m = model.copy(DataType.DOUBLE);
        List<Layer> layers = m.layers();
        List<BoundedModule> h = new ArrayList<>();
        for (int j = 0; j < layers.size() - 1; j++) {
            if (layers.get(j) instanceof Dense d) h.add(new BoundedLinear(d.weight(), d.bias()));
            else h.add(new BoundedActivation(((ActivationLayer) layers.get(j)).activation()));
        }
        this.hidden = List.copyOf(h);
        Dense out = (Dense) layers.get(layers.size() - 1);
        this.margin = new BoundedMargin(out.weight(), out.bias(), labels);
    }

    /** Whether every layer has a bounded module (dense and activation layers, ending in a dense layer). */
    static boolean supports(Model model) {
        List<Layer> layers = model.layers();
        return layers.get(layers.size() - 1) instanceof Dense
                && layers.stream().allMatch(l -> l instanceof Dense || l instanceof ActivationLayer);
    }
}
