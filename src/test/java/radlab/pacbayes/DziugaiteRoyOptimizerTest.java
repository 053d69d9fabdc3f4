package radlab.pacbayes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.Model;
import radlab.nn.layer.Activation;

/**
 * The hand-derived gradients of the Dziugaite–Roy objective (docs/theory.md §9.5) against central finite differences of
 * the objective itself, at a fixed noise draw ε and minibatch, for both objectives. A smooth (tanh) float64 network keeps
 * the differences at truncation error ~h² ≈ 1e-10 of the objective's curvature.
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class DziugaiteRoyOptimizerTest {
    static final double H = 1e-5;

    @ParameterizedTest
    @EnumSource(PacBayesConfig.Surrogate.class)
    void gradientsMatchCentralFiniteDifferences(PacBayesConfig.Surrogate surrogate) {
        Model net = Mlp.initialize(MlpSpec.of(4, new int[] {3}, 3, Activation.TANH), 5, DataType.DOUBLE);
        INDArray mu = ParameterVector.flatten(net.parameters()).castTo(DataType.DOUBLE);
        int dim = (int) mu.length();
        SplittableRandom r = new SplittableRandom(3);
        double[] w0v = new double[dim], logSv = new double[dim], epsv = new double[dim];
        for (int i = 0; i < dim; i++) {
            w0v[i] = mu.getDouble(i) + 0.3 * (r.nextDouble() - 0.5);
            logSv[i] = Math.log(0.05 + 0.2 * r.nextDouble());
            epsv[i] = r.nextGaussian();
        }
        INDArray w0 = Nd4j.createFromArray(w0v), logS = Nd4j.createFromArray(logSv), eps = Nd4j.createFromArray(epsv);
        double[] x = new double[6 * 4];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble();
        Dataset batch = new Dataset("batch", Nd4j.create(x, new long[] {6, 4}, DataType.DOUBLE), new int[] {0, 1, 2, 1, 0, 2}, 3);
        int n = 40;
        double logLambda = Math.log(0.02), confidence = Math.log(2 * Math.sqrt(n) * 40 / 0.025);
        Model work = net.copy();
        DziugaiteRoyOptimizer.Step st = DziugaiteRoyOptimizer.step(work, mu, logS, logLambda, w0, eps, batch, n, confidence, surrogate);
        for (int i = 0; i < dim; i += 3) {
            final int k = i;
            double fdMu = central(hh -> DziugaiteRoyOptimizer.step(work, shifted(mu, k, hh), logS, logLambda, w0, eps, batch, n, confidence, surrogate).objective());
            close(fdMu, st.gMu().getDouble(k), "∂B/∂μ_" + k);
            double fdLogS = central(hh -> DziugaiteRoyOptimizer.step(work, mu, shifted(logS, k, hh), logLambda, w0, eps, batch, n, confidence, surrogate).objective());
            close(fdLogS, st.gLogS().getDouble(k), "∂B/∂ln s_" + k);
        }
        double fdLambda = central(hh -> DziugaiteRoyOptimizer.step(work, mu, logS, logLambda + hh, w0, eps, batch, n, confidence, surrogate).objective());
        close(fdLambda, st.gLogLambda(), "∂B/∂ln λ");
    }

    static INDArray shifted(INDArray v, int i, double h) {
        INDArray c = v.dup();
        c.putScalar(i, c.getDouble(i) + h);
        return c;
    }

    static double central(java.util.function.DoubleUnaryOperator f) {
        return (f.applyAsDouble(H) - f.applyAsDouble(-H)) / (2 * H);
    }

    /** Relative 1e-6 of the larger of the gradient and the scale 1e-3 (rounding ≈ 1e-16·B/h ≈ 1e-11 absolute). */
    static void close(double fd, double analytic, String what) {
        assertEquals(fd, analytic, 1e-6 * Math.max(Math.abs(fd), 1e-3), what);
    }
}
