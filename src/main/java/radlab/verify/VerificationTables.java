package radlab.verify;

import radlab.report.CsvTable;

/**
 * The per-sample table of a complete verification (verification.csv), kept out of the result records, which only
 * hold numbers: where each sample ended, and how close an undecided one came (its proved lower bound of the margin).
 */
public final class VerificationTables {
    private VerificationTables() {}

    /**
     * One row per verified sample: its index in the attacked test sample and label; the combined outcome (certified,
     * counterexample by the verifier or the attack, undecided); the verifier's own verdict; the proved lower bound of
     * the minimum margin over the region (−∞ if none); a counterexample's float64 margin (NaN without one); the
     * branch-and-bound domains and seconds spent; why the verdict is undecided or not applicable; whether the attack left
     * the sample robust.
     *
     * @param labels the verified samples' labels, in order
     */
    public static CsvTable perSample(CheckedVerification c, int[] labels) {
        if (labels.length != c.size()) throw new IllegalArgumentException(labels.length + " labels for " + c.size() + " verified samples");
        CsvTable t = new CsvTable("index", "label", "outcome", "verifier_outcome", "margin_lower_bound", "counterexample_margin", "domains",
                "seconds", "reason", "attack_robust");
        boolean[] robust = c.attackedRobust();
        for (int i = 0; i < c.size(); i++) {
            Verdict v = c.verification().verdicts().get(i);
            t.add(i, labels[i], name(c.outcome(i)), name(v.outcome()), v.lowerBound(), v.counterMargin(), v.domains(), v.seconds(),
                    v.reason() == null ? "" : v.reason(), robust[i]);
        }
        return t;
    }

    private static String name(Outcome o) {
        return o.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
