package radlab.attack;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.util.Broadcasts;

/**
 * The per-sample objectives an attack ascends, as functions of the logits z (n × K), with their gradients.
 *
 * <ul>
 *   <li>CE: softmax cross-entropy −z_y + log Σ_k e^{z_k}.</li>
 *   <li>DLR (difference of logits ratio, Croce &amp; Hein 2020, ICML, eq. 3):
 *       −(z_y − max_{j≠y} z_j) / (z_π1 − z_π3), π the indices of the logits sorted decreasingly. Invariant to shifting
 *       and scaling the logits, so it does not saturate on flat or large logits the way cross-entropy does.</li>
 *   <li>targeted DLR (same paper, eq. 4): −(z_y − z_t) / (z_π1 − (z_π3 + z_π4)/2) for a target class t.</li>
 * </ul>
 * The denominators get +1e-12 as in the reference implementation (fra31/auto-attack, autopgd_base.py).
 */
public enum AttackLoss {
    CE, DLR, DLR_TARGETED;

    static final double DENOMINATOR_FLOOR = 1e-12;
    /** Added to masked-out logits so that they never win an argmax; finite so that 0·BIG stays 0. */
    private static final double BIG = 1e30;

    /** Per-sample loss (n) and its gradient with respect to the logits (n × K), not divided by n. */
    public record Value(INDArray perSample, INDArray logitGradient) {}

    /**
     * @param yOneHot the true classes, one-hot (n × K)
     * @param target  the target classes, one-hot (n × K); only read by {@link #DLR_TARGETED}
     */
    public Value evaluate(INDArray logits, INDArray yOneHot, INDArray target) {
        int k = (int) logits.columns();
        if (this != CE && k < minClasses()) {
            throw new IllegalArgumentException(this + " loss needs at least " + minClasses() + " classes, got " + k);
        }
        INDArray y = yOneHot.castTo(logits.dataType());
        if (this == CE) {
            SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.evaluateNd4j(logits, y);
            return new Value(r.perExample(), r.gradMean().muli(logits.rows()));
        }
        INDArray p1 = oneHotArgMax(logits);
        INDArray z2 = logits.sub(p1.mul(BIG));
        INDArray p3 = oneHotArgMax(z2.subi(oneHotArgMax(z2).muli(BIG)));
        INDArray zy = rowDot(logits, y);
        INDArray other = this == DLR ? oneHotArgMax(logits.sub(y.mul(BIG))) : target.castTo(logits.dataType());
        INDArray denomDir;
        if (this == DLR) {
            denomDir = p1.sub(p3);
        } else {
            INDArray p4 = oneHotArgMax(z2.subi(p3.mul(BIG)));
            denomDir = p1.sub(p3.add(p4).muli(0.5));
        }
        INDArray num = zy.sub(rowDot(logits, other));                       // N = z_y − z_other
        INDArray den = rowDot(logits, denomDir).addi(DENOMINATOR_FLOOR);     // D
        INDArray loss = num.div(den).negi();                                  // −N/D
        // ∂(−N/D)/∂z = −(e_y − e_other)/D + N·∂D/∂z / D²
        INDArray grad = Broadcasts.diviColumn(y.sub(other), den).negi()
                .addi(Broadcasts.muliColumn(denomDir.dup(), num.div(den.mul(den))));
        return new Value(loss.reshape(logits.rows()), grad);
    }

    /** The smallest number of classes the loss is defined for (DLR needs π3, targeted DLR π4). */
    public int minClasses() {
        return switch (this) {
            case CE -> 2;
            case DLR -> 3;
            case DLR_TARGETED -> 4;
        };
    }

    /** Row-wise one-hot of the argmax (first index on ties), n × K. */
    static INDArray oneHotArgMax(INDArray z) {
        INDArray idx = Nd4j.argMax(z, 1);
        return Nd4j.exec(new OneHot(idx, (int) z.columns(), -1, 1.0, 0.0, z.dataType()))[0];
    }

    /** One-hot of the class with the r-th largest logit (r = 1: the argmax), row-wise. */
    static INDArray oneHotRank(INDArray z, int r) {
        INDArray masked = z.dup();
        for (int i = 1; i < r; i++) masked.subi(oneHotArgMax(masked).muli(BIG));
        return oneHotArgMax(masked);
    }

    private static INDArray rowDot(INDArray a, INDArray b) {
        return a.mul(b).sum(true, 1);
    }

    public String label() {
        return switch (this) {
            case CE -> "ce";
            case DLR -> "dlr";
            case DLR_TARGETED -> "dlr-targeted";
        };
    }
}
