package radlab.bounds;

import java.util.List;
import radlab.attack.AttackNorm;

/**
 * The terms of the (reconstructed) robust generalization bound for one trained network and one threat model.
 *
 * @param standardComplexity  2·R̂_S(ℓ∘F) bound
 * @param jacobianComplexity  2·L·ε·κ·R̂_S(‖J‖∘F) bound
 * @param confidence          3M√(ln(2/δ)/(2n))
 * @param remainder           first-order remainder L·β·ε²·d_ε/2 (NaN where undefined, e.g. ReLU)
 * @param flags               why the value is not a guaranteed bound (assumptions that fail, reconstructed parts)
 */
public record BoundTerms(AttackNorm attack, double epsilon, double standardComplexity, double jacobianComplexity,
                         double confidence, double remainder, List<String> flags) {
    public BoundTerms {
        flags = List.copyOf(flags);
    }

    /** The sum of all defined terms (an undefined remainder counts as 0 and is flagged). */
    public double total() {
        return standardComplexity + jacobianComplexity + confidence + (Double.isNaN(remainder) ? 0 : remainder);
    }

    /** True when every assumption of the reconstruction holds (only then is "bound ≥ gap" expected). */
    public boolean assumptionsHold() {
        return flags.stream().noneMatch(f -> f.startsWith("ReLU"));
    }

    @Override
    public String toString() {
        return String.format("BoundTerms[%s ε=%s] (reconstruction)%n  standard complexity 2R̂(ℓ∘F)      %.4g%n  Jacobian complexity 2Lεκ R̂(‖J‖∘F) %.4g%n"
                        + "  confidence 3M√(ln(2/δ)/2n)       %.4g%n  first-order remainder            %.4g%n  total                            %.4g%n  flags: %s",
                attack, epsilon, standardComplexity, jacobianComplexity, confidence, remainder, total(), flags);
    }
}
