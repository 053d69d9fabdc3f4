package radlab.certify;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.util.Broadcasts;

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
        INDArray overBox = overBox(a).addi(c);
        if (threat.norm() == AttackNorm.LINF) return overBox;
        return Transforms.max(overBox, overBall(a).addi(c), false);
    }

    /** min of a·x' over the box (n × m): Σ_d a⁺·l + a⁻·u = a·mid − |a|·rad, as two batched matrix–vector products. */
    private INDArray overBox(INDArray a) {
        Interval b = box();
        INDArray abs = Transforms.abs(a, true);
        INDArray out = batchedDot(a, b.center()).subi(batchedDot(abs, b.radius()));
        abs.close();
        return out;
    }

    /** min of a·x' over the ℓ2 ball alone (n × m): a·x − ε‖a‖₂. */
    private INDArray overBall(INDArray a) {
        return batchedDot(a, center).subi(a.norm2(2).muli(threat.epsilon()));
    }

    /**
     * The gradient of {@link #lowerBound} with respect to {@code a} (n × m × d; c only shifts it): box.center −
     * sign(a)·box.radius, and for ℓ2 where the ball's bound is the larger, x − ε·a/‖a‖₂ instead. At the kinks (a = 0,
     * ties of the two ℓ2 bounds) one of the one-sided derivatives, a supergradient of this concave function of a.
     */
    public INDArray lowerBoundGradient(INDArray a) {
        long n = a.size(0), m = a.size(1), d = a.size(2);
        Interval b = box();
        // in-place broadcasts: ND4J's allocating broadcast (big.mul(small)) measured ~50× slower on 100 × 10 × 784
        INDArray overBox = Transforms.sign(a, true).muli(b.radius().reshape(n, 1, d)).negi().addi(b.center().reshape(n, 1, d));
        if (threat.norm() == AttackNorm.LINF) return overBox;
        INDArray useBall = overBall(a).gt(overBox(a)).castTo(a.dataType()).reshape(n, m, 1);
        INDArray norm = Transforms.max(a.norm2(2), Double.MIN_NORMAL, false).reshape(n, m, 1);
        INDArray overBall = a.dup().divi(norm).muli(-threat.epsilon()).addi(center.reshape(n, 1, d));
        return overBox.muli(useBall.rsub(1.0)).addi(overBall.muli(useBall));
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
