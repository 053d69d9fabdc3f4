package radlab.spec;

import static radlab.spec.SpecException.require;

import java.util.ArrayList;
import java.util.List;

/**
 * The network: an architecture string and the hidden activation. Only the {@code mlp:W1,W2,...} grammar (hidden
 * widths of a fully connected ReLU/tanh/softplus network, input and output sizes taken from the data) is accepted
 * here; the model branch's full grammar ({@code cnn:...}) plugs into {@link #parseHidden}.
 */
public record ModelSpec(String arch, String activation) {
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "softplus");
    static final int MAX_WIDTH = 1 << 16;

    public ModelSpec {
        require(arch != null, "arch", "is required");
        parseHidden(arch);
        require(activation != null && ACTIVATIONS.contains(activation), "activation",
                "unknown activation '" + activation + "'; expected one of " + String.join(", ", ACTIVATIONS));
    }

    /** Hidden widths of an {@code mlp:W1,W2,...} string, e.g. [128, 128] for "mlp:128,128". */
    public static List<Integer> parseHidden(String arch) {
        String bad = "expected mlp:W1,W2,... with positive hidden widths (e.g. mlp:128,128), got '" + arch + "'";
        require(arch.startsWith("mlp:") && arch.length() > 4, "arch", bad);
        List<Integer> widths = new ArrayList<>();
        for (String w : arch.substring(4).split(",", -1)) {
            require(w.matches("[1-9][0-9]{0,5}"), "arch", bad);
            int v = Integer.parseInt(w);
            require(v <= MAX_WIDTH, "arch", "hidden width " + v + " exceeds " + MAX_WIDTH);
            widths.add(v);
        }
        return List.copyOf(widths);
    }

    public List<Integer> hidden() {
        return parseHidden(arch);
    }
}
