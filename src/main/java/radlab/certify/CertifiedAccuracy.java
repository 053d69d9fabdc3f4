package radlab.certify;

import java.util.Arrays;
import radlab.attack.ThreatModel;

/**
 * A certificate's verdict on a sample: per sample a lower bound of min_{j≠y} (f_y − f_j) over the ε-ball ∩ [0,1]^d;
 * a sample is certified robust when that bound is &gt; 0 (so it is also correctly classified).
 *
 * @param method      "IBP", "CROWN", "α-CROWN" or "Lipschitz"
 * @param seconds     wall time of the certification
 * @param unavailable why the method could not certify this model (then no bounds and NaN accuracy), else null
 */
public record CertifiedAccuracy(String method, ThreatModel threat, double[] marginLowerBound, double seconds, String unavailable) {
    public CertifiedAccuracy {
        marginLowerBound = marginLowerBound.clone();
        if (unavailable != null && marginLowerBound.length > 0) throw new IllegalArgumentException("an unavailable method has no bounds");
    }

    public CertifiedAccuracy(String method, ThreatModel threat, double[] marginLowerBound, double seconds) {
        this(method, threat, marginLowerBound, seconds, null);
    }

    /** The method could not be applied to the model (e.g. a layer it has no bound for), for the stated reason. */
    public static CertifiedAccuracy unavailable(String method, ThreatModel threat, String reason, double seconds) {
        return new CertifiedAccuracy(method, threat, new double[0], seconds, reason);
    }

    public boolean available() {
        return unavailable == null;
    }

    @Override
    public double[] marginLowerBound() {
        return marginLowerBound.clone();
    }

    public int size() {
        return marginLowerBound.length;
    }

    /** By content: the generated equals compared the margin array by identity. */
    @Override
    public boolean equals(Object o) {
        return radlab.util.RecordValues.equal(this, o);
    }

    @Override
    public int hashCode() {
        return radlab.util.RecordValues.hash(this);
    }

    public boolean certified(int i) {
        return marginLowerBound[i] > 0;
    }

    public int certifiedCount() {
        return (int) Arrays.stream(marginLowerBound).filter(v -> v > 0).count();
    }

    /** Fraction of samples certified: a lower bound of the robust accuracy under the threat model (NaN if unavailable). */
    public double accuracy() {
        return available() ? certifiedCount() / (double) size() : Double.NaN;
    }

    @Override
    public String toString() {
        if (!available()) return String.format("%s certificate %s: unavailable (%s)", method, threat, unavailable);
        return String.format("%s certified accuracy %s: %.2f%% (%d of %d) in %.2f s", method, threat, 100 * accuracy(), certifiedCount(), size(), seconds);
    }
}
