package radlab.attack;

/**
 * The state of an attack suite after one of its attacks (cumulative: every earlier attack included).
 *
 * @param attack         e.g. "APGD-DLR"
 * @param broken         samples this attack broke that every earlier attack left robust
 * @param robustAccuracy fraction still correctly classified after this attack
 * @param robustLoss     mean cross-entropy at the suite's points after this attack
 */
public record AttackStage(String attack, int broken, double robustAccuracy, double robustLoss) {
    @Override
    public String toString() {
        return String.format("%s: broke %d, robust accuracy %.2f%%, robust loss %.4f", attack, broken, 100 * robustAccuracy, robustLoss);
    }
}
