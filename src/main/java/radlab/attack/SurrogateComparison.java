package radlab.attack;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.data.Batches;
import radlab.data.Dataset;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianNorms;
import radlab.nn.Model;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.util.RecordValues;
import radlab.nn.WorkingMemory;

/**
 * Per sample, the Jacobian surrogate of the robust loss next to the loss an attack actually reaches.
 *
 * <p>Surrogate (reconstruction of arXiv 2412.12449's ℓ̂, docs/theory.md §2.4): cross-entropy is
 * L = √2-Lipschitz in the logits, so for ‖δ‖ ≤ ε the linearised logits f(x)+J(x)δ give
 * <pre>
 *   ℓ2 attack:  ℓ(f(x)+Jδ, y) ≤ ℓ(f(x), y) + L·ε·‖J‖_2 ≤ ℓ(f(x), y) + L·ε·‖J(x)‖_F
 *   ℓ∞ attack:  ℓ(f(x)+Jδ, y) ≤ ℓ(f(x), y) + L·ε·‖J‖_{∞→2} ≤ ℓ(f(x), y) + L·ε·‖J(x)‖_{1,1}
 * </pre>
 * The surrogate bounds the first-order robust loss exactly; it bounds the true robust loss only up to the
 * second-order remainder, so the fraction of samples it covers is what this class measures. Also reported: the
 * first-order robust loss of ℓ itself, ℓ + ε‖∇ₓℓ‖_* (dual norm), which is an estimate, not a bound.
 */
public record SurrogateComparison(ThreatModel threat, String attack, int[] labels, double[] cleanLoss, double[] attackLoss,
                                  JacobianNorms jacobian, double[] lossGradientDualNorm) {
    /** L, the Lipschitz constant of cross-entropy in the logits. */
    public static final double LIPSCHITZ = SoftmaxCrossEntropy.LIPSCHITZ_L2;

    public SurrogateComparison {
        labels = labels.clone();
        cleanLoss = cleanLoss.clone();
        attackLoss = attackLoss.clone();
        lossGradientDualNorm = lossGradientDualNorm.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public double[] cleanLoss() {
        return cleanLoss.clone();
    }

    @Override
    public double[] attackLoss() {
        return attackLoss.clone();
    }

    @Override
    public double[] lossGradientDualNorm() {
        return lossGradientDualNorm.clone();
    }

    /** By content (arrays element by element, the Jacobian norms too). */
    @Override
    public boolean equals(Object o) {
        return RecordValues.equal(this, o);
    }

    @Override
    public int hashCode() {
        return RecordValues.hash(this);
    }

    public static SurrogateComparison measure(Model model, Dataset data, Attack attack, int batch) {
        return measure(model, data, attack, batch, RobustEvaluator.adversarialLosses(model, data, attack, batch, null));
    }

    /** As {@link #measure(Model, Dataset, Attack, int)} with the attack's per-sample losses already computed. */
    public static SurrogateComparison measure(Model model, Dataset data, Attack attack, int batch, double[] attackLosses) {
        if (attackLosses.length != data.size()) {
            throw new IllegalArgumentException(attackLosses.length + " attack losses for " + data.size() + " samples");
        }
        ThreatModel t = attack.threat();
        int n = data.size();
        double[] clean = new double[n], dual = new double[n];
        Batches.forEach(n, WorkingMemory.attackBatch(model, batch), (start, end) -> {
            LossGradient lg = LossGradient.of(model, Batches.rows(data.features(), start, end), Batches.labels(data, start, end));
            INDArray g = lg.inputGradient().castTo(DataType.DOUBLE);
            INDArray norm = t.norm() == AttackNorm.L2 ? g.norm2(1) : Transforms.abs(g, true).sum(1);
            Batches.copyInto(norm, dual, start);
            Batches.copyInto(lg.perExampleLoss(), clean, start);
        });
        JacobianNorms jn = InputJacobians.norms(model, data.features(), Math.min(batch, 250));
        return new SurrogateComparison(t, attack.describe(), data.labels(), clean, attackLosses, jn, dual);
    }

    /** ‖J‖_F for ℓ2 threats, ‖J‖_{1,1} for ℓ∞. */
    public double[] jacobianTerm() {
        return threat.norm() == AttackNorm.L2 ? jacobian.frobenius() : jacobian.l11();
    }

    /** ℓ + L·ε·(Jacobian term), per sample. */
    public double[] surrogate() {
        double[] j = jacobianTerm(), s = new double[cleanLoss.length];
        for (int i = 0; i < s.length; i++) s[i] = cleanLoss[i] + LIPSCHITZ * threat.epsilon() * j[i];
        return s;
    }

    /** ℓ + ε‖∇ₓℓ‖_*, per sample. */
    public double[] firstOrderLoss() {
        double[] s = new double[cleanLoss.length];
        for (int i = 0; i < s.length; i++) s[i] = cleanLoss[i] + threat.epsilon() * lossGradientDualNorm[i];
        return s;
    }

    /** Fraction of samples where the surrogate is ≥ the attack loss. */
    public double fractionBounded() {
        double[] s = surrogate();
        int k = 0;
        for (int i = 0; i < s.length; i++) if (s[i] >= attackLoss[i]) k++;
        return (double) k / s.length;
    }

    public double meanAttackLoss() {
        return Arrays.stream(attackLoss).average().orElse(Double.NaN);
    }

    public double meanSurrogate() {
        return Arrays.stream(surrogate()).average().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return AttackTables.headline(this);
    }
}
