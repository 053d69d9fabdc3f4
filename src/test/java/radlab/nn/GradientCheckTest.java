package radlab.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.nn.layer.Activation;
import radlab.testing.FiniteDifferences;

/** Backprop gradients (parameters and input) against central finite differences, in double precision. */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class GradientCheckTest {
    static final double H = 1e-6;

    static double loss(Mlp m, INDArray x, int[] y) {
        return SoftmaxCrossEntropy.evaluate(m.logits(x), Dataset.oneHot(y, m.spec().outputDim(), DataType.DOUBLE)).mean();
    }

    static INDArray randomInput(int n, int d, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, n, d);
    }

    /** max |a−b| / max(|a|,|b|, 1e-8) over entries, the relative error used in gradient checks. */
    static double relErr(INDArray a, INDArray b) {
        double num = a.sub(b).norm2Number().doubleValue();
        double den = Math.max(Math.max(a.norm2Number().doubleValue(), b.norm2Number().doubleValue()), 1e-12);
        return num / den;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void parameterAndInputGradientsMatchFiniteDifferences(Activation act) {
        Mlp m = Mlp.initialize(new MlpSpec(new int[] {5, 7, 6, 4}, act), 3, DataType.DOUBLE);
        // Non-zero biases so ReLU kinks are not all at the same place.
        for (int i = 0; i < m.depth(); i++) m.bias(i).assign(Nd4j.rand(DataType.DOUBLE, m.bias(i).shape()).subi(0.5));
        INDArray x = randomInput(8, 5, 11).subi(0.5);
        int[] y = {0, 1, 2, 3, 0, 1, 2, 3};
        ForwardPass fp = m.forward(x);
        var ce = SoftmaxCrossEntropy.evaluate(fp.logits(), Dataset.oneHot(y, 4, DataType.DOUBLE));
        Gradients g = m.backward(fp, ce.gradMean(), null, true);
        List<INDArray> params = m.parameters();
        for (int p = 0; p < params.size(); p++) {
            INDArray numeric = finiteDifference(params.get(p), () -> loss(m, x, y));
            double err = relErr(g.parameters().get(p), numeric);
            assertTrue(err < 1e-4, act + " parameter " + p + " relative error " + err);
        }
        INDArray xv = x.dup();
        INDArray numericX = finiteDifference(xv, () -> loss(m, xv, y));
        double err = relErr(g.input(), numericX);
        assertTrue(err < 1e-4, act + " input gradient relative error " + err);
    }

    /** Central differences at this class's step {@link #H} (see {@link FiniteDifferences#central}). */
    static INDArray finiteDifference(INDArray a, java.util.function.DoubleSupplier f) {
        return FiniteDifferences.central(a, H, f);
    }
}
