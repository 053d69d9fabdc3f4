package radlab.jacobian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.Mlp;
import radlab.nn.layer.Activation;
import radlab.testing.FiniteDifferences;
import radlab.train.Objective;

/** Weight gradients of the Jacobian-regularized objective against central finite differences (double precision). */
class JacobianRegularizedObjectiveTest {
    static final double H = 1e-6;

    @ParameterizedTest
    @CsvSource({"L2,TANH,0", "L2,SOFTPLUS,0", "L2,RELU,0", "L1,TANH,0", "L1,SOFTPLUS,0", "L1,RELU,0", "L2,TANH,3", "L2,RELU,2"})
    void weightGradientsMatchFiniteDifferences(JacobianRegularizer reg, Activation act, int projections) {
        Mlp m = JacobianTest.randomNet(act, 21);
        INDArray x = JacobianTest.randomInputs(4, 6, 22);
        int[] y = {0, 3, 1, 2};
        // A fresh objective per call so projection directions are the same in every evaluation.
        Supplier<Objective> obj = () -> new JacobianRegularizedObjective(reg, 0.7, projections, 99);
        Objective.Value v = obj.get().evaluate(m, x, y);
        List<INDArray> params = m.parameters();
        for (int p = 0; p < params.size(); p++) {
            INDArray a = params.get(p);
            INDArray numeric = FiniteDifferences.central(a, H, () -> obj.get().evaluate(m, x, y).loss());
            INDArray analytic = v.gradients().parameters().get(p);
            double rel = analytic.sub(numeric).norm2Number().doubleValue()
                    / Math.max(numeric.norm2Number().doubleValue(), 1e-12);
            assertTrue(rel < 1e-5, reg + "/" + act + "/R=" + projections + " parameter " + p + " relative error " + rel);
        }
    }

    @ParameterizedTest
    @CsvSource({"RELU,0", "TANH,0", "TANH,2", "RELU,3"})
    void gramFormOfTheL2RegularizerEqualsTheDirectForm(Activation act, int projections) {
        Mlp m = JacobianTest.randomNet(act, 8);
        INDArray x = JacobianTest.randomInputs(5, 6, 9);
        int[] y = {0, 1, 2, 3, 1};
        Objective.Value gram = new JacobianRegularizedObjective(JacobianRegularizer.L2, 0.4, projections, 5).evaluate(m, x, y, true);
        Objective.Value direct = new JacobianRegularizedObjective(JacobianRegularizer.L2, 0.4, projections, 5).evaluate(m, x, y, false);
        assertEquals(direct.loss(), gram.loss(), 1e-12 * Math.abs(direct.loss()));
        for (int p = 0; p < direct.gradients().parameters().size(); p++) {
            INDArray a = direct.gradients().parameters().get(p), b = gram.gradients().parameters().get(p);
            assertTrue(a.equalsWithEps(b, 1e-10), act + " parameter " + p);
        }
    }

    @Test
    void valueIsCrossEntropyPlusLambdaTimesMeanRegularizer() {
        Mlp m = JacobianTest.randomNet(Activation.TANH, 5);
        INDArray x = JacobianTest.randomInputs(4, 6, 6);
        int[] y = {1, 1, 2, 0};
        double ce = JacobianRegularizedObjective.exact(JacobianRegularizer.L2, 0).evaluate(m, x, y).loss();
        JacobianNorms n = JacobianNorms.of(InputJacobians.compute(m, x));
        double l2 = JacobianRegularizedObjective.exact(JacobianRegularizer.L2, 0.3).evaluate(m, x, y).loss();
        double l1 = JacobianRegularizedObjective.exact(JacobianRegularizer.L1, 0.3).evaluate(m, x, y).loss();
        assertEquals(ce + 0.3 * n.meanSquaredFrobenius(), l2, 1e-10);
        assertEquals(ce + 0.3 * n.meanL11(), l1, 1e-10);
    }

