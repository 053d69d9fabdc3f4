package radlab.attack;

/** The norm of a threat model's ε-ball. */
public enum AttackNorm {
    /** ‖δ‖₂ ≤ ε; the dual norm of a gradient is ‖·‖₂. */
    L2,
    /** ‖δ‖_∞ ≤ ε; the dual norm of a gradient is ‖·‖₁. */
    LINF;

    /** "l2", "linf" or "inf" (case-insensitive). */
    public static AttackNorm parse(String s) {
        return switch (s.trim().toLowerCase()) {
            case "l2" -> L2;
            case "linf", "inf", "l-inf" -> LINF;
            default -> throw new IllegalArgumentException("unknown attack norm '" + s + "'; expected l2 or linf");
        };
    }

    @Override
    public String toString() {
        return this == L2 ? "l2" : "linf";
    }
}
