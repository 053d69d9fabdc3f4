package radlab.bounds;

import java.util.List;

/**
 * One generalization bound: its formula (the single place it is computed), its source and the preconditions of the
 * theorem it comes from. Implementations are stateless; {@link BoundRegistry} lists them. To add a bound, write one
 * class implementing this interface, its test, and one line in {@link BoundRegistry#ALL}.
 */
public interface Bound {
    /** Stable identifier, used as a CSV column prefix, e.g. "bft-margin". */
    String id();

    /** Human-readable name, e.g. "BFT spectral margin bound". */
    String name();

    /** Primary source: paper, theorem, equation. */
    String citation();

    /** Section of docs/theory.md holding the formula, e.g. "§6.3". */
    String theorySection();

    Quantity quantity();

    /** Preconditions of the theorem. */
    List<Assumption> assumptions();

    /** True for radlab's own reconstruction of a result whose exact statement is unknown. */
    default boolean reconstruction() {
        return false;
    }

    /** The additive terms of the bound; undefined terms are left out (and should make an assumption fail). */
    List<Term> terms(BoundInputs in);

    /** Value, terms and the assumptions that {@code in} violates. */
    default BoundResult evaluate(BoundInputs in) {
        List<Assumption> unmet = assumptions().stream().filter(a -> !a.holds(in)).toList();
        return new BoundResult(id(), name(), citation(), quantity(), reconstruction(), terms(in), unmet);
    }
}