    /** Issue #11: no hidden random state; a call's projection directions come from (seed, step) only. */
    @Test
    void projectionDirectionsDependOnSeedAndStepOnlyNotOnCallHistory() {
        Mlp m = JacobianTest.randomNet(Activation.TANH, 12);
        INDArray x = JacobianTest.randomInputs(4, 6, 13);
        int[] y = {0, 3, 1, 2};
        JacobianRegularizedObjective a = new JacobianRegularizedObjective(JacobianRegularizer.L2, 0.5, 2, 42);
        double step7 = a.evaluate(m, x, y, 7).loss();
        double step3 = a.evaluate(m, x, y, 3).loss();
        assertTrue(step7 != step3, "other steps draw other directions");
        // repeated calls, and a fresh objective with the same seed, in another order: the same values, bit for bit
        assertEquals(step7, a.evaluate(m, x, y, 7).loss(), 0.0);
        JacobianRegularizedObjective b = new JacobianRegularizedObjective(JacobianRegularizer.L2, 0.5, 2, 42);
        assertEquals(step3, b.evaluate(m, x, y, 3).loss(), 0.0);
        assertEquals(step7, b.evaluate(m, x, y, 7).loss(), 0.0);
        assertEquals(a.evaluate(m, x, y).loss(), b.evaluate(m, x, y, 0).loss(), 0.0, "no step = step 0");
        assertTrue(step7 != new JacobianRegularizedObjective(JacobianRegularizer.L2, 0.5, 2, 43).evaluate(m, x, y, 7).loss(),
                "another seed draws other directions");
        // the step seeds are distinct and do not run into each other
        java.util.Set<Long> seeds = new java.util.HashSet<>();
        for (long s = 0; s < 1000; s++) seeds.add(JacobianRegularizedObjective.projectionSeed(42, s));
        assertEquals(1000, seeds.size());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> JacobianRegularizedObjective.exact(JacobianRegularizer.L2, -1));
        assertThrows(IllegalArgumentException.class, () -> new JacobianRegularizedObjective(JacobianRegularizer.L1, 1, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> JacobianRegularizer.parse("l3"));
    }

    /** The same check on a convolutional network (conv with padding and stride, max and average pooling, dense). */
    @ParameterizedTest
    @CsvSource({"L2,RELU,0", "L2,TANH,0", "L1,RELU,0", "L1,SOFTPLUS,0", "L2,SOFTPLUS,2"})
    void cnnWeightGradientsMatchFiniteDifferences(JacobianRegularizer reg, Activation act, int projections) {
        radlab.nn.Network m = radlab.nn.CnnGradientTest.randomCnn(act, 31);
        INDArray x = radlab.nn.CnnGradientTest.randomImages(3, 32);
        int[] y = {0, 2, 1};
        Supplier<Objective> obj = () -> new JacobianRegularizedObjective(reg, 0.7, projections, 99);
        Objective.Value v = obj.get().evaluate(m, x, y);
        List<INDArray> params = m.parameters();
        for (int p = 0; p < params.size(); p++) {
            INDArray a = params.get(p);
            INDArray numeric = FiniteDifferences.central(a, H, () -> obj.get().evaluate(m, x, y).loss());
            INDArray analytic = v.gradients().parameters().get(p);
            double rel = analytic.sub(numeric).norm2Number().doubleValue() / Math.max(numeric.norm2Number().doubleValue(), 1e-12);
            assertTrue(rel < 1e-5, "CNN " + reg + "/" + act + "/R=" + projections + " parameter " + p + " relative error " + rel);
        }
    }

    @Test
    void cnnValueIsCrossEntropyPlusLambdaTimesMeanRegularizer() {
        radlab.nn.Network m = radlab.nn.CnnGradientTest.randomCnn(Activation.TANH, 4);
        INDArray x = radlab.nn.CnnGradientTest.randomImages(3, 5);
        int[] y = {1, 2, 0};
        double ce = JacobianRegularizedObjective.exact(JacobianRegularizer.L2, 0).evaluate(m, x, y).loss();
        JacobianNorms n = JacobianNorms.of(InputJacobians.compute(m, x));
        assertTrue(n.meanSquaredFrobenius() > 1e-3, "the test network has a non-trivial Jacobian");
        assertEquals(ce + 0.3 * n.meanSquaredFrobenius(), JacobianRegularizedObjective.exact(JacobianRegularizer.L2, 0.3).evaluate(m, x, y).loss(), 1e-10);
        assertEquals(ce + 0.3 * n.meanL11(), JacobianRegularizedObjective.exact(JacobianRegularizer.L1, 0.3).evaluate(m, x, y).loss(), 1e-10);
    }
}
