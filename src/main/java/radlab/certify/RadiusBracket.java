package radlab.certify;

/**
 * One sample's robustness radius, bracketed: no perturbation of norm ≤ {@code certified} (within [0,1]^d) changes the
 * prediction, proved by a certificate; a perturbation of norm {@code adversarial} does, shown by a point the attack
 * found. The true minimal adversarial radius lies in [certified, adversarial]. {@code jacobianEstimate} is the
 * first-order estimate of that radius ({@link FirstOrderRadius}), neither a lower nor an upper bound.
 *
 * @param index            the sample's row in the data set it was measured on
 * @param label            its label y
 * @param certified        the largest ε the certifier proved (0 if none, and for a misclassified sample)
 * @param adversarial      the norm of the closest misclassified point found, +∞ if none was found up to the search's
 *                         maximum ε (0 for a misclassified sample: the clean point itself)
 * @param jacobianEstimate min_{j≠y} (z_y − z_j)/‖∇ₓ(z_y − z_j)‖_* at the clean point (≤ 0 for a misclassified sample)
 * @throws IllegalStateException if {@code certified > 0} and {@code adversarial ≤ certified}: a certificate or the
 *                               attack is wrong
 */
public record RadiusBracket(int index, int label, double certified, double adversarial, double jacobianEstimate) {
    public RadiusBracket {
        if (index < 0 || label < 0) throw new IllegalArgumentException("index and label must be ≥ 0, got " + index + ", " + label);
        if (!(certified >= 0) || Double.isInfinite(certified)) throw new IllegalArgumentException("certified radius must be finite and ≥ 0, got " + certified);
        if (!(adversarial >= 0)) throw new IllegalArgumentException("adversarial radius must be ≥ 0 or +∞, got " + adversarial);
        if (Double.isNaN(jacobianEstimate)) throw new IllegalArgumentException("Jacobian estimate is NaN");
        // certified at ε means every point of the closed ε-ball keeps the label, so a misclassified point lies farther out
        if (certified > 0 && !(adversarial > certified)) {
            throw new IllegalStateException(String.format("sample %d: certified radius %s but an adversarial point at distance %s: "
                    + "a certificate or the attack is wrong", index, certified, adversarial));
        }
    }

    /** Whether the attack found a misclassified point within the search's maximum ε. */
    public boolean adversarialFound() {
        return Double.isFinite(adversarial);
    }
}
