package radlab.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.attack.ThreatModel;

/**
 * Complete verification of a dataset: one verdict per sample.
 *
 * @param method        e.g. {@link CompleteVerifier#METHOD} or "MILP"
 * @param verdicts      per sample, in dataset order
 * @param seconds       wall time of the whole run (the batched attack included)
 * @param notApplicable why the method does not apply to the model or threat model (every verdict is then NOT_APPLICABLE), else null
 */
public record VerificationSummary(String method, ThreatModel threat, List<Verdict> verdicts, double seconds, String notApplicable) {
    public VerificationSummary {
        verdicts = List.copyOf(verdicts);
    }

    public int size() {
        return verdicts.size();
    }

    public int count(Outcome o) {
        return (int) verdicts.stream().filter(v -> v.outcome() == o).count();
    }

    public int certified() {
        return count(Outcome.CERTIFIED);
    }

    public int counterexamples() {
        return count(Outcome.COUNTEREXAMPLE);
    }

    /** Samples neither certified nor refuted (not-applicable verdicts included). */
    public int undecided() {
        return count(Outcome.UNDECIDED) + count(Outcome.NOT_APPLICABLE);
    }

    /** The exact robust accuracy, certified / n, when every sample was decided; NaN otherwise. */
    public double exactRobustAccuracy() {
        return undecided() == 0 && size() > 0 ? certified() / (double) size() : Double.NaN;
    }

    /** The bracket the verdicts prove: [certified / n, (n − counterexamples) / n]. */
    public double[] bracket() {
        return new double[] {certified() / (double) size(), (size() - counterexamples()) / (double) size()};
    }

    /**
     * attack.json's testVerification block (no per-sample points): the outcome counts, the exact robust accuracy (null
     * unless every sample was decided), the budget per sample, the time and, if the method does not apply, why.
     */
    public Map<String, Object> summary(java.time.Duration budget) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("threat", threat.toString());
        m.put("samples", size());
        m.put("certified", certified());
        m.put("counterexamples", counterexamples());
        m.put("undecided", undecided());
        double exact = exactRobustAccuracy();
        m.put("exactRobustAccuracy", Double.isNaN(exact) ? null : exact);
        m.put("budgetSecondsPerSample", budget.toNanos() / 1e9);
        m.put("seconds", seconds);
        m.put("notApplicable", notApplicable);
        return m;
    }

    @Override
    public String toString() {
        if (notApplicable != null) return String.format("%s %s: not applicable (%s)", method, threat, notApplicable);
        return String.format("%s %s on %d samples: %d certified, %d counterexamples, %d undecided%s (%.1f s)", method, threat, size(), certified(),
                counterexamples(), undecided(), undecided() == 0 ? String.format(", exact robust accuracy %.2f%%", 100 * exactRobustAccuracy()) : "", seconds);
    }
}
