package radlab.verify;

/**
 * One sample's verdict.
 *
 * @param outcome          certified, counterexample, undecided or not applicable
 * @param counterexample   a point of the ℓ∞ ball ∩ [0,1]^d whose float64 margin is &lt; 0 (COUNTEREXAMPLE only, else null)
 * @param counterMargin    that point's float64 margin min_{j≠y} f_y − f_j (NaN without one)
 * @param lowerBound       a proved lower bound of the minimum margin over the region (&gt; 0 when certified; −∞ if none)
 * @param domains          branch-and-bound domains (LP subproblems) evaluated; for the MILP, solver calls
 * @param seconds          wall time spent on the sample
 * @param reason           why the verdict is UNDECIDED or NOT_APPLICABLE, else null
 */
public record Verdict(Outcome outcome, double[] counterexample, double counterMargin, double lowerBound, long domains, double seconds, String reason) {
    public Verdict {
        if (outcome == null) throw new IllegalArgumentException("outcome is required");
        if ((outcome == Outcome.COUNTEREXAMPLE) != (counterexample != null)) throw new IllegalArgumentException("a counterexample goes with COUNTEREXAMPLE only");
        if (outcome == Outcome.COUNTEREXAMPLE && !(counterMargin < 0)) throw new IllegalArgumentException("a counterexample has a negative margin, got " + counterMargin);
        if (outcome == Outcome.COUNTEREXAMPLE && lowerBound > counterMargin) {
            throw new IllegalArgumentException("lower bound " + lowerBound + " above the counterexample's margin " + counterMargin);
        }
        if (outcome == Outcome.CERTIFIED && !(lowerBound > 0)) throw new IllegalArgumentException("a certificate has a positive lower bound, got " + lowerBound);
        counterexample = counterexample == null ? null : counterexample.clone();
    }

    /** The reason of an UNDECIDED verdict whose search ran out of time (a longer search may decide it). */
    static final String OUT_OF_TIME = "time budget exhausted";

    static Verdict notApplicable(String reason, double seconds) {
        return new Verdict(Outcome.NOT_APPLICABLE, null, Double.NaN, Double.NEGATIVE_INFINITY, 0, seconds, reason);
    }

    @Override
    public double[] counterexample() {
        return counterexample == null ? null : counterexample.clone();
    }

    /** By content: the generated equals compared the array by identity. */
    @Override
    public boolean equals(Object o) {
        return radlab.util.RecordValues.equal(this, o);
    }

    @Override
    public int hashCode() {
        return radlab.util.RecordValues.hash(this);
    }

    @Override
    public String toString() {
        return String.format("%s (lower bound %.4g, %d domains, %.3f s%s)", outcome, lowerBound, domains, seconds,
                reason == null ? "" : ", " + reason);
    }
}
