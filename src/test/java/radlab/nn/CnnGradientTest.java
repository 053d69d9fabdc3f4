package radlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.jacobian.InputJacobians;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ImageShape;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Convolutional networks against central finite differences in double precision: parameter gradients, input
 * gradients and full input Jacobians, through convolution (stride, padding, channels), max and average pooling,
 * flatten and dense layers.
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
public class CnnGradientTest {
    static final double H = 1e-6;
    /** Every layer type and option: padding, stride 2, max and average pooling, two dense layers. */
    static final String ARCH = "cnn:c2k3p1-p2-c3k3s2p1-ap2-d4";
    static final ImageShape INPUT = new ImageShape(2, 6, 6);
    public static final int CLASSES = 3;

    /** A small double-precision CNN with random non-zero biases (so ReLU kinks are spread out). */
    public static Network randomCnn(Activation act, long seed) {
        Network m = Network.initialize(Architecture.parse(ARCH, INPUT, CLASSES, act), seed, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(seed);
        for (int i = 1; i < m.parameters().size(); i += 2) m.parameters().get(i).assign(Nd4j.rand(DataType.DOUBLE, m.parameters().get(i).shape()).subi(0.5).muli(0.2));
        return m;
    }

    public static INDArray randomImages(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, n, INPUT.size());
    }

    static double loss(Model m, INDArray x, int[] y) {
        return SoftmaxCrossEntropy.evaluate(m.logits(x), Dataset.oneHot(y, m.outputDim(), DataType.DOUBLE)).mean();
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void parameterAndInputGradientsMatchFiniteDifferences(Activation act) {
        Network m = randomCnn(act, 3);
        INDArray x = randomImages(3, 11);
        int[] y = {0, 1, 2};
        ForwardPass fp = m.forward(x);
        var ce = SoftmaxCrossEntropy.evaluate(fp.logits(), Dataset.oneHot(y, CLASSES, DataType.DOUBLE));
        Gradients g = m.backward(fp, ce.gradMean(), null, true);
        List<INDArray> params = m.parameters();
        assertEquals(params.size(), g.parameters().size());
        for (int p = 0; p < params.size(); p++) {
            INDArray numeric = GradientCheckTest.finiteDifference(params.get(p), () -> loss(m, x, y));
            double err = GradientCheckTest.relErr(g.parameters().get(p), numeric);
            assertTrue(err < 1e-5, act + " parameter " + p + " relative error " + err);
        }
        INDArray xv = x.dup();
        double err = GradientCheckTest.relErr(g.input(), GradientCheckTest.finiteDifference(xv, () -> loss(m, xv, y)));
        assertTrue(err < 1e-5, act + " input gradient relative error " + err);
    }

    /** Central differences of all logits, one input feature at a time for the whole batch (samples are independent). */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void inputJacobiansMatchFiniteDifferences(Activation act) {
        Network m = randomCnn(act, 5);
        INDArray x = randomImages(3, 6);
        INDArray j = InputJacobians.compute(m, x); // n × K × d
        INDArray numeric = j.ulike();
        for (int i = 0; i < INPUT.size(); i++) {
            INDArray col = x.getColumn(i).dup();
            x.getColumn(i).addi(H);
            INDArray up = m.logits(x);
            x.getColumn(i).subi(2 * H);
            INDArray down = m.logits(x);
            x.getColumn(i).assign(col);
            numeric.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i)).assign(up.sub(down).divi(2 * H));
        }
        double err = GradientCheckTest.relErr(j, numeric);
        assertTrue(err < 1e-5, act + " Jacobian relative error " + err);
    }

    @Test
    void saveThenLoadGivesIdenticalPredictions(@TempDir Path dir) {
        Network m = Network.initialize(Architecture.parse("cnn:c4k5-p2-c8k3-p2-d16", new ImageShape(1, 28, 28), 10, Activation.RELU), 7, DataType.FLOAT);
        ModelIO.save(m, Map.of(), Map.of(), dir.resolve("cnn"));
        Model back = ModelIO.load(dir.resolve("cnn")).model();
        assertEquals(m.architecture().spec(), back.architecture().spec());
        assertEquals(m.describe(), back.describe());
        INDArray x = Nd4j.rand(DataType.FLOAT, 20, 784);
        assertEquals(m.logits(x), back.logits(x));
    }
}
