package radlab.certify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.attack.AdversarialEvidence;
import radlab.attack.AttackStage;
import radlab.attack.ThreatModel;

/**
 * The true robust accuracy of a model on a sample lies in [certified, attacked]: certificates prove a lower bound,
 * attacks find an upper bound. Both ends are measured on the same samples, the first {@code certifiedSize} of the
 * attacked sample; the attack's accuracy on the whole attacked sample is kept as well, labelled as such.
 *
 * @param attack             description of the attack with its settings (steps, restarts, target classes)
 * @param attackedAccuracy   robust accuracy under the attack on the whole attacked sample
 * @param attackedLoss       mean cross-entropy at the attack's points on the whole attacked sample
 * @param stages             per attack of the suite: what it broke and the robust accuracy after it (whole sample)
 * @param attackSeconds      wall time of the attack
 * @param baseline           a weaker reference attack's robust accuracy (PGD-10), NaN if not measured
 * @param baselineSeconds    its wall time
 * @param certificates       certified accuracies (IBP, CROWN, Lipschitz; α-CROWN where asked for), each on the first
 *                           {@code certifiedSize} samples
 * @param certifiedSize      number of samples certified: the bracket's samples
 * @param attackedOnCertified robust accuracy under the attack on those samples (the bracket's upper end; NaN if none)
 * @param certifiedByAny     fraction of those samples that some available certificate proves robust (the bracket's lower
 *                           end, "best"; NaN if none)
 * @param certifiedButBroken samples some certificate proved robust but the attack broke; a bracket with any is refused
 *                           ({@link #of} throws), so a constructed bracket always has 0 here
 */
public record RobustBracket(ThreatModel threat, String attack, double attackedAccuracy, double attackedLoss, List<AttackStage> stages,
                            double attackSeconds, String baselineAttack, double baseline, double baselineSeconds,
                            List<CertifiedAccuracy> certificates, int certifiedSize, double attackedOnCertified, double certifiedByAny,
                            int certifiedButBroken) {
    public RobustBracket {
        stages = List.copyOf(stages);
        certificates = List.copyOf(certificates);
        if (certifiedButBroken != 0) {
            throw new IllegalStateException(certifiedButBroken + " sample(s) certified robust " + threat + " were broken by " + attack
                    + ": a certificate or the attack is wrong");
        }
    }

    /**
     * @param evidence     the attack's per-sample record on the whole sample
     * @param certificates certificates on the first samples of the same sample, all of the same size
     * @throws IllegalStateException if a certified sample was broken by the attack (a soundness failure)
     */
    public static RobustBracket of(AdversarialEvidence evidence, double attackSeconds, String baselineAttack, double baseline,
                                   double baselineSeconds, List<CertifiedAccuracy> certificates) {
        List<CertifiedAccuracy> available = certificates.stream().filter(CertifiedAccuracy::available).toList();
        int size = available.isEmpty() ? 0 : available.get(0).size();
        for (CertifiedAccuracy c : available) {
            if (c.size() != size) throw new IllegalArgumentException("certificates on " + c.size() + " and " + size + " samples");
        }
        if (size > evidence.size()) throw new IllegalArgumentException("certified " + size + " samples of an attack on " + evidence.size());
        int wrong = 0, proved = 0, survived = 0;
        StringBuilder which = new StringBuilder();
        for (int i = 0; i < size; i++) {
            boolean p = false;
            for (CertifiedAccuracy c : available) p |= c.certified(i);
            if (p) proved++;
            if (evidence.robust(i)) survived++;
            else if (p) {
                wrong++;
                which.append(' ').append(i);
            }
        }
        if (wrong > 0) {
            throw new IllegalStateException(String.format("%d sample(s) certified robust %s were broken by %s (samples%s): a certificate or the attack is wrong",
                    wrong, evidence.threat(), evidence.attack(), which));
        }
        double attacked = size == 0 ? Double.NaN : survived / (double) size, best = size == 0 ? Double.NaN : proved / (double) size;
        return new RobustBracket(evidence.threat(), evidence.attack(), evidence.adversarialMetrics().accuracy(), evidence.adversarialMetrics().loss(),
                evidence.stages(), attackSeconds, baselineAttack, baseline, baselineSeconds, certificates, size, attacked, best, 0);
    }

    /** The bracket's lower end: the fraction of its samples certified by some method ("best"), NaN if nothing was certified. */
    public double certifiedAccuracy() {
        return certifiedByAny;
    }

    /** Certified accuracy of one method ("IBP", "CROWN", "α-CROWN", "Lipschitz"), NaN if not computed or unavailable. */
    public double certified(String method) {
        return certificates.stream().filter(c -> c.method().equals(method)).mapToDouble(CertifiedAccuracy::accuracy).findFirst().orElse(Double.NaN);
    }

    public double certifiedSeconds(String method) {
        return certificates.stream().filter(c -> c.method().equals(method)).mapToDouble(CertifiedAccuracy::seconds).findFirst().orElse(Double.NaN);
    }

    /** A JSON-friendly summary (no per-sample arrays). */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threat", threat.toString());
        m.put("bracket", java.util.Arrays.asList(certifiedByAny, attackedOnCertified));
        m.put("bracketSamples", certifiedSize);
        m.put("attack", attack);
        m.put("attackedAccuracy", attackedAccuracy);
        m.put("attackedLoss", attackedLoss);
        m.put("attackSeconds", attackSeconds);
        m.put("stages", stages);
        if (baselineAttack != null) m.put("baseline", Map.of("attack", baselineAttack, "accuracy", baseline, "seconds", baselineSeconds));
        Map<String, Object> certs = new LinkedHashMap<>();
        for (CertifiedAccuracy c : certificates) {
            certs.put(c.method(), c.available() ? Map.of("accuracy", c.accuracy(), "certified", c.certifiedCount(), "seconds", c.seconds())
                    : Map.of("unavailable", c.unavailable()));
        }
        m.put("certified", certs);
        m.put("certifiedSize", certifiedSize);
        m.put("certifiedButBroken", certifiedButBroken);
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(certifiedSize == 0
                ? String.format("robust accuracy %s ≤ %.2f%% (attacked by %s; nothing certified)", threat, 100 * attackedAccuracy, attack)
                : String.format("robust accuracy %s on the first %d samples in [%.2f%%, %.2f%%] (certified by any method, attacked by %s); "
                        + "attacked on all samples: %.2f%%", threat, certifiedSize, 100 * certifiedByAny, 100 * attackedOnCertified, attack,
                        100 * attackedAccuracy));
        for (CertifiedAccuracy c : certificates) sb.append(String.format("%n  %s", c));
        return sb.toString();
    }
}
