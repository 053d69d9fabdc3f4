package radlab.certify;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.nn.Broadcasts;

/**
 * The set a certificate must cover for each sample: the threat model's ε-ball around x intersected with the input box
 * [0,1]^d. It knows the box that contains it and how to bound a linear function over it from below.
 *
 * <p>ℓ∞: ball ∩ box is itself the box [max(x−ε,0), min(x+ε,1)], and the bound is exact. ℓ2: the minimum of a·x'
 * over ball ∩ box is at least both the minimum over the ball alone (a·x − ε‖a‖₂, Hölder) and over the box
 * [max(x−ε,0), min(x+ε,1)] that contains the intersection, so the larger of the two is a sound (not exact) bound.
 */
public record InputRegion(INDArray center, ThreatModel threat) {
    public InputRegion {
        center = center.castTo(DataType.DOUBLE);
    }

    /** The coordinate-wise box containing the region. */
    public Interval box() {
        double e = threat.epsilon();
        return new Interval(Transforms.max(center.sub(e), 0.0, false), Transforms.min(center.add(e), 1.0, false));
    }

    /**
     * Lower bounds of a_{ij}·x' + c_{ij} over x' in the region, per sample i and row j.
     *
     * @param a coefficients, n × m × d
     * @param c constants, n × m
     * @return n × m
     */
    public INDArray lowerBound(INDArray a, INDArray c) {
        long n = a.size(0), m = a.size(1), d = a.size(2);
        Interval b = box();
        // Σ_d a⁺·l + a⁻·u = a·mid − |a|·rad, as two batched matrix–vector products (no n × m × d temporaries but |a|)
        INDArray abs = Transforms.abs(a, true);
        INDArray overBox = batchedDot(a, b.center()).subi(batchedDot(abs, b.radius())).addi(c);
        abs.close();
        if (threat.norm() == AttackNorm.LINF) return overBox;
        INDArray overBall = batchedDot(a, center).subi(a.norm2(2).muli(threat.epsilon())).addi(c);
        return Transforms.max(overBox, overBall, false);
    }

    /** Per sample i and row j, Σ_k a_ijk·v_ik: (n × m × d) by (n × d) → n × m. */
    private static INDArray batchedDot(INDArray a, INDArray v) {
        long n = a.size(0), m = a.size(1), d = a.size(2);
        return org.nd4j.linalg.factory.Nd4j.matmul(a, v.reshape(n, d, 1)).reshape(n, m);
    }

    /** Bounds of x'W + b (W in × out, b 1 × out) over the region: the first layer of IBP, exact for ℓ∞. */
    public Interval linearImage(INDArray w, INDArray bias) {
        Interval b = box();
        INDArray mid = Broadcasts.addiRow(b.center().mmul(w), bias), rad = b.radius().mmul(Transforms.abs(w, true));
        Interval overBox = new Interval(mid.sub(rad), mid.add(rad));
        if (threat.norm() == AttackNorm.LINF) return overBox;
        INDArray z = Broadcasts.addiRow(center.mmul(w), bias), colNorms = w.norm2(0).reshape(1, w.columns()).muli(threat.epsilon());
        return overBox.intersect(new Interval(Broadcasts.subiRow(z.dup(), colNorms), Broadcasts.addiRow(z.dup(), colNorms)));
    }
}
