package radlab.plot;

import java.awt.Color;
import java.util.List;

/**
 * The training methods of a reproduction as the figures show them: one legend label and one colour per regularizer
 * label of {@link radlab.experiment.ReproductionProfile#regularizer}, in a fixed order, so a method looks the same in
 * every figure.
 */
public final class Methods {
    private Methods() {}

    /** The regularizer labels in legend order. */
    public static final List<String> ORDER = List.of("none", "l2", "l1", "adv", "trades", "grad", "spectral");

    /** The legend label of a method, naming the parameter it is swept over. */
    public static String label(String regularizer) {
        return switch (regularizer) {
            case "none" -> "plain";
            case "l2" -> "ℓ2-Jacobian (λ)";
            case "l1" -> "ℓ1-Jacobian (λ)";
            case "adv" -> "PGD-ℓ∞ adv. training (steps)";
            case "trades" -> "TRADES (β)";
            case "grad" -> "input gradient (λ)";
            case "spectral" -> "spectral penalty (λ)";
            default -> regularizer;
        };
    }

    /** A colour per method (distinguishable in print; plain is grey). */
    public static Color color(String regularizer) {
        return switch (regularizer) {
            case "none" -> new Color(90, 90, 90);
            case "l2" -> new Color(31, 119, 180);
            case "l1" -> new Color(44, 160, 44);
            case "adv" -> new Color(214, 39, 40);
            case "trades" -> new Color(255, 127, 14);
            case "grad" -> new Color(148, 103, 189);
            case "spectral" -> new Color(140, 86, 75);
            default -> Color.BLACK;
        };
    }

    /** Position of a method in {@link #ORDER} (unknown labels last). */
    public static int rank(String regularizer) {
        int i = ORDER.indexOf(regularizer);
        return i < 0 ? ORDER.size() : i;
    }
}
