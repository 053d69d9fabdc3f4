package radlab.norms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.Model;
import radlab.nn.layer.Activation;
import radlab.nn.layer.LinearLayer;
import radlab.testing.FiniteDifferences;
import radlab.train.CrossEntropyObjective;
import radlab.train.Objective;

/** Spectral-norm regularization: σ against an SVD, the penalty's gradient against central differences, the hard bound. */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class SpectralObjectiveTest {
    static final double H = 1e-6;

    static Mlp net(long seed) {
        Mlp m = Mlp.initialize(new MlpSpec(new int[] {6, 9, 7, 4}, Activation.TANH), seed, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(seed);
        for (int i = 0; i < m.depth(); i++) m.bias(i).assign(Nd4j.rand(DataType.DOUBLE, m.bias(i).shape()).subi(0.5));
        return m;
    }

    static double svdSigma(INDArray w) {
        return new SingularValueDecomposition(new Array2DRowRealMatrix(w.toDoubleMatrix())).getSingularValues()[0];
    }

    /** (λ/2)·Σ σ², with σ from Commons Math's SVD (independent of the power iteration). */
    static double penalty(Model m, double lambda) {
        double s = 0;
        for (LinearLayer l : m.linearLayers()) s += Math.pow(svdSigma(l.weight()), 2);
        return 0.5 * lambda * s;
    }

    @Test
    void topSingularValueAndVectorsMatchTheSvd() {
        Mlp m = net(3);
        SpectralObjective o = new SpectralObjective(0.1, Double.NaN);
        List<LinearLayer> layers = m.linearLayers();
        for (int i = 0; i < layers.size(); i++) {
            LinearLayer l = layers.get(i);
            SpectralObjective.Top t = o.top(l, i);
            assertEquals(svdSigma(l.weight()), t.sigma(), 1e-12 * t.sigma(), "layer " + i);
            // A v = σ u with unit u, v: the pair is singular, not just the value
            assertEquals(0, l.applyOperator(t.v()).sub(t.u().reshape(1, l.outputSize()).mul(t.sigma())).norm2Number().doubleValue(), 1e-9 * t.sigma());
            assertEquals(1, t.u().norm2Number().doubleValue(), 1e-12);
        }
    }

    @Test
    void valueIsCrossEntropyPlusHalfLambdaSumOfSquaredSigmasAndGradientsMatchFiniteDifferences() {
        Mlp m = net(21);
        Nd4j.getRandom().setSeed(22);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 6);
        int[] y = {0, 3, 1, 2};
        Objective o = new SpectralObjective(0.3, Double.NaN);
        Objective.Value v = o.evaluate(m, x, y);
        double ce = new CrossEntropyObjective().evaluate(m, x, y).loss();
        assertEquals(ce + penalty(m, 0.3), v.loss(), 1e-12 * v.loss());
        List<INDArray> params = m.parameters();
        for (int p = 0; p < params.size(); p++) {
            INDArray a = params.get(p);
            INDArray numeric = FiniteDifferences.central(a, H, () -> new CrossEntropyObjective().evaluate(m, x, y).loss() + penalty(m, 0.3));
            INDArray analytic = v.gradients().parameters().get(p);
            double rel = analytic.sub(numeric).norm2Number().doubleValue() / Math.max(numeric.norm2Number().doubleValue(), 1e-12);
            assertTrue(rel < 1e-6, "parameter " + p + " relative error " + rel);
        }
    }

    /**
     * A convolution's σ is the norm of its operator, positively homogeneous in the kernel K, so by Euler's identity
     * ⟨∂σ/∂K, K⟩ = σ: the kernel gradient λσ·∂σ/∂K must satisfy ⟨G, K⟩ = λσ² = 2·(penalty). (One evaluation: a
     * finite-difference check of a near-degenerate convolution σ needs thousands of power iterations per point.)
     */
    @Test
    void convolutionPenaltyGradientSatisfiesEulersIdentity() {
        radlab.nn.Network m = radlab.nn.CnnGradientTest.randomCnn(Activation.TANH, 31);
        INDArray x = radlab.nn.CnnGradientTest.randomImages(2, 32);
        int[] y = {0, 2};
        LinearLayer conv = m.linearLayers().get(0);
        assertTrue(!conv.dense(), "the first weight layer is a convolution");
        SpectralObjective o = new SpectralObjective(0.5, Double.NaN);
        Objective.Value v = o.evaluate(m, x, y);
        Objective.Value ce = new CrossEntropyObjective().evaluate(m, x, y);
        // the σ evaluate used: a fresh objective's cold start runs the same iterations (a second call on o would go on
        // from its warm start)
        double sigma = new SpectralObjective(0.5, Double.NaN).top(conv, 0).sigma(), sigma2 = sigma * sigma;
        INDArray g = v.gradients().parameters().get(0).sub(ce.gradients().parameters().get(0));
        assertEquals(0.5 * sigma2, g.mul(conv.weight()).sumNumber().doubleValue(), 1e-8 * sigma2);
    }

    @Test
    void hardBoundRescalesOnlyTheLayersAboveIt() {
        Mlp m = net(5);
        List<LinearLayer> layers = m.linearLayers();
        double[] before = layers.stream().mapToDouble(l -> svdSigma(l.weight())).toArray();
        double bound = (java.util.Arrays.stream(before).min().getAsDouble() + java.util.Arrays.stream(before).max().getAsDouble()) / 2;
        INDArray untouched = null;
        int below = -1;
        for (int i = 0; i < before.length; i++) if (before[i] <= bound) { below = i; untouched = layers.get(i).weight().dup(); }
        new SpectralObjective(0, bound).afterStep(m);
        for (int i = 0; i < before.length; i++) {
            double after = svdSigma(layers.get(i).weight());
            if (before[i] > bound) assertEquals(bound, after, 1e-9 * bound, "layer " + i);
            else assertEquals(before[i], after, 0.0, "layer " + i);
        }
        assertEquals(untouched, layers.get(below).weight());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SpectralObjective(-1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new SpectralObjective(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SpectralObjective(0, -2));
        assertEquals(1, new SpectralObjective(0.1, 1).passesPerExample(net(1)));
    }
}
