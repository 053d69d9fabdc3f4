package radlab.certify;

import java.util.Arrays;
import radlab.attack.ThreatModel;

/**
 * A certificate's verdict on a sample: per sample a lower bound of min_{j≠y} (f_y − f_j) over the ε-ball ∩ [0,1]^d;
 * a sample is certified robust when that bound is &gt; 0 (so it is also correctly classified).
 *
 * @param method  "IBP", "CROWN" or "Lipschitz"
 * @param seconds wall time of the certification
 */
public record CertifiedAccuracy(String method, ThreatModel threat, double[] marginLowerBound, double seconds) {
    public CertifiedAccuracy {
        marginLowerBound = marginLowerBound.clone();
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

    /** Fraction of samples certified: a lower bound of the robust accuracy under the threat model. */
    public double accuracy() {
        return certifiedCount() / (double) size();
    }

    @Override
    public String toString() {
        return String.format("%s certified accuracy %s: %.2f%% (%d of %d) in %.2f s", method, threat, 100 * accuracy(), certifiedCount(), size(), seconds);
    }
}
