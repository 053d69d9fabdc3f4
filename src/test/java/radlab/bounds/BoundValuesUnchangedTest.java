package radlab.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.nn.Activation;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.norms.NetworkNorms;
import radlab.testing.Tolerance;

/**
 * Regression test for the move to the bound registry: the values below were printed by the pre-registry code
 * ({@code ClassicBounds}, {@code PaperBoundReconstruction} and {@code Reproduction}'s margin choice, commit 85171a0)
 * on the same seeded model and data, and every registered bound must reproduce them.
 */
class BoundValuesUnchangedTest {
    static Mlp model(Activation act) {
        Mlp m = Mlp.initialize(MlpSpec.of(12, new int[] {9, 7}, 4, act), 3, DataType.DOUBLE);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < m.depth(); i++) {
            INDArray b = m.bias(i);
            for (int j = 0; j < b.columns(); j++) b.putScalar(0, j, r.nextDouble() - 0.5);
        }
        return m;
    }

    /** 30 uniform inputs labelled by the model itself except for two samples, so the 10th-percentile margin is positive. */
    static Dataset data(Mlp net) {
        SplittableRandom r = new SplittableRandom(7);
        double[] x = new double[30 * 12];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble();
        INDArray features = Nd4j.create(x, new long[] {30, 12}, DataType.DOUBLE);
        int[] pred = net.predict(features), y = new int[30];
        for (int i = 0; i < y.length; i++) y[i] = i % 20 == 0 ? (pred[i] + 1) % 4 : pred[i];
        return new Dataset("golden", features, y, 4);
    }

    @ParameterizedTest
    @CsvSource({
            "relu, 0.070840569142062990, 0.1, 539646.95983064630, 269823.05798390537, 40.792612367446830, 43.834388317940950,"
                    + "185.75999152337397, 36.601879752481786, 1.6702394266207734, NaN, 224.03211070247653, 25.358526153530010, NaN, 212.78875710352477",
            "tanh, 0.039711333507362626, 0.1, 340355.54885503680, 170177.35249610062, 14.422366413667934, 15.497796614390210,"
                    + "65.676074839666640, 97.861620539845450, 1.4066947777992647, 5.3403736448678920, 170.28476380217924, 67.800519554415350,"
                    + "0.64084483738414710, 135.52413400926540"})
    void everyBoundReproducesThePreRegistryValue(String activation, double gamma, double marginLoss, double bftError, double graf, double nts,
                                                double grs, double std, double jacL2, double conf, double remL2, double totalL2, double jacLinf,
                                                double remLinf, double totalLinf) {
        Mlp net = model(Activation.parse(activation));
        Dataset train = data(net);
        NetworkNorms norms = NetworkNorms.of(net, Mlp.initialize(net.spec(), 11, DataType.DOUBLE), train.features());
        BoundInputs in = ModelBoundInputs.of(net, norms, train, null, 1.0, 0.1);
        // Literals recorded on another CPU: relative tolerance (docs/testing.md), not bit-identity.
        Tolerance.assertClose(gamma, in.margin().gamma(), "margin gamma");
        Tolerance.assertClose(marginLoss, in.margin().trainMarginLoss(), "train margin loss");
        assertTrue(in.margin().chosenOnData() && in.biases() && in.loss().measured());
        List<BoundResult> r = BoundRegistry.evaluateAll(in);
        same(bftError, r.get(0).value());
        same(graf, r.get(1).value());
        same(nts, r.get(2).value());
        same(grs, r.get(3).value());
        BoundResult l2 = r.get(4), linf = r.get(5);
        same(std, l2.term("standard_complexity"));
        same(jacL2, l2.term("jacobian_complexity"));
        same(conf, l2.term("confidence"));
        same(remL2, l2.term("remainder"));
        same(totalL2, l2.value());
        same(std, linf.term("standard_complexity"));
        same(jacLinf, linf.term("jacobian_complexity"));
        same(remLinf, linf.term("remainder"));
        same(totalLinf, linf.value());
    }

    static void same(double expected, double actual) {
        if (Double.isNaN(expected)) assertTrue(Double.isNaN(actual), "expected an undefined term, got " + actual);
        else Tolerance.assertClose(expected, actual, "bound value");
    }
}
