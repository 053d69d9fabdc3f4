package radlab.bounds;

import java.util.function.Predicate;

/**
 * A precondition of a bound's theorem, checked against a {@link BoundInputs}. When one fails the bound's value is
 * still computed (it is a number of the same shape) but it is no longer guaranteed, and every table and figure says
 * which precondition failed ({@link BoundResult#label()}). Statements and sources: docs/theory.md §6.1.
 */
public enum Assumption {
    DENSE_LAYERS("non-dense layers", "every layer is fully connected", in -> in.layerKinds().stream().allMatch(k -> k == BoundInputs.LayerKind.DENSE)),
    LIPSCHITZ_ACTIVATION("activation not ρ-Lipschitz with σ(0) = 0", "σ is ρ-Lipschitz and σ(0) = 0",
            in -> Double.isFinite(in.activation().maxSlope()) && in.activation().zeroAtZero()),
    HOMOGENEOUS_ACTIVATION("activation not 1-Lipschitz and positively homogeneous", "σ is 1-Lipschitz and σ(cz) = cσ(z) for c ≥ 0 (ReLU)",
            in -> in.activation().positivelyHomogeneous() && in.activation().maxSlope() <= 1),
    SMOOTH_ACTIVATION("σ′ not Lipschitz", "σ′ is Lipschitz (a smooth activation such as tanh or softplus)",
            in -> Double.isFinite(in.activation().slopeLipschitz())),
    NO_BIASES("biases", "no biases, or biases folded into the weight matrices (the norms then include them)", in -> !in.biases()),
    MARGIN_FIXED_IN_ADVANCE("margin chosen on data", "the margin γ is fixed before the sample is seen", in -> !in.margin().chosenOnData()),
    BOUNDED_LOSS("loss range measured on data", "the loss takes values in a known range [0, M]", in -> !in.loss().measured());

    private final String violation;
    private final String statement;
    private final Predicate<BoundInputs> check;

    Assumption(String violation, String statement, Predicate<BoundInputs> check) {
        this.violation = violation;
        this.statement = statement;
        this.check = check;
    }

    public boolean holds(BoundInputs in) {
        return check.test(in);
    }

    /** Short phrase naming the failure, e.g. "margin chosen on data" (used in figure labels). */
    public String violation() {
        return violation;
    }

    /** What the theorem requires. */
    public String statement() {
        return statement;
    }
}
