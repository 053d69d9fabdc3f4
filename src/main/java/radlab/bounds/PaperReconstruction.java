package radlab.bounds;

import java.util.ArrayList;
import java.util.List;
import radlab.attack.AttackNorm;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.norms.LayerNorms;

/**
 * <b>radlab's reconstruction</b> — not the paper's statement — of the robust generalization bound of Wu &amp; Li
 * (arXiv 2412.12449), whose theorem statements and constants were not available (derivation in docs/theory.md §6.7).
 * The Rademacher bound on the surrogate class G = {g_f(x,y) = ℓ(f(x),y) + L·ε·κ·‖J_f(x)‖_F} with values in [0, M]
 * bounds the <em>test robust loss</em>: with probability ≥ 1 − δ,
 * <pre>
 *   E[ℓ_rob]  ≤  Ê_n[ℓ + Lεκ‖J‖_F]                                                         (train surrogate)
 *              + 2·c_std·√2·L·(‖X‖_F/n)·R_A                                                 (standard-loss complexity)
 *              + 2·L·ε·κ·c_jac·ρ^{L−1}∏‖A_i‖_σ·(Σ_i(‖A_i‖_F/‖A_i‖_σ)^{2/3})^{3/2}·S/√n        (Jacobian complexity)
 *              + 3·M·√(ln(2/δ)/(2n)),   M = max_i (ℓ_i + Lεκ‖J(x_i)‖_F)                     (confidence)
 *              + L·β·ε²·d_ε/2                                                               (first-order remainder)
 * </pre>
 * with L = √2 (cross-entropy is √2-Lipschitz in ‖·‖₂ on the logits), the √2 of Maurer's vector contraction, κ = 1 for
 * ℓ2 and √d for ℓ∞ (‖Jδ‖₂ ≤ ‖J‖_F‖δ‖₂ ≤ √d·ε·‖J‖_F), d_ε = 1 for ℓ2 and d for ℓ∞,
 * S = 1 + Lip(σ′)·B_x·Σ_{i&lt;L}∏_{j≤i}‖A_j‖_σ and β = Lip(σ′)·ρ^{L−1}∏‖A_i‖_σ·Σ_{i&lt;L}∏_{j≤i}‖A_j‖_σ. For ReLU, σ′ is not
 * Lipschitz: S is taken as 1, the remainder is left out (the bound is then on the first-order robust loss), and
 * {@link Assumption#SMOOTH_ACTIVATION} fails. M is measured on the training sample, so {@link Assumption#BOUNDED_LOSS}
 * fails for every trained model.
 */
public final class PaperReconstruction implements Bound {
    /** c_std, c_jac: multiplicative constants of the two complexity terms (1 in radlab's reports). */
    public record Constants(double cStandard, double cJacobian) {
        public static Constants defaults() {
            return new Constants(1, 1);
        }
    }

    /** The √2 of Maurer's vector contraction (Maurer 2016, arXiv 1605.00251, Corollary 1). */
    static final double MAURER = Math.sqrt(2);

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
        return Quantity.ROBUST_LOSS;
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

    /** κ with max_{‖δ‖≤ε} ‖J δ‖₂ ≤ ε·κ·‖J‖_F: 1 for ℓ2, √d for ℓ∞ (‖δ‖₂ ≤ √d‖δ‖∞). */
    public static double kappa(AttackNorm attack, int inputDim) {
        return attack == AttackNorm.L2 ? 1 : Math.sqrt(inputDim);
    }

    @Override
    public List<Term> terms(BoundInputs in) {
        double lip = SoftmaxCrossEntropy.LIPSCHITZ_L2;
        double epsilon = attack == AttackNorm.L2 ? in.epsilonL2() : in.epsilonLinf();
        int n = in.data().n(), d = in.data().inputDim();
        double kappa = kappa(attack, d);
        double standard = 2 * constants.cStandard() * MAURER * lip * (in.data().xFrobenius() / n) * SpectralCovering.spectralComplexity(in);
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
        double jacobianComplexity = constants.cJacobian() * prodSpec * Math.pow(stableRankSum(in), 1.5) * slopeFactor / Math.sqrt(n);
        // The surrogate g_i = ℓ_i + Lεκ‖J(x_i)‖_F on each training sample: its mean is the bound's empirical term,
        // its largest value the range M of the class in the confidence term.
        double[] loss = in.samples().losses(), jac = in.samples().jacobianFrobenius();
        double sum = 0, range = 0;
        for (int i = 0; i < loss.length; i++) {
            double g = loss[i] + lip * epsilon * kappa * jac[i];
            sum += g;
            range = Math.max(range, g);
        }
        List<Term> terms = new ArrayList<>();
        terms.add(new Term("train_surrogate", "Ê_n[ℓ + Lεκ‖J‖_F]", sum / loss.length));
        terms.add(new Term("standard_complexity", "2R̂(ℓ∘F) ≤ 2c_std·√2·L·(‖X‖_F/n)·R_A", standard));
        terms.add(new Term("jacobian_complexity", "2Lεκ·R̂(‖J‖_F∘F)", 2 * lip * epsilon * kappa * jacobianComplexity));
        terms.add(new Term("confidence", "3M√(ln(2/δ)/(2n)), M = max_i(ℓ_i + Lεκ‖J_i‖_F)", ConfidenceTerm.of(n, in.delta(), range)));
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
