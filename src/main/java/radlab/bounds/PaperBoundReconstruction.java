package radlab.bounds;

import java.util.ArrayList;
import java.util.List;
import radlab.attack.AttackNorm;
import radlab.norms.LayerNorms;
import radlab.norms.NetworkNorms;

/**
 * <b>Reconstruction</b> of the robust generalization bound of Wu &amp; Li (arXiv 2412.12449). The paper's theorem
 * statements and constants were not available (project paper notes §3, §7); this follows the skeleton of notes §3 [D]:
 * for the surrogate class G = {ℓ(f(x),y) + L·ε·R_J(f,x)}, with probability ≥ 1 − δ,
 * <pre>
 *   E[ℓ_rob] − Ê_n[ℓ_rob]  ≲  2·R̂_S(ℓ∘F)                       (standard-loss complexity term)
 *                           + 2·L·ε·κ·R̂_S(‖J‖_F∘F)             (Jacobian-regularization complexity term)
 *                           + 3·M·√(ln(2/δ)/(2n))                (confidence term)
 *                           + L·β·ε²·d_ε/2                       (first-order remainder, notes §2.3)
 * </pre>
 * with L = √2 (cross-entropy), κ = 1 for ℓ2 attacks and √(K·d) for ℓ∞ (‖J‖_{1,1} ≤ √(Kd)‖J‖_F), d_ε = 1 for ℓ2 and d
 * for ℓ∞. The two complexities are replaced by norm-based upper bounds (logarithmic factors dropped, "Õ"):
 * <ul>
 *   <li>R̂_S(ℓ∘F) ≤ c_std·L·(‖X‖_F/n)·R_A, R_A the BFT spectral complexity (output-dimension free);</li>
 *   <li>R̂_S(‖J‖_F∘F) ≤ c_jac·(1/√n)·ρ^{L−1}∏‖A_i‖_σ·(Σ_i(‖A_i‖_F/‖A_i‖_σ)^{2/3})^{3/2}·(1 + Lip(σ′)·B_x·Σ_{i&lt;L}∏_{j≤i}‖A_j‖_σ):
 *       ‖J‖_F is ∏_{j≠i}‖A_j‖_σ-Lipschitz in each layer for a fixed activation pattern, and the last factor is the
 *       extra sensitivity through σ′(z) for smooth σ;</li>
 *   <li>β ≤ Lip(σ′)·ρ^{L−1}∏‖A_i‖_σ·Σ_{i&lt;L}∏_{j≤i}‖A_j‖_σ, the Lipschitz constant of x ↦ J(x).</li>
 * </ul>
 * The constants c_std, c_jac and δ are parameters so that a reader with the paper can plug its own in. For ReLU,
 * σ′ is not Lipschitz: the remainder and the σ′ factor are undefined, the terms are computed without them and the
 * result is flagged. The loss range M of cross-entropy is unbounded; the measured maximum loss is used and flagged.
 */
public final class PaperBoundReconstruction {
    /** c_std, c_jac: multiplicative constants (default 1); δ: confidence parameter. */
    public record Constants(double cStandard, double cJacobian, double delta) {
        public static Constants defaults() {
            return new Constants(1, 1, 0.05);
        }
    }

    /**
     * Measured inputs of the bound.
     *
     * @param n               training sample size
     * @param xFrobenius      ‖X‖_F of the training inputs
     * @param maxInputNorm    B_x = max_i ‖x_i‖₂
     * @param inputDim        d
     * @param outputs         K
     * @param lossRange       M, the range of the loss on the sample (cross-entropy is unbounded; use the measured max)
     * @param activationSlope ρ = sup|σ′|
     * @param slopeLipschitz  Lip(σ′) = sup|σ″| (∞ for ReLU)
     */
    public record Inputs(int n, double xFrobenius, double maxInputNorm, int inputDim, int outputs, double lossRange,
                         double activationSlope, double slopeLipschitz) {}

    private PaperBoundReconstruction() {}

    public static BoundTerms compute(NetworkNorms norms, Inputs in, AttackNorm attack, double epsilon, Constants c) {
        List<String> flags = new ArrayList<>();
        flags.add("reconstruction: the paper's constants and exact norms are unknown (paper notes §3)");
        double lip = radlab.nn.SoftmaxCrossEntropy.LIPSCHITZ_L2;
        double standard = 2 * c.cStandard() * lip * (in.xFrobenius() / in.n()) * ClassicBounds.bftSpectralComplexity(norms, false);
        double prodSpec = norms.lipschitzUpperBound();
        double cumulative = 0, running = 1;
        List<LayerNorms> ls = norms.layers();
        for (int i = 0; i < ls.size() - 1; i++) {
            running *= ls.get(i).spectral();
            cumulative += running;
        }
        boolean smooth = Double.isFinite(in.slopeLipschitz());
        double slopeFactor = smooth ? 1 + in.slopeLipschitz() * in.maxInputNorm() * cumulative : 1;
        if (!smooth) flags.add("ReLU: σ′ is not Lipschitz, so the Jacobian-class covering and the remainder need a smooth activation; σ′ terms omitted");
        double kappa = attack == AttackNorm.L2 ? 1 : Math.sqrt((double) in.outputs() * in.inputDim());
        double jacobianComplexity = c.cJacobian() * prodSpec * Math.pow(ClassicBounds.stableRankSum(norms), 1.5) * slopeFactor / Math.sqrt(in.n());
        double jacobian = 2 * lip * epsilon * kappa * jacobianComplexity;
        double confidence = ClassicBounds.confidenceTerm(in.n(), c.delta(), in.lossRange());
        flags.add(String.format("loss range M = %.3g is the measured maximum training loss (cross-entropy is unbounded)", in.lossRange()));
        double beta = smooth ? in.slopeLipschitz() * prodSpec * cumulative : Double.NaN;
        double remainder = smooth ? lip * beta * epsilon * epsilon * (attack == AttackNorm.L2 ? 1 : in.inputDim()) / 2 : Double.NaN;
        return new BoundTerms(attack, epsilon, standard, jacobian, confidence, remainder, flags);
    }
}
