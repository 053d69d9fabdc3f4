package radlab.bounds;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The value of one bound on one model, with its terms and the preconditions the model does not meet.
 *
 * @param terms the additive terms; {@link #value()} is their sum
 * @param unmet the bound's assumptions that fail for this model (empty: the bound is guaranteed, with prob. ≥ 1 − δ)
 */
public record BoundResult(String id, String name, String citation, Quantity quantity, boolean reconstruction, List<Term> terms,
                          List<Assumption> unmet) {
    public BoundResult {
        terms = List.copyOf(terms);
        unmet = List.copyOf(unmet);
    }

    /** Σ terms. */
    public double value() {
        double v = 0;
        for (Term t : terms) v += t.value();
        return v;
    }

    public boolean assumptionsMet() {
        return unmet.isEmpty();
    }

    /** The term named {@code id}, or NaN when the bound has no such (defined) term. */
    public double term(String id) {
        return terms.stream().filter(t -> t.id().equals(id)).mapToDouble(Term::value).findFirst().orElse(Double.NaN);
    }

    /** E.g. "BFT spectral margin bound (assumptions not met: biases, margin chosen on data)". */
    public String label() {
        return assumptionsMet() ? name : name + " (assumptions not met: " + unmetText() + ")";
    }

    /** Comma-separated violations, or "" when all hold. */
    public String unmetText() {
        return unmet.stream().map(Assumption::violation).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("%s = %.4g  [%s; %s]%n", label(), value(), quantity.description(), citation));
        for (Term t : terms) sb.append(String.format("  %-40s %12.4g%n", t.formula(), t.value()));
        return sb.toString();
    }
}
