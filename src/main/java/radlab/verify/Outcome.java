package radlab.verify;

/** A complete verifier's verdict on one sample. */
public enum Outcome {
    /** Every point of the region is classified correctly: the minimum margin is proved &gt; 0. */
    CERTIFIED,
    /** A point of the region is misclassified (its margin, re-checked in float64, is &lt; 0). */
    COUNTEREXAMPLE,
    /** Neither within the budget (time, domains), or the minimum is within the solver's tolerance of 0. */
    UNDECIDED,
    /** The method does not apply to this model or threat model (the verdict's reason says why); counted as undecided. */
    NOT_APPLICABLE
}
