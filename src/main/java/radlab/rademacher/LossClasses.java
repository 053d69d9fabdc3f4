package radlab.rademacher;

import java.util.ArrayList;
import java.util.List;
import radlab.attack.Attack;
import radlab.attack.LossGradient;
import radlab.attack.RobustEvaluator;
import radlab.data.Dataset;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianNorms;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.Model;

/**
 * Loss classes over a finite set of networks (e.g. the checkpoints of a sweep): the value vectors of ℓ∘F, of the
 * robust loss ℓ_rob∘F and of the Jacobian regularizer R∘F on a sample, as {@link FiniteClass}es whose Rademacher
 * complexity the estimator computes exactly per draw. This is the complexity of the finite set, not of the norm ball
 * the networks came from; because checkpoints trained on S depend on S, it measures capacity, not a valid bound.
 */
public final class LossClasses {
    private LossClasses() {}

    /** Per-sample cross-entropy ℓ(f(x_i), y_i) of each network. */
    public static FiniteClass crossEntropy(List<? extends Model> nets, Dataset data) {
        List<double[]> v = new ArrayList<>();
        for (Model m : nets) v.add(LossGradient.losses(m, data));
        return FiniteClass.of(v, "cross-entropy of " + nets.size() + " networks");
    }

    /**
     * Per-sample loss after the attack, ℓ(f(x_i'), y_i). The suprema over this finite set are exact, but its values are
     * attack estimates of ℓ_rob entering with both signs of σ, so R̂ of the robust loss class has a bias of unknown sign
     * ({@link LossTerm#lowerEstimate()}); the description says so.
     */
    public static FiniteClass robustLoss(List<? extends Model> nets, Dataset data, Attack attack) {
        List<double[]> v = new ArrayList<>();
        for (Model m : nets) v.add(RobustEvaluator.adversarialLosses(m, data, attack, RobustEvaluator.DEFAULT_BATCH, null));
        return FiniteClass.of(v, "robust loss (" + attack.describe() + "; attack values, so R̂ is an " + LossTerm.ESTIMATE_UNKNOWN_BIAS + ") of "
                + nets.size() + " networks");
    }

    /** Per-sample regularizer ‖J(x_i)‖_F² (L2) or ‖J(x_i)‖_{1,1} (L1). */
    public static FiniteClass jacobianRegularizer(List<? extends Model> nets, Dataset data, JacobianRegularizer reg) {
        List<double[]> v = new ArrayList<>();
        for (Model m : nets) {
            JacobianNorms j = InputJacobians.norms(m, data.features(), 250);
            double[] r = reg == JacobianRegularizer.L2 ? java.util.Arrays.stream(j.frobenius()).map(f -> f * f).toArray() : j.l11().clone();
            v.add(r);
        }
        return FiniteClass.of(v, reg.symbol() + " of " + nets.size() + " networks");
    }
}
