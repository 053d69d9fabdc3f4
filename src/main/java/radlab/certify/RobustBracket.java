package radlab.certify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.attack.AdversarialEvidence;
import radlab.attack.AttackStage;
import radlab.attack.ThreatModel;

/**
 * The true robust accuracy of a model on a sample lies in [certified, attacked]: certificates prove a lower bound,
 * attacks find an upper bound. This record keeps both ends with their provenance and timings.
 *
 * @param attack            description of the attack (the APGD suite by default)
 * @param attackedAccuracy  robust accuracy under the attack (upper end)
 * @param attackedLoss      mean cross-entropy at the attack's points
 * @param stages            per attack of the suite: what it broke and the robust accuracy after it
 * @param attackSeconds     wall time of the attack
 * @param baseline          a weaker reference attack's robust accuracy (PGD-10), NaN if not measured
 * @param baselineSeconds   its wall time
 * @param certificates      certified accuracies (IBP, CROWN, Lipschitz), each on the first {@code certifiedSize} samples
 * @param certifiedSize     number of samples certified
 * @param certifiedButBroken samples some certificate proved robust but the attack broke: always 0 unless a certificate
 *                           or the attack is wrong (a live soundness check)
 */
public record RobustBracket(ThreatModel threat, String attack, double attackedAccuracy, double attackedLoss, List<AttackStage> stages,
                            double attackSeconds, String baselineAttack, double baseline, double baselineSeconds,
                            List<CertifiedAccuracy> certificates, int certifiedSize, int certifiedButBroken) {
    public RobustBracket {
        stages = List.copyOf(stages);
        certificates = List.copyOf(certificates);
    }

    /**
     * @param evidence     the attack's per-sample record on the whole sample
     * @param certificates certificates on the first samples of the same sample
     */
    public static RobustBracket of(AdversarialEvidence evidence, double attackSeconds, String baselineAttack, double baseline,
                                   double baselineSeconds, List<CertifiedAccuracy> certificates) {
        int size = certificates.isEmpty() ? 0 : certificates.get(0).size();
        int wrong = 0;
        for (int i = 0; i < size; i++) {
            boolean proved = false;
            for (CertifiedAccuracy c : certificates) proved |= c.certified(i);
            if (proved && !evidence.robust(i)) wrong++;
        }
        return new RobustBracket(evidence.threat(), evidence.attack(), evidence.adversarialMetrics().accuracy(), evidence.adversarialMetrics().loss(),
                evidence.stages(), attackSeconds, baselineAttack, baseline, baselineSeconds, certificates, size, wrong);
    }

    /** The best certified accuracy (the lower end), 0 if nothing was certified or measured. */
    public double certifiedAccuracy() {
        return certificates.stream().mapToDouble(CertifiedAccuracy::accuracy).max().orElse(0);
    }

    /** Certified accuracy of one method ("IBP", "CROWN", "Lipschitz"), NaN if not computed. */
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
        m.put("bracket", List.of(certifiedAccuracy(), attackedAccuracy));
        m.put("attack", attack);
        m.put("attackedAccuracy", attackedAccuracy);
        m.put("attackedLoss", attackedLoss);
        m.put("attackSeconds", attackSeconds);
        m.put("stages", stages);
        if (baselineAttack != null) m.put("baseline", Map.of("attack", baselineAttack, "accuracy", baseline, "seconds", baselineSeconds));
        Map<String, Object> certs = new LinkedHashMap<>();
        for (CertifiedAccuracy c : certificates) certs.put(c.method(), Map.of("accuracy", c.accuracy(), "certified", c.certifiedCount(), "seconds", c.seconds()));
        m.put("certified", certs);
        m.put("certifiedSize", certifiedSize);
        m.put("certifiedButBroken", certifiedButBroken);
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("robust accuracy %s in [%.2f%%, %.2f%%] (certified on %d, attacked by %s)", threat,
                100 * certifiedAccuracy(), 100 * attackedAccuracy, certifiedSize, attack));
        for (CertifiedAccuracy c : certificates) sb.append(String.format("%n  %s", c));
        return sb.toString();
    }
}
