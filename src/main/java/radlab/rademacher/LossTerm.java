package radlab.rademacher;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.attack.AttackNorm;
import radlab.attack.LossGradient;
import radlab.attack.Pgd;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.jacobian.JacobianRegularizedObjective;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.ForwardPass;
import radlab.nn.Model;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.train.Objective;
import radlab.util.Broadcasts;

/**
 * The per-sample function g(f, z) of a loss class g∘F (docs/theory.md §4.5), its values on a sample and the exact
 * parameter gradient of a weighted sum Σ_i w_i·g(f, z_i) — the objective of random-sign fitting with w = σ/n.
 * Jacobian gradients come from {@link JacobianRegularizedObjective#evaluateWeighted} (exact double backprop):
 * ‖J‖_F's gradient is that of ‖J‖_F² with weight w_i/(2‖J_i‖_F).
 *
 * @param kind     which class
 * @param threat   threat model: its norm picks the dual Jacobian term (‖J‖_F for ℓ2, ‖J‖_{1,1} for ℓ∞), its ε the
 *                 surrogate's ε and the attack radius of the robust loss
 * @param gamma    margin γ of the ramp loss
 * @param attackSteps PGD steps of the robust loss's inner maximisation
 */
public record LossTerm(Kind kind, ThreatModel threat, double gamma, int attackSteps) {
    /** ce: ℓ_CE; ramp: γ-ramp of the margin; jacobian: the dual Jacobian term; jacobian-sq: ‖J‖_F²; surrogate: ℓ + Lε·term; robust: ℓ at the PGD point. */
    public enum Kind {
        CE, RAMP, JACOBIAN, JACOBIAN_SQ, SURROGATE, ROBUST;

        public static Kind parse(String s) {
            for (Kind k : values()) if (k.label().equals(s.trim().toLowerCase())) return k;
            throw new IllegalArgumentException("unknown --loss '" + s + "'; expected ce, ramp, robust, surrogate, jacobian or jacobian-sq");
        }

        public String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** L, the ‖·‖₂-Lipschitz constant of cross-entropy in the logits. */
    public static final double L = SoftmaxCrossEntropy.LIPSCHITZ_L2;

    public LossTerm {
        if (!(gamma > 0)) throw new IllegalArgumentException("ramp margin γ must be positive, got " + gamma);
        if (attackSteps < 1) throw new IllegalArgumentException("attack steps must be ≥ 1, got " + attackSteps);
    }

    /**
     * Whether random-sign fitting gives a lower estimate of R̂_S for this class. Not for {@code robust}: its g is the
     * loss at an attack's point, itself only a lower estimate of ℓ_rob, and an under-solved attack lowers g where
     * σ_i = +1 (lowering the objective) but raises the objective where σ_i = −1, so the bias has no known sign.
     */
    public boolean lowerEstimate() {
        return kind != Kind.ROBUST;
    }

    /** "lower estimate", or for the robust class "estimate, bias of unknown sign" (see {@link #lowerEstimate()}). */
    public String estimateLabel() {
        return lowerEstimate() ? "lower estimate" : ESTIMATE_UNKNOWN_BIAS;
    }

    /** The label of an estimate built from attack values entering with both signs. */
    public static final String ESTIMATE_UNKNOWN_BIAS = "estimate, bias of unknown sign";

    public LossTerm withKind(Kind k) {
        return new LossTerm(k, threat, gamma, attackSteps);
    }

    private JacobianRegularizer regularizer() {
        return threat.norm() == AttackNorm.L2 || kind == Kind.JACOBIAN_SQ ? JacobianRegularizer.L2 : JacobianRegularizer.L1;
    }

    /** Per-sample values g(f, z_i); {@code attackSeed} seeds the robust loss's PGD start. */
    public double[] values(Model m, Dataset s, long attackSeed) {
        return switch (kind) {
            case CE -> LossGradient.losses(m, s);
            case RAMP -> ramp(m.logits(s.features()), s.labels(), null);
            case JACOBIAN, JACOBIAN_SQ -> jacobianTerm(m, s.features());
            case SURROGATE -> {
                double[] ce = withKind(Kind.CE).values(m, s, attackSeed), j = withKind(Kind.JACOBIAN).values(m, s, attackSeed);
                for (int i = 0; i < ce.length; i++) ce[i] += L * threat.epsilon() * j[i];
                yield ce;
            }
            case ROBUST -> LossGradient.losses(m, attack(m, s, attackSeed), s.labels()).castTo(DataType.DOUBLE).toDoubleVector();
        };
    }

