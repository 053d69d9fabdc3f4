package radlab.experiment;

import java.util.List;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import radlab.bounds.BoundInputs;
import radlab.bounds.BoundRegistry;
import radlab.bounds.BoundResult;
import radlab.bounds.ModelBoundInputs;
import radlab.data.Dataset;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianNorms;
import radlab.nn.Model;
import radlab.norms.NetworkNorms;

/**
 * Every norm radlab measures on one trained model (what {@code radlab norms} reports): layer norms and their
 * distances from the initial weights, products, path norm, the global Lipschitz bound next to the empirical maximum
 * of ‖J(x)‖₂, per-sample input-Jacobian norms on train and test samples, and every registered bound.
 *
 * @param norms      layer norms; the "from init" distances are from {@code init} when {@code initKnown}, else from 0
 * @param trainJacobians per-sample Jacobian norms on the train sample
 * @param testJacobians  per-sample Jacobian norms on the test sample
 * @param bounds     {@link BoundRegistry#ALL} evaluated on {@code boundInputs} (built from the full training split)
 */
public record NormsAnalysis(NetworkNorms norms, boolean initKnown, JacobianNorms trainJacobians, JacobianNorms testJacobians,
                            BoundInputs boundInputs, List<BoundResult> bounds) {
    /** Batch size of the Jacobian computation (memory O(batch·K·d)). */
    public static final int JACOBIAN_BATCH = 250;

    public NormsAnalysis {
        bounds = List.copyOf(bounds);
    }

    /** Mean, median and maximum of one per-sample norm. */
    public record Stats(double mean, double median, double max) {
        public static Stats of(double[] v) {
            DescriptiveStatistics s = new DescriptiveStatistics(v);
            return new Stats(s.getMean(), s.getPercentile(50), s.getMax());
        }
    }

    /** Summary of the three per-sample Jacobian norms ‖J‖_F, ‖J‖_{1,1}, ‖J‖₂ on one sample. */
    public record JacobianSummary(int n, Stats frobenius, Stats l11, Stats operator) {
        public static JacobianSummary of(JacobianNorms j) {
            return new JacobianSummary(j.size(), Stats.of(j.frobenius()), Stats.of(j.l11()), Stats.of(j.operator()));
        }
    }

    /**
     * @param init        the initial weights, or null when unknown
     * @param train       the training split the bounds are computed on (n, ‖X‖_F, margins, loss range)
     * @param trainSample train examples whose Jacobians are measured
     * @param testSample  test examples whose Jacobians are measured
     * @param margin      γ fixed in advance, or null to choose it on the training margins (flagged)
     */
    public static NormsAnalysis of(Model model, Model init, Dataset train, Dataset trainSample, Dataset testSample, Double margin,
                                   double epsilonL2, double epsilonLinf) {
        JacobianNorms jTrain = InputJacobians.norms(model, trainSample.features(), JACOBIAN_BATCH);
        JacobianNorms jTest = InputJacobians.norms(model, testSample.features(), JACOBIAN_BATCH);
        NetworkNorms norms = NetworkNorms.of(model, init, Math.max(jTrain.maxOperator(), jTest.maxOperator()));
        BoundInputs in = ModelBoundInputs.of(model, norms, train, margin, epsilonL2, epsilonLinf);
        return new NormsAnalysis(norms, init != null, jTrain, jTest, in, BoundRegistry.evaluateAll(in));
    }

    public JacobianSummary trainSummary() {
        return JacobianSummary.of(trainJacobians);
    }

    public JacobianSummary testSummary() {
        return JacobianSummary.of(testJacobians);
    }
}
