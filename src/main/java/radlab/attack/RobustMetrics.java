package radlab.attack;

import radlab.train.Metrics;

/**
 * Clean and adversarial loss/accuracy of a model on one sample under one attack.
 *
 * @param attack      the attack's description, e.g. "PGD-20 linf ε=0.1 α=0.0125 random start"
 * @param clean       metrics on the clean inputs
 * @param adversarial metrics on the attacked inputs (robust loss and robust accuracy)
 */
public record RobustMetrics(String attack, Metrics clean, Metrics adversarial) {
    @Override
    public String toString() {
        return String.format("%s: clean %s | robust %s", attack, clean, adversarial);
    }
}
