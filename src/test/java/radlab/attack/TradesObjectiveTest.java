package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.testing.FiniteDifferences;
import radlab.train.Objective;

/** TRADES: value against a transcription of the reference loss, weight gradients at a fixed x′ against central differences (float64). */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class TradesObjectiveTest {
    static final double H = 1e-6;

    static Mlp net(Activation act, long seed) {
        Mlp m = Mlp.initialize(new MlpSpec(new int[] {6, 9, 7, 4}, act), seed, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(seed);
        for (int i = 0; i < m.depth(); i++) m.bias(i).assign(Nd4j.rand(DataType.DOUBLE, m.bias(i).shape()).subi(0.5));
        return m;
    }

    static INDArray inputs(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, n, 6);
    }

    static TradesObjective trades(double beta, int steps) {
        return new TradesObjective(new ThreatModel(AttackNorm.LINF, 0.1), steps, 0.03, beta, 7);
    }

    /** CE(f(x), y) + β·(1/n)Σ_b Σ_k p_k log(p_k/q_k), written out with plain loops (trades.py's loss_natural + β·loss_robust). */
    static double reference(Mlp m, INDArray x, INDArray xAdv, int[] y, double beta) {
        double[][] z = m.logits(x).toDoubleMatrix(), za = m.logits(xAdv).toDoubleMatrix();
        double ce = 0, kl = 0;
        for (int b = 0; b < z.length; b++) {
            double[] p = softmax(z[b]), q = softmax(za[b]);
            ce -= Math.log(p[y[b]]);
            for (int k = 0; k < p.length; k++) kl += p[k] * Math.log(p[k] / q[k]);
        }
        return ce / z.length + beta * kl / z.length;
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : z) max = Math.max(max, v);
        double[] e = new double[z.length];
        for (int k = 0; k < z.length; k++) sum += e[k] = Math.exp(z[k] - max);
        for (int k = 0; k < z.length; k++) e[k] /= sum;
        return e;
    }

    @Test
    void valueIsTheReferenceLossAtTheFoundPoint() {
        Mlp m = net(Activation.TANH, 3);
        INDArray x = inputs(5, 4);
        int[] y = {0, 1, 2, 3, 1};
        TradesObjective t = trades(6, 5);
        INDArray xAdv = t.perturb(m, x, 11);
        double v = t.evaluate(m, x, y, 11).loss();
        assertEquals(reference(m, x, xAdv, y, 6), v, 1e-12 * Math.abs(v)); // float64 through BLAS
        assertTrue(reference(m, x, xAdv, y, 6) - reference(m, x, x, y, 6) > 1e-6, "the KL term is not zero at x′");
    }

    @ParameterizedTest
    @CsvSource({"TANH", "RELU"})
    void weightGradientsAtAFixedPointMatchFiniteDifferences(Activation act) {
        Mlp m = net(act, 21);
        INDArray x = inputs(4, 22);
        int[] y = {0, 3, 1, 2};
        TradesObjective t = trades(2.5, 3);
        INDArray xAdv = t.perturb(m, x, 0);
        Objective.Value v = t.evaluateAt(m, x, xAdv, y);
        List<INDArray> params = m.parameters();
        for (int p = 0; p < params.size(); p++) {
            INDArray a = params.get(p);
            INDArray numeric = FiniteDifferences.central(a, H, () -> reference(m, x, xAdv, y, 2.5));
            INDArray analytic = v.gradients().parameters().get(p);
            double rel = analytic.sub(numeric).norm2Number().doubleValue() / Math.max(numeric.norm2Number().doubleValue(), 1e-12);
            assertTrue(rel < 1e-6, act + " parameter " + p + " relative error " + rel);
        }
    }

    @Test
    void innerMaximisationStaysInTheBallAndBoxRaisesTheKlAndDependsOnTheStepOnly() {
        Mlp m = net(Activation.TANH, 8);
        INDArray x = inputs(6, 9);
        int[] y = {0, 1, 2, 3, 0, 1};
        TradesObjective t = trades(1, 10);
        INDArray xAdv = t.perturb(m, x, 3);
        double maxDelta = xAdv.sub(x).amaxNumber().doubleValue();
        assertTrue(maxDelta <= 0.1 + 1e-15 && maxDelta > 0.05, "ℓ∞ distance " + maxDelta);
        assertTrue(xAdv.minNumber().doubleValue() >= 0 && xAdv.maxNumber().doubleValue() <= 1);
        double klStart = reference(m, x, x.add(1e-3), y, 1) - reference(m, x, x, y, 0);
        double klFound = reference(m, x, xAdv, y, 1) - reference(m, x, x, y, 0);
        assertTrue(klFound > 10 * Math.max(klStart, 1e-12), "KL " + klFound + " vs " + klStart);
        assertEquals(xAdv, trades(1, 10).perturb(m, x, 3), "same seed and step: the same x′");
        assertTrue(!xAdv.equals(t.perturb(m, x, 4)), "another step draws another start");
    }

    @Test
    void costAndValidation() {
        Mlp m = net(Activation.TANH, 1);
        assertEquals(12, trades(6, 10).passesPerExample(m));
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.1);
        assertThrows(IllegalArgumentException.class, () -> new TradesObjective(t, 0, 0.01, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TradesObjective(t, 1, 0.01, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TradesObjective(t, 1, 0, 1, 0));
    }
}
