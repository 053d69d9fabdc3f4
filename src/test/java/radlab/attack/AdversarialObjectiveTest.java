package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.testing.FiniteDifferences;
import radlab.testing.Tolerance;
import radlab.train.Objective;

/**
 * Adversarial training's objective (Madry et al. 2018) is the mean cross-entropy at the attack's output, minimised over
 * the weights with the attack's output held fixed (Danskin's theorem): its value against the cross-entropy written out
 * here in doubles, −z_y + log Σ_k exp z_k, at the output of a second attack with the same seed, and its weight
 * gradients against central differences of that cross-entropy at the fixed adversarial inputs.
 */
@Tag("numeric")
public class AdversarialObjectiveTest {
    /** −z_y + log Σ_k exp z_k per row, in doubles. */
    public static double[] perSampleCrossEntropy(Mlp net, INDArray x, int[] labels) {
        double[][] z = net.logits(x).toDoubleMatrix();
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z[i]) max = Math.max(max, v);
            double s = 0;
            for (double v : z[i]) s += Math.exp(v - max);
            out[i] = max + Math.log(s) - z[i][labels[i]];
        }
        return out;
    }

    static double crossEntropyByHand(Mlp net, INDArray x, int[] labels) {
        return java.util.Arrays.stream(perSampleCrossEntropy(net, x, labels)).average().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(AttackNorm.class)
    void lossIsTheCrossEntropyAtTheAttacksOutputAndItsGradientHoldsThatOutputFixed(AttackNorm norm) {
        Mlp net = Mlp.initialize(MlpSpec.of(6, new int[] {5}, 3, Activation.TANH), 2, DataType.DOUBLE);
        SplittableRandom rnd = new SplittableRandom(4);
        double[][] xs = new double[8][6];
        for (double[] row : xs) for (int j = 0; j < row.length; j++) row[j] = rnd.nextDouble();
        INDArray x = Nd4j.createFromArray(xs);
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
        ThreatModel t = new ThreatModel(norm, norm == AttackNorm.LINF ? 0.2 : 0.5);

        Objective.Value v = new AdversarialObjective(Pgd.standard(t, 5, 11)).evaluate(net, x, labels);
        INDArray adversarial = Pgd.standard(t, 5, 11).perturb(net, x, labels);
        double expected = crossEntropyByHand(net, adversarial, labels);
        Tolerance.assertRelative(expected, v.loss(), Tolerance.FLOAT64, "loss at the attack's output");
        double clean = crossEntropyByHand(net, x, labels);
        assertTrue(expected > clean + 1e-3, "the attack raises the loss (" + clean + " → " + expected + "), so the clean loss could not pass");

        List<INDArray> params = net.parameters();
        for (int p = 0; p < params.size(); p++) {
            INDArray numeric = FiniteDifferences.central(params.get(p), 1e-6, () -> crossEntropyByHand(net, adversarial, labels));
            INDArray analytic = v.gradients().parameters().get(p);
            double err = analytic.sub(numeric).norm2Number().doubleValue() / Math.max(1e-12, numeric.norm2Number().doubleValue());
            assertEquals(0, err, 1e-6, norm + ": parameter " + p + " gradient, relative error " + err);
        }
    }
}
