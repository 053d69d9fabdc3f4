package radlab.jacobian;

/**
 * The two Jacobian regularizers of Wu &amp; Li (arXiv 2412.12449), per sample:
 * <ul>
 *   <li>{@link #L2}: R(x) = ‖∇ₓf(x)‖_F², paired with ℓ2 attacks (ε‖J‖_op ≤ ε‖J‖_F bounds the logit change);</li>
 *   <li>{@link #L1}: R(x) = ‖∇ₓf(x)‖_{1,1} = Σ_kj |J_kj|, paired with ℓ∞ attacks (ε‖J‖_{∞→1} ≤ ε‖J‖_{1,1}).</li>
 * </ul>
 */
public enum JacobianRegularizer {
    L2("‖J‖_F²"),
    L1("‖J‖_{1,1}");

    private final String symbol;

    JacobianRegularizer(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** "l2" or "l1" (case-insensitive). */
    public static JacobianRegularizer parse(String s) {
        return switch (s.trim().toLowerCase()) {
            case "l2" -> L2;
            case "l1" -> L1;
            default -> throw new IllegalArgumentException("unknown Jacobian regularizer '" + s + "'; expected l2 or l1");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
