package radlab.bounds;

import java.util.ArrayList;
import java.util.List;
import radlab.attack.AttackNorm;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.norms.LayerNorms;

/**
 * <b>radlab's reconstruction</b> — not the paper's statement — of the robust generalization bound of Wu &amp; Li
 * (arXiv 2412.12449), whose theorem statements and constants were not available (docs/theory.md §6.7). It follows
 * the generic Rademacher skeleton for the surrogate class G = {ℓ(f(x),y) + L·ε·R_J(f,x)}: with probability ≥ 1 − δ,
 * <pre>
 *   E[ℓ_rob] − Ê_n[ℓ_rob]  ≲  2·c_std·L·(‖X‖_F/n)·R_A                                       (standard-loss complexity)
 *                           + 2·L·ε·κ·c_jac·ρ^{L−1}∏‖A_i‖_σ·(Σ_i(‖A_i‖_F/‖A_i‖_σ)^{2/3})^{3/2}·S/√n  (Jacobian complexity)
 *                           + 3·M·√(ln(2/δ)/(2n))                                           (confidence)
 *                           + L·β·ε²·d_ε/2                                                  (first-order remainder)
 * </pre>
 * with L = √2 (cross-entropy is √2-Lipschitz in ‖·‖₂ on the logits), κ = 1 for ℓ2 and √(K·d) for ℓ∞
 * (‖J‖_{1,1} ≤ √(Kd)‖J‖_F), d_ε = 1 for ℓ2 and d for ℓ∞, S = 1 + Lip(σ′)·B_x·Σ_{i&lt;L}∏_{j≤i}‖A_j‖_σ and
 * β = Lip(σ′)·ρ^{L−1}∏‖A_i‖_σ·Σ_{i&lt;L}∏_{j≤i}‖A_j‖_σ. For ReLU, σ′ is not Lipschitz: S is taken as 1 and the
 * remainder is left out, and {@link Assumption#SMOOTH_ACTIVATION} fails.
 */
public final class PaperReconstruction implements Bound {
    /** c_std, c_jac: multiplicative constants of the two complexity terms (1 in radlab's reports). */
    public record Constants(double cStandard, double cJacobian) {
        public static Constants defaults() {
            return new Constants(1, 1);
        }
    }

    public static final PaperReconstruction L2 = new PaperReconstruction(AttackNorm.L2, Constants.defaults());
    public static final PaperReconstruction LINF = new PaperReconstruction(AttackNorm.LINF, Constants.defaults());

    private final AttackNorm attack;
    private final Constants constants;

    public PaperReconstruction(AttackNorm attack, Constants constants) {
        this.attack = attack;
        this.constants = constants;
    }

    @Override
    public String id() {
        return attack == AttackNorm.L2 ? "paper-l2" : "paper-linf";
    }

    @Override
    public String name() {
        return "Wu–Li robust bound " + (attack == AttackNorm.L2 ? "ℓ2" : "ℓ∞") + ", radlab reconstruction";
    }

    @Override
    public String citation() {
        return "radlab's reconstruction in the spirit of Wu & Li, arXiv 2412.12449 (statement and constants unknown)";
    }

    @Override
    public String theorySection() {
        return "§6.7";
    }

    @Override
    public Quantity quantity() {
        return Quantity.ROBUST_GAP;
    }

    @Override
    public boolean reconstruction() {
        return true;
    }

    @Override
    public List<Assumption> assumptions() {
        return List.of(Assumption.DENSE_LAYERS, Assumption.SMOOTH_ACTIVATION, Assumption.NO_BIASES, Assumption.BOUNDED_LOSS);
    }

    public AttackNorm attack() {
        return attack;
    }

    @Override
    public List<Term> terms(BoundInputs in) {
        double lip = SoftmaxCrossEntropy.LIPSCHITZ_L2;
        double epsilon = attack == AttackNorm.L2 ? in.epsilonL2() : in.epsilonLinf();
        int n = in.data().n(), d = in.data().inputDim();
        double standard = 2 * constants.cStandard() * lip * (in.data().xFrobenius() / n) * GrafSpectralRademacher.spectralComplexity(in);
        double prodSpec = in.norms().lipschitzUpperBound();
        double cumulative = 0, running = 1; // Σ_{i<L} ∏_{j≤i} ‖A_j‖_σ
        List<LayerNorms> ls = in.norms().layers();
        for (int i = 0; i < ls.size() - 1; i++) {
            running *= ls.get(i).spectral();
            cumulative += running;
        }
        double slopeLip = in.activation().slopeLipschitz();
        boolean smooth = Double.isFinite(slopeLip);
        double slopeFactor = smooth ? 1 + slopeLip * in.data().maxInputNorm() * cumulative : 1;
        double kappa = attack == AttackNorm.L2 ? 1 : Math.sqrt((double) in.data().outputs() * d);
        double jacobianComplexity = constants.cJacobian() * prodSpec * Math.pow(stableRankSum(in), 1.5) * slopeFactor / Math.sqrt(n);
        List<Term> terms = new ArrayList<>();
        terms.add(new Term("standard_complexity", "2R̂(ℓ∘F) ≤ 2c_std·L·(‖X‖_F/n)·R_A", standard));
        terms.add(new Term("jacobian_complexity", "2Lεκ·R̂(‖J‖∘F)", 2 * lip * epsilon * kappa * jacobianComplexity));
        terms.add(new Term("confidence", "3M√(ln(2/δ)/(2n))", ConfidenceTerm.of(n, in.delta(), in.loss().value())));
        if (smooth) {
            double beta = slopeLip * prodSpec * cumulative;
            terms.add(new Term("remainder", "L·β·ε²·d_ε/2", lip * beta * epsilon * epsilon * (attack == AttackNorm.L2 ? 1 : d) / 2));
        }
        return terms;
    }

    /** Σ_i (‖A_i‖_F/‖A_i‖_σ)^{2/3}, the stable-rank sum of the Jacobian-class term. */
    static double stableRankSum(BoundInputs in) {
        double s = 0;
        for (LayerNorms l : in.norms().layers()) s += Math.pow(l.frobenius() / l.spectral(), 2.0 / 3.0);
        return s;
    }
}
