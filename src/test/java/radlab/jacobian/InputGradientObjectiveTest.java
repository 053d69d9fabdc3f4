package radlab.jacobian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.Dataset;
import radlab.nn.Mlp;
import radlab.nn.Model;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.nn.layer.Activation;
import radlab.testing.FiniteDifferences;
import radlab.train.Objective;

/** Input-gradient regularization: value against finite-difference input gradients, weight gradients against central differences (float64). */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class InputGradientObjectiveTest {
    static final double H = 1e-6;

    /** Per-example cross-entropy of sample b (an independent evaluation through the logits). */
    static double loss(Model m, INDArray xb, int y) {
        return SoftmaxCrossEntropy.evaluate(m.logits(xb), Dataset.oneHot(new int[] {y}, m.outputDim(), m.dataType())).mean();
    }

    @Test
    void valueIsCrossEntropyPlusLambdaTimesMeanSquaredFiniteDifferenceInputGradient() {
        Mlp m = JacobianTest.randomNet(Activation.TANH, 41);
        INDArray x = JacobianTest.randomInputs(4, 6, 42);
        int[] y = {0, 3, 1, 2};
        double ce = 0, reg = 0;
        for (int b = 0; b < 4; b++) {
            INDArray xb = x.getRow(b, true).dup();
            ce += loss(m, xb, y[b]) / 4;
            for (int j = 0; j < 6; j++) {
                INDArray up = xb.dup(), down = xb.dup();
                up.putScalar(0, j, xb.getDouble(0, j) + H);
                down.putScalar(0, j, xb.getDouble(0, j) - H);
                double g = (loss(m, up, y[b]) - loss(m, down, y[b])) / (2 * H);
                reg += g * g / 4;
            }
        }
        double v = new InputGradientObjective(0.7).evaluate(m, x, y).loss();
        // central differences of a smooth loss: O(h²) ≈ 1e-12 per gradient entry, plus 1e-16/h rounding ≈ 1e-10
        assertEquals(ce + 0.7 * reg, v, 1e-8 * Math.abs(v));
        assertTrue(reg > 1e-4, "the regularizer is not negligible here: " + reg);
    }

    @ParameterizedTest
    @CsvSource({"TANH", "RELU", "SOFTPLUS"})
    void weightGradientsMatchFiniteDifferences(Activation act) {
        Mlp m = JacobianTest.randomNet(act, 21);
        INDArray x = JacobianTest.randomInputs(4, 6, 22);
        int[] y = {0, 3, 1, 2};
        assertGradientMatches(m, x, y, new InputGradientObjective(0.9), act.toString());
    }

    @Test
    void cnnWeightGradientsMatchFiniteDifferences() {
        radlab.nn.Network m = radlab.nn.CnnGradientTest.randomCnn(Activation.TANH, 31);
        INDArray x = radlab.nn.CnnGradientTest.randomImages(3, 32);
        assertGradientMatches(m, x, new int[] {0, 2, 1}, new InputGradientObjective(0.9), "cnn tanh");
    }

    static void assertGradientMatches(Model m, INDArray x, int[] y, Objective obj, String what) {
        Objective.Value v = obj.evaluate(m, x, y);
        List<INDArray> params = m.parameters();
        for (int p = 0; p < params.size(); p++) {
            INDArray a = params.get(p);
            INDArray numeric = FiniteDifferences.central(a, H, () -> obj.evaluate(m, x, y).loss());
            INDArray analytic = v.gradients().parameters().get(p);
            double rel = analytic.sub(numeric).norm2Number().doubleValue() / Math.max(numeric.norm2Number().doubleValue(), 1e-12);
            assertTrue(rel < 1e-5, what + " parameter " + p + " relative error " + rel);
        }
    }

    @Test
    void lambdaZeroIsCrossEntropyAndCostsOnePass() {
        Mlp m = JacobianTest.randomNet(Activation.TANH, 5);
        INDArray x = JacobianTest.randomInputs(3, 6, 6);
        int[] y = {1, 2, 0};
        assertEquals(new radlab.train.CrossEntropyObjective().evaluate(m, x, y).loss(), new InputGradientObjective(0).evaluate(m, x, y).loss(), 0.0);
        assertEquals(1, new InputGradientObjective(0).passesPerExample(m));
        assertEquals(2, new InputGradientObjective(0.1).passesPerExample(m));
        assertThrows(IllegalArgumentException.class, () -> new InputGradientObjective(-1));
    }
}
