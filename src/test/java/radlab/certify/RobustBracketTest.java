package radlab.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.AdversarialEvidence;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;

/** The bracket's two ends on the same samples, "best" as the union of the certificates, and broken certificates refused. */
class RobustBracketTest {
    private static final ThreatModel T = new ThreatModel(AttackNorm.L2, 0.5);

    /** 6 attacked samples; the attack breaks 3, 4 and 5 (all after the first 3, which it leaves robust). */
    static AdversarialEvidence evidence(String... brokenBy) {
        int n = brokenBy.length;
        int[] zeros = new int[n];
        return new AdversarialEvidence(T, "test attack", List.of("A"), Nd4j.zeros(DataType.DOUBLE, n, 2), zeros, new double[n], new double[n],
                new double[n], zeros, zeros, Arrays.asList(brokenBy), List.of(new double[n]));
    }

    static CertifiedAccuracy cert(String method, double... margins) {
        return new CertifiedAccuracy(method, T, margins, 0);
    }

    @Test
    void bothEndsOnTheCertifiedSamplesAndBestIsTheUnion() {
        AdversarialEvidence e = evidence(null, null, "A", null, "A", "A");
        // on the first 4 samples: IBP proves 0, CROWN proves 1, Lipschitz unavailable; the attack leaves 0, 1, 3 robust
        List<CertifiedAccuracy> certs = List.of(cert("IBP", 1, -1, -1, -1), cert("CROWN", -1, 2, -1, -1),
                CertifiedAccuracy.unavailable("Lipschitz", T, "no bound", 0));
        RobustBracket b = RobustBracket.of(e, 0, null, Double.NaN, 0, certs);
        assertEquals(4, b.certifiedSize());
        assertEquals(0.5, b.certifiedAccuracy(), 1e-15, "samples 0 and 1 by some method: 2 of 4");
        assertEquals(0.75, b.attackedOnCertified(), 1e-15, "3 of the same 4 survive");
        assertEquals(0.5, b.attackedAccuracy(), 1e-15, "3 of all 6 survive");
        assertEquals(0.25, b.certified("IBP"), 1e-15);
        assertTrue(Double.isNaN(b.certified("Lipschitz")));
        assertEquals(List.of(0.5, 0.75), b.summary().get("bracket"));
    }

    @Test
    void aCertifiedSampleTheAttackBrokeIsAnError() {
        AdversarialEvidence e = evidence(null, "A", null);
        IllegalStateException x = assertThrows(IllegalStateException.class,
                () -> RobustBracket.of(e, 0, null, Double.NaN, 0, List.of(cert("CROWN", 1, 1, -1))));
        assertTrue(x.getMessage().contains("samples 1"), x.getMessage());
    }

    @Test
    void withoutCertificatesOnlyTheAttackedEndIsReported() {
        RobustBracket b = RobustBracket.of(evidence(null, "A"), 0, null, Double.NaN, 0, List.of());
        assertEquals(0, b.certifiedSize());
        assertTrue(Double.isNaN(b.certifiedAccuracy()) && Double.isNaN(b.attackedOnCertified()));
        assertEquals(0.5, b.attackedAccuracy(), 1e-15);
    }
}
