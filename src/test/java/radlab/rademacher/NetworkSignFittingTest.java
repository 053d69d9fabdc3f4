package radlab.rademacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;

class NetworkSignFittingTest {
    static final INDArray X = Splits.subsample(MnistLoader.shippedSubset(), 100, 3).features();

    @Test
    void depthOneNetworkWithFrobeniusBallRecoversTheLinearClosedForm() {
        // A network with no hidden layer and ‖W‖_F ≤ B is the ℓ2-ball linear class: sign fitting must find its exact supremum.
        NetworkSignFitting net = new NetworkSignFitting(X, new MlpSpec(new int[] {784, 1}, Activation.RELU),
                new NetworkSignFitting.Constraints(new double[0], new double[] {2.0}), 1, 100, OptimizerConfig.sgd(1.0, 0.0), 1);
        LinearL2Ball exact = new LinearL2Ball(X, 2.0);
        RademacherEstimator est = RademacherEstimator.of(6, 4);
        double[] fitted = est.estimate(net).draws();
        double[] truth = est.estimate(exact).draws();
        for (int i = 0; i < fitted.length; i++) {
            assertTrue(fitted[i] <= truth[i] * (1 + 1e-4), "lower estimate can't exceed the true supremum");
            assertEquals(truth[i], fitted[i], 0.01 * truth[i], "draw " + i);
        }
    }

    @Test
    void jacobianConstrainedDepthOneNetworkIsTheL2BallOfThatRadius() {
        // With no hidden layer ∇ₓf = w for every x, so mean ‖∇ₓf‖ ≤ τ is exactly ‖w‖₂ ≤ τ.
        NetworkSignFitting net = new NetworkSignFitting(X, new MlpSpec(new int[] {784, 1}, Activation.TANH),
                new NetworkSignFitting.Constraints(new double[0], new double[0], 1.5), 1, 100, OptimizerConfig.sgd(1.0, 0.0), 2);
        RademacherEstimator est = RademacherEstimator.of(4, 7);
        double[] fitted = est.estimate(net).draws(), truth = est.estimate(new LinearL2Ball(X, 1.5)).draws();
        for (int i = 0; i < fitted.length; i++) assertEquals(truth[i], fitted[i], 0.01 * truth[i], "draw " + i);
    }

    @Test
    void tighterJacobianBoundGivesASmallerEstimate() {
        MlpSpec spec = new MlpSpec(new int[] {784, 16, 1}, Activation.TANH);
        double loose = RademacherEstimator.of(3, 1).estimate(new NetworkSignFitting(X, spec,
                new NetworkSignFitting.Constraints(new double[0], new double[] {2, 2}, 2.0), 1, 40, OptimizerConfig.sgd(0.5, 0.9), 1)).mean();
        double tight = RademacherEstimator.of(3, 1).estimate(new NetworkSignFitting(X, spec,
                new NetworkSignFitting.Constraints(new double[0], new double[] {2, 2}, 0.2), 1, 40, OptimizerConfig.sgd(0.5, 0.9), 1)).mean();
        assertTrue(tight < 0.5 * loose, "τ = 0.2 gives " + tight + ", τ = 2 gives " + loose);
    }

    @Test
    void constrainedNetworkEstimateIsBelowTheNormBoundAndRestartsAreRecorded() {
        double[] frobenius = {1.0, 1.0};
        NetworkSignFitting net = new NetworkSignFitting(X, new MlpSpec(new int[] {784, 16, 1}, Activation.RELU),
                new NetworkSignFitting.Constraints(new double[] {0.8, 0.8}, frobenius), 2, 60, OptimizerConfig.sgd(0.5, 0.9), 1);
        RademacherEstimator.Fitted fitted = RademacherEstimator.of(4, 1).estimateFits(net);
        RademacherEstimate e = fitted.estimate();
        // Golowich–Rakhlin–Shamir 2018, Thm 1 (ReLU, no biases, ‖W_j‖_F ≤ M_F(j)):
        // R̂_S ≤ (√(2·ln2·d) + 1)·∏M_F(j)·√(Σ‖x_i‖²)/n with depth d = 2. A lower estimate must stay below it.
        double grs = (Math.sqrt(2 * Math.log(2) * 2) + 1) * new LinearL2Ball(X, 1.0).jensenUpperBound();
        assertTrue(e.mean() > 0 && e.mean() <= grs, e + " vs GRS bound " + grs);
        assertTrue(!e.exact());
        assertEquals(4, fitted.fits().size());
        double spread = 0;
        for (SignFitting.Fit f : fitted.fits()) {
            double[] r = f.restarts();
            assertEquals(2, r.length);
            // the fit keeps the better restart, and the draw's value is that best (recomputed here from the restarts)
            assertEquals(Math.max(r[0], r[1]), f.best(), 0.0);
            spread += Math.abs(r[0] - r[1]);
        }
        assertEquals(spread / 4, fitted.meanRestartSpread(), 1e-15, "spread = best − worst restart, averaged over draws");
        assertTrue(spread > 0, "two restarts from different initialisations end at different values");
        // fitted suprema are biased lower estimates: no McDiarmid half-width around their mean, in the record or the text
        assertTrue(Double.isNaN(e.mcDiarmidHalfWidth()), e.toString());
        assertTrue(!e.toString().contains("McDiarmid"), e.toString());
    }

    @Test
    void unconstrainedNetworkFitsRandomLabels() {
        RandomLabelFit.Result r = RandomLabelFit.fit(X, new int[] {128}, Activation.RELU, TrainConfig.of(60, 25, OptimizerConfig.adam(3e-3), 2), 5);
        assertTrue(r.correlation() > 0.9, r.toString());
    }

    @Test
    void aFitDependsOnlyOnItsSignsAndSeedNotOnEarlierCalls() {
        NetworkSignFitting net = new NetworkSignFitting(X, new MlpSpec(new int[] {784, 8, 1}, Activation.RELU),
                new NetworkSignFitting.Constraints(new double[] {1, 1}, new double[0]), 2, 5, OptimizerConfig.sgd(0.5, 0.9), 3);
        double[] a = new double[X.rows() > 0 ? (int) X.rows() : 0], b = a.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 3 == 0 ? 1 : -1;
            b[i] = i % 2 == 0 ? 1 : -1;
        }
        SignFitting.Fit first = net.fit(a, 11);
        net.fit(b, 12); // other work in between must not matter
        SignFitting.Fit again = net.fit(a, 11);
        assertEquals(first, again);
        assertEquals(first.best(), net.fit(a, 11).best(), 0.0);
        assertEquals(first.best(), java.util.Arrays.stream(first.restarts()).max().orElseThrow(), 0.0);
        first.restarts()[0] = 99; // a returned array is a copy
        assertEquals(first, again);
        // the estimator's draws are the fits' best values, with or without keeping the fits
        RademacherEstimator est = RademacherEstimator.of(3, 5);
        RademacherEstimator.Fitted fitted = est.estimateFits(net);
        assertArrayEquals(est.estimate(net).draws(), fitted.estimate().draws(), 0.0);
        assertArrayEquals(fitted.fits().stream().mapToDouble(SignFitting.Fit::best).toArray(), fitted.estimate().draws(), 0.0);
        assertEquals(fitted.fits(), est.estimateFits(net).fits());
    }
}
