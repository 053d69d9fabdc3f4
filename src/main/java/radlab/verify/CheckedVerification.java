package radlab.verify;

import java.util.List;
import radlab.certify.CertifiedAccuracy;

/**
 * Complete verification of samples an attack already ran on, cross-checked against it and combined with it. Every
 * sample ends in exactly one of three outcomes: certified (the verifier proved it robust), counterexample (the
 * verifier found a misclassified point of the region, re-checked in float64, or the attack broke the sample), or
 * undecided (neither within the budget; every sample when verification does not apply). The true robust accuracy on
 * the samples lies in [certified / n, (certified + undecided) / n], and is exact when nothing is undecided.
 *
 * <p>The cross-check is a live soundness test: a sample the verifier certified that the attack broke, or one it refuted
 * that a certificate proved, means one of them is wrong, and {@link #of} throws rather than report either.
 *
 * @param verification   the verifier's own verdicts (its counts are what it decided alone)
 * @param attack         the attack's description, for messages
 * @param attackedRobust per sample, whether the attack left it correctly classified
 */
public record CheckedVerification(VerificationSummary verification, String attack, boolean[] attackedRobust) {
    public CheckedVerification {
        if (verification == null) throw new IllegalArgumentException("verification is required");
        if (attackedRobust.length != verification.size()) {
            throw new IllegalArgumentException("attack results for " + attackedRobust.length + " samples, verdicts for " + verification.size());
        }
        attackedRobust = attackedRobust.clone();
    }

    /**
     * Combines {@code verification} with the attack's and the certificates' results on the same samples.
     *
     * @param certificates certificates on the same samples (unavailable ones are ignored); may be empty
     * @throws IllegalStateException if the verifier certified a sample the attack broke, or refuted one a certificate proved
     */
    public static CheckedVerification of(VerificationSummary verification, String attack, boolean[] attackedRobust, List<CertifiedAccuracy> certificates) {
        CheckedVerification c = new CheckedVerification(verification, attack, attackedRobust);
        List<CertifiedAccuracy> proofs = certificates.stream().filter(CertifiedAccuracy::available).toList();
        for (CertifiedAccuracy p : proofs) {
            if (p.size() != verification.size()) throw new IllegalArgumentException(p.method() + " certified " + p.size() + " samples, not " + verification.size());
        }
        StringBuilder broken = new StringBuilder(), refuted = new StringBuilder();
        for (int i = 0; i < verification.size(); i++) {
            Outcome o = verification.verdicts().get(i).outcome();
            if (o == Outcome.CERTIFIED && !attackedRobust[i]) broken.append(' ').append(i);
            final int k = i;
            if (o == Outcome.COUNTEREXAMPLE && proofs.stream().anyMatch(p -> p.certified(k))) refuted.append(' ').append(i);
        }
        if (broken.length() > 0) {
            throw new IllegalStateException("complete verification certified samples that " + attack + " broke (samples" + broken
                    + "): the verifier or the attack is wrong");
        }
        if (refuted.length() > 0) {
            throw new IllegalStateException("complete verification found counterexamples to certified samples (samples" + refuted
                    + "): the verifier or a certificate is wrong");
        }
        return c;
    }

    @Override
    public boolean[] attackedRobust() {
        return attackedRobust.clone();
    }

    public int size() {
        return attackedRobust.length;
    }

    /** Why verification does not apply to the model or threat model, else null. */
    public String notApplicable() {
        return verification.notApplicable();
    }

    /** Samples the verifier proved robust. */
    public int certified() {
        return verification.certified();
    }

    /** Samples with a misclassified point: found by the verifier or by the attack. */
    public int counterexamples() {
        int n = 0;
        for (int i = 0; i < size(); i++) if (refuted(i)) n++;
        return n;
    }

    /** Samples neither certified nor refuted. */
    public int undecided() {
        return size() - certified() - counterexamples();
    }

    /** Samples the attack left robust: the upper end of the bracket, as a count. */
    public int attackedRobustCount() {
        int n = 0;
        for (boolean r : attackedRobust) if (r) n++;
        return n;
    }

    /** The sample's outcome: CERTIFIED, COUNTEREXAMPLE or UNDECIDED (not-applicable verdicts are undecided unless the attack broke the sample). */
    public Outcome outcome(int i) {
        if (verification.verdicts().get(i).outcome() == Outcome.CERTIFIED) return Outcome.CERTIFIED;
        return refuted(i) ? Outcome.COUNTEREXAMPLE : Outcome.UNDECIDED;
    }

    private boolean refuted(int i) {
        return !attackedRobust[i] || verification.verdicts().get(i).outcome() == Outcome.COUNTEREXAMPLE;
    }

    /** certified / n: the lower end of the bracket (NaN without samples). */
    public double certifiedAccuracy() {
        return size() == 0 ? Double.NaN : certified() / (double) size();
    }

    /** The exact robust accuracy, certified / n, when no sample is undecided; NaN otherwise. */
    public double exactRobustAccuracy() {
        return size() > 0 && undecided() == 0 ? certified() / (double) size() : Double.NaN;
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
        if (notApplicable() != null) return String.format("%s %s: not applicable (%s)", verification.method(), verification.threat(), notApplicable());
        return String.format("%s %s with %s on %d samples: %d certified, %d counterexamples, %d undecided%s", verification.method(),
                verification.threat(), attack, size(), certified(), counterexamples(), undecided(),
                undecided() == 0 ? String.format(", exact robust accuracy %.2f%%", 100 * exactRobustAccuracy()) : "");
    }
}
