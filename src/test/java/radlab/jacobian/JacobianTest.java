package radlab.jacobian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;

@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class JacobianTest {
    static Mlp randomNet(Activation act, long seed) {
        Mlp m = Mlp.initialize(new MlpSpec(new int[] {6, 9, 7, 4}, act), seed, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(seed);
        for (int i = 0; i < m.depth(); i++) m.bias(i).assign(Nd4j.rand(DataType.DOUBLE, m.bias(i).shape()).subi(0.5));
        return m;
    }

    static INDArray randomInputs(int n, int d, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, n, d);
    }

    /** Central finite differences of the logits w.r.t. the input of one sample: K × d. */
    static INDArray finiteDifferenceJacobian(Mlp m, INDArray x1, double h) {
        int d = (int) x1.columns(), k = m.spec().outputDim();
        INDArray jac = Nd4j.zeros(DataType.DOUBLE, k, d);
        for (int j = 0; j < d; j++) {
            INDArray up = x1.dup(), down = x1.dup();
            up.putScalar(0, j, up.getDouble(0, j) + h);
            down.putScalar(0, j, down.getDouble(0, j) - h);
            jac.putColumn(j, m.logits(up).sub(m.logits(down)).div(2 * h).reshape(k, 1));
        }
        return jac;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void batchedJacobiansMatchFiniteDifferences(Activation act) {
        Mlp m = randomNet(act, 7);
        INDArray x = randomInputs(5, 6, 3);
        INDArray jac = InputJacobians.compute(m, x);
        assertEquals(java.util.List.of(5L, 4L, 6L), java.util.Arrays.stream(jac.shape()).boxed().toList());
        for (int b = 0; b < 5; b++) {
            INDArray numeric = finiteDifferenceJacobian(m, x.getRow(b).reshape(1, 6), 1e-6);
            INDArray analytic = jac.slice(b);
            double rel = analytic.sub(numeric).norm2Number().doubleValue() / numeric.norm2Number().doubleValue();
            assertTrue(rel < 1e-5, act + " sample " + b + " relative error " + rel);
        }
    }

    @Test
    void reluJacobianEqualsClosedFormProduct() {
        // J = W_Lᵀ D W_{L−1}ᵀ … in storage convention: J = (W_0 diag(s_1) W_1 diag(s_2) W_2)ᵀ for one sample.
        Mlp m = randomNet(Activation.RELU, 11);
        INDArray x = randomInputs(1, 6, 5);
        var fp = m.forward(x);
        INDArray prod = m.weight(0).mulRowVector(fp.slope(0)).mmul(m.weight(1).mulRowVector(fp.slope(1))).mmul(m.weight(2));
        INDArray jac = InputJacobians.compute(m, x).slice(0);
        assertTrue(jac.equalsWithEps(prod.transpose(), 1e-12));
    }

    @Test
    void normsAgreeWithSvdAndDefinitions() {
        Mlp m = randomNet(Activation.TANH, 2);
        INDArray x = randomInputs(6, 6, 8);
        INDArray jac = InputJacobians.compute(m, x);
        JacobianNorms norms = JacobianNorms.of(jac);
        for (int b = 0; b < 6; b++) {
            double[][] a = jac.slice(b).toDoubleMatrix();
            double sv = new SingularValueDecomposition(new Array2DRowRealMatrix(a)).getSingularValues()[0];
            double fro = 0, l11 = 0;
            for (double[] row : a) for (double v : row) {
                fro += v * v;
                l11 += Math.abs(v);
            }
            assertEquals(sv, norms.operator()[b], 1e-9 * sv);
            assertEquals(Math.sqrt(fro), norms.frobenius()[b], 1e-12);
            assertEquals(l11, norms.l11()[b], 1e-12);
            assertTrue(norms.operator()[b] <= norms.frobenius()[b] + 1e-12);
            assertTrue(norms.infTo2Bound()[b] <= norms.l11()[b] + 1e-12);
        }
        JacobianNorms batched = InputJacobians.norms(m, x, 4);
        assertEquals(norms.meanFrobenius(), batched.meanFrobenius(), 1e-12);
    }

    @Test
    void projectionEstimatorIsUnbiased() {
        Mlp m = randomNet(Activation.SOFTPLUS, 4);
        INDArray x = randomInputs(3, 6, 9);
        JacobianNorms exact = JacobianNorms.of(InputJacobians.compute(m, x));
        FrobeniusProjectionEstimator.Estimate est = FrobeniusProjectionEstimator.estimate(m, x, 4000, 123);
        for (int b = 0; b < 3; b++) {
            double truth = exact.frobenius()[b] * exact.frobenius()[b];
            double z = (est.squaredFrobenius()[b] - truth) / est.standardError()[b];
            assertTrue(Math.abs(z) < 3, "sample " + b + ": estimate " + est.squaredFrobenius()[b] + " vs " + truth + " (z=" + z + ")");
            assertTrue(est.standardError()[b] < 0.1 * truth, "4000 projections give a tight estimate");
        }
        // A single projection is not exact: the estimator really is random (guards against a degenerate seed path).
        FrobeniusProjectionEstimator.Estimate one = FrobeniusProjectionEstimator.estimate(m, x, 1, 5);
        double truth0 = exact.frobenius()[0] * exact.frobenius()[0];
        assertTrue(Math.abs(one.squaredFrobenius()[0] - truth0) > 1e-9 * truth0);
    }
}
