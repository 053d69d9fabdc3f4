package radlab.attack;

/**
 * Perturbations δ with ‖δ‖ ≤ ε in the given norm, applied to inputs in the box [0,1]^d (adversarial inputs are
 * clipped to the box, which never increases ‖δ‖).
 */
public record ThreatModel(AttackNorm norm, double epsilon) {
    public ThreatModel {
        if (norm == null) throw new IllegalArgumentException("attack norm is required");
        // -0.0 passes "≥ 0" but is recorded as "-0.0" in every report: reject it like any other negative value
        if (!(epsilon >= 0) || Double.isInfinite(epsilon) || Double.doubleToRawLongBits(epsilon) == Long.MIN_VALUE) {
            throw new IllegalArgumentException("ε must be a finite number ≥ 0, got " + epsilon);
        }
    }

    @Override
    public String toString() {
        return norm + " ε=" + epsilon;
    }
}
