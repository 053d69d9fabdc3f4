package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import radlab.nn.layer.Activation;

/**
 * The fused float APGD run ({@link ApgdFusedRun}) against the ND4J form of the same algorithm ({@link ApgdRun#runNd4j})
 * on one float network, for every loss: under ℓ∞ every operation is the same float arithmetic in the same order, so
 * the outcomes are bit-identical; under ℓ2 the row norms are summed in another order, so the points agree to float
 * precision and the misclassification flags exactly.
 */
@Tag("numeric")
class ApgdFusedRunTest {
    static final int N = 40, D = 20, CLASSES = 5, STEPS = 30;

    record Setup(Mlp net, INDArray x, INDArray y, INDArray yIdx, INDArray target) {}

    static Setup setup() {
        Mlp net = Mlp.initialize(MlpSpec.of(D, new int[] {16}, CLASSES, Activation.RELU), 3, DataType.FLOAT);
        net.linearLayers().get(0).weight().muli(3); // a curved loss surface: iterates oscillate and step sizes halve
        SplittableRandom rx = new SplittableRandom(5);
        float[][] xs = new float[N][D];
        for (float[] row : xs) for (int j = 0; j < D; j++) row[j] = (float) rx.nextDouble();
        INDArray x = Nd4j.createFromArray(xs);
        int[] labels = net.predict(x);
        INDArray y = Dataset.oneHot(labels, CLASSES, DataType.FLOAT);
        return new Setup(net, x, y, Nd4j.createFromArray(labels).castTo(DataType.LONG), AttackLoss.oneHotRank(net.logits(x), 2));
    }

    /** The ND4J form's and the fused form's outcomes of one run, same model, data, loss, threat and seed. */
    static ApgdRun.Outcome[] both(AttackLoss loss, ThreatModel t) {
        Setup s = setup();
        INDArray target = loss == AttackLoss.DLR_TARGETED ? s.target() : null;
        return new ApgdRun.Outcome[] {ApgdRun.runNd4j(s.net(), s.x(), s.y(), s.yIdx(), target, loss, t, STEPS, new SplittableRandom(9)),
                ApgdFusedRun.run(s.net(), s.x(), s.y(), s.yIdx(), target, loss, t, STEPS, new SplittableRandom(9))};
    }

    @ParameterizedTest
    @EnumSource(AttackLoss.class)
    void linfRunIsBitIdenticalToTheNd4jForm(AttackLoss loss) {
        ApgdRun.Outcome[] o = both(loss, new ThreatModel(AttackNorm.LINF, 0.15));
        ApgdRun.Outcome ref = o[0], fused = o[1];
        assertArrayEquals(ref.best().data().asFloat(), fused.best().data().asFloat(), loss + " best");
        assertArrayEquals(ref.adversarial().data().asFloat(), fused.adversarial().data().asFloat(), loss + " adversarial");
        assertArrayEquals(ref.fooled().data().asFloat(), fused.fooled().data().asFloat(), loss + " fooled");
        double broken = fused.fooled().sumNumber().doubleValue();
        assertTrue(broken > 0 && broken < N, loss + ": a run that breaks none or all of the samples compares little; broke " + broken);
    }

    @ParameterizedTest
    @EnumSource(AttackLoss.class)
    void l2RunAgreesWithTheNd4jFormToFloatPrecision(AttackLoss loss) {
        ApgdRun.Outcome[] o = both(loss, new ThreatModel(AttackNorm.L2, 0.8));
        ApgdRun.Outcome ref = o[0], fused = o[1];
        assertArrayEquals(ref.fooled().data().asFloat(), fused.fooled().data().asFloat(), loss + " fooled");
        // the two forms round the ℓ2 step differently and 10 steps compound it: measured up to 3.0e-4 on pixels in [0, 1]
        // (DLR, AVX2 kernels, float32 products on oneDNN); a wrong step or projection moves them by ~0.1
        assertEquals(0, ref.best().sub(fused.best()).amaxNumber().doubleValue(), 1e-3, loss + " best");
        assertEquals(0, ref.adversarial().sub(fused.adversarial()).amaxNumber().doubleValue(), 1e-3, loss + " adversarial");
        double broken = fused.fooled().sumNumber().doubleValue();
        assertTrue(broken > 0 && broken < N, loss + ": a run that breaks none or all of the samples compares little; broke " + broken);
    }
}