    /** Σ_i w_i·g(f, z_i) and its parameter gradients at the model's current weights. */
    public Objective.Value weighted(Model m, Dataset s, double[] w, long attackSeed) {
        int n = w.length;
        double[] zero = new double[n];
        return switch (kind) {
            case CE -> JacobianRegularizedObjective.exact(JacobianRegularizer.L2, 0).evaluateWeighted(m, s.features(), s.labels(), w, zero);
            case RAMP -> {
                ForwardPass fp = m.forward(s.features());
                INDArray dLogits = Nd4j.zeros(DataType.DOUBLE, n, m.outputDim());
                double[] v = ramp(fp.logits(), s.labels(), dLogits);
                double total = 0;
                for (int i = 0; i < n; i++) total += w[i] * v[i];
                INDArray wc = Nd4j.create(w, new long[] {n, 1}, DataType.DOUBLE);
                yield new Objective.Value(total, m.backward(fp, Broadcasts.muliColumn(dLogits, wc).castTo(m.dataType()), null, false));
            }
            case JACOBIAN, JACOBIAN_SQ, SURROGATE -> {
                double lambda = kind == Kind.SURROGATE ? L * threat.epsilon() : 1;
                double[] c = w, f = null;
                if (kind != Kind.JACOBIAN_SQ && threat.norm() == AttackNorm.L2) { // ‖J‖_F through ‖J‖_F² with weight w/(2‖J‖_F)
                    f = JacobianValues.frobenius(m, s.features());
                    c = new double[n];
                    for (int i = 0; i < n; i++) c[i] = f[i] > 0 ? w[i] / (2 * f[i]) : 0;
                }
                Objective.Value v = JacobianRegularizedObjective.exact(regularizer(), lambda)
                        .evaluateWeighted(m, s.features(), s.labels(), kind == Kind.SURROGATE ? w : zero, c);
                if (f == null) yield v;
                double half = 0; // the objective's value holds λΣ c_i‖J_i‖_F² = (λ/2)Σ w_i‖J_i‖_F: add the other half
                for (int i = 0; i < n; i++) half += c[i] * f[i] * f[i];
                yield new Objective.Value(v.loss() + lambda * half, v.gradients());
            }
            case ROBUST -> JacobianRegularizedObjective.exact(JacobianRegularizer.L2, 0) // Danskin: the gradient at the attack point
                    .evaluateWeighted(m, attack(m, s, attackSeed), s.labels(), w, zero);
        };
    }

    private double[] jacobianTerm(Model m, INDArray x) {
        if (kind == Kind.JACOBIAN_SQ) return Arrays.stream(JacobianValues.frobenius(m, x)).map(f -> f * f).toArray();
        return threat.norm() == AttackNorm.L2 ? JacobianValues.frobenius(m, x) : JacobianValues.l11(m, x);
    }

    private INDArray attack(Model m, Dataset s, long seed) {
        return Pgd.standard(threat, attackSteps, seed).perturb(m, s.features(), s.labels());
    }

    /**
     * γ-ramp loss of the margin z_y − max_{k≠y} z_k: 1 at margin ≤ 0, 0 at margin ≥ γ, linear between; when
     * {@code grad} is given its rows receive ∂/∂logits (−1/γ at y, +1/γ at the runner-up, inside the ramp).
     */
    private double[] ramp(INDArray logits, int[] labels, INDArray grad) {
        INDArray z = logits.castTo(DataType.DOUBLE);
        INDArray y = Dataset.oneHot(labels, (int) z.columns(), DataType.DOUBLE);
        INDArray others = z.sub(y.mul(1e300)); // the label's logit pushed out of the max
        INDArray runner = Nd4j.argMax(others, 1);
        INDArray margin = z.mul(y).sum(1).subi(others.max(1));
        INDArray v = Transforms.min(Transforms.max(margin.div(-gamma).addi(1.0), 0.0, false), 1.0, false);
        if (grad != null) {
            INDArray inside = margin.gt(0.0).castTo(DataType.DOUBLE).muli(margin.lt(gamma).castTo(DataType.DOUBLE)).reshape(labels.length, 1);
            INDArray r = Dataset.oneHot(runner.toIntVector(), (int) z.columns(), DataType.DOUBLE);
            grad.assign(Broadcasts.muliColumn(r.subi(y).divi(gamma), inside));
        }
        return v.toDoubleVector();
    }

    public String describe() {
        return switch (kind) {
            case CE -> "cross-entropy";
            case RAMP -> "ramp loss (γ=" + gamma + ")";
            case JACOBIAN -> threat.norm() == AttackNorm.L2 ? "‖J‖_F" : "‖J‖_{1,1}";
            case JACOBIAN_SQ -> "‖J‖_F²";
            case SURROGATE -> "ℓ + √2·" + threat.epsilon() + "·" + (threat.norm() == AttackNorm.L2 ? "‖J‖_F" : "‖J‖_{1,1}");
            case ROBUST -> "robust cross-entropy (PGD-" + threat.norm() + " ε=" + threat.epsilon() + ", " + attackSteps + " steps)";
        };
    }
}
