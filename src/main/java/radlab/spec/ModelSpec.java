package radlab.spec;

import static radlab.spec.SpecException.require;

import java.util.ArrayList;
import java.util.List;

/**
 * The network: an architecture string in radlab's grammar ({@link radlab.nn.Architecture}: {@code mlp:128,128},
 * {@code cnn:c32k5-p2-d128}; input and output sizes come from the data) and the hidden activation. The string is
 * validated against 1×28×28 inputs and 10 classes, the shape of every dataset radlab reads. {@code precision} is the
 * floating-point type of weights and arithmetic, "float" or "double".
 */
public record ModelSpec(String arch, String activation, String precision) {
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "softplus");
    public static final List<String> PRECISIONS = List.of("float", "double");
    static final int MAX_WIDTH = 1 << 16;

    /** A float32 model. */
    public ModelSpec(String arch, String activation) {
        this(arch, activation, Defaults.PRECISION);
    }

    public ModelSpec {
        require(precision != null && PRECISIONS.contains(precision), "precision", "expected float or double, got '" + precision + "'");
        require(arch != null, "arch", "is required");
        require(activation != null && ACTIVATIONS.contains(activation), "activation",
                "unknown activation '" + activation + "'; expected one of " + String.join(", ", ACTIVATIONS));
        try {
            parse(arch, activation, new radlab.nn.layer.ImageShape(1, Defaults.IMAGE_SIDE, Defaults.IMAGE_SIDE), Defaults.CLASSES); // the fields are not assigned yet
        } catch (IllegalArgumentException e) {
            require(false, "arch", e.getMessage());
        }
    }

    /** The parsed architecture for inputs of {@code input} and {@code classes} outputs. */
    public radlab.nn.Architecture architecture(radlab.nn.layer.ImageShape input, int classes) {
        return parse(arch, activation, input, classes);
    }

    private static radlab.nn.Architecture parse(String arch, String activation, radlab.nn.layer.ImageShape input, int classes) {
        return radlab.nn.Architecture.parse(arch, input, classes, radlab.nn.layer.Activation.parse(activation));
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

    /** Hidden widths of an {@code mlp:} architecture (an empty list for a {@code cnn:} one). */
    public List<Integer> hidden() {
        return arch.startsWith("mlp:") ? parseHidden(arch) : List.of();
    }
}
