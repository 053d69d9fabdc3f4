package radlab.experiment;

import java.util.List;
import radlab.attack.RobustMetrics;
import radlab.bounds.BoundInputs;
import radlab.bounds.BoundResult;
import radlab.certify.RobustBracket;
import radlab.jacobian.JacobianNorms;
import radlab.norms.NetworkNorms;
import radlab.train.Metrics;

/**
 * Everything measured on one trained model of a sweep.
 *
 * @param secondsPerEpoch   mean wall time of an epoch's optimisation steps
 * @param boundInputs       what the bounds were computed from (margin γ and how it was chosen, ‖X‖_F, loss range, …)
 * @param bounds            every registered bound ({@link radlab.bounds.BoundRegistry}), in registry order
 * @param surrogateFractionL2 fraction of test samples where ℓ + √2·ε·‖J‖_F ≥ the attack's ℓ2 loss
 * @param bracketL2         test robust accuracy under ℓ2 as [certified, attacked], with PGD-10 and timings
 * @param bracketLinf       the same under ℓ∞
 */
public record ModelMeasurement(ReproductionProfile.SweepPoint point, double secondsPerEpoch, Metrics train, Metrics test,
                               RobustMetrics trainL2, RobustMetrics testL2, RobustMetrics trainLinf, RobustMetrics testLinf,
                               JacobianNorms testJacobian, NetworkNorms norms, BoundInputs boundInputs, List<BoundResult> bounds,
                               double surrogateFractionL2, RobustBracket bracketL2, RobustBracket bracketLinf) {
    public ModelMeasurement {
        bounds = List.copyOf(bounds);
    }

    /** The result of the registered bound {@code id}. */
    public BoundResult bound(String id) {
        return bounds.stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no bound '" + id + "' in " + bounds.stream().map(BoundResult::id).toList()));
    }

    public double standardGapLoss() {
        return test.loss() - train.loss();
    }

    public double standardGapError() {
        return test.error() - train.error();
    }

    public double robustGapLossL2() {
        return testL2.adversarial().loss() - trainL2.adversarial().loss();
    }

    public double robustGapLossLinf() {
        return testLinf.adversarial().loss() - trainLinf.adversarial().loss();
    }

    public double robustGapErrorL2() {
        return testL2.adversarial().error() - trainL2.adversarial().error();
    }

    public double robustGapErrorLinf() {
        return testLinf.adversarial().error() - trainLinf.adversarial().error();
    }
}
