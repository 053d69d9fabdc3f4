package radlab.rademacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.attack.AttackNorm;
import radlab.attack.Pgd;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.Activation;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;

@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class LossClassesTest {
    @Test
    void lossClassesOfCheckpointsHaveTheRightValuesAndObeyMassart() {
        Dataset d = Splits.subsample(MnistLoader.shippedSubset(), 200, 4);
        List<Mlp> nets = List.of(1L, 2L, 3L).stream()
                .map(s -> Mlp.initialize(MlpSpec.of(784, new int[] {16}, 10, Activation.TANH), s, DataType.DOUBLE)).toList();
        FiniteClass reg = LossClasses.jacobianRegularizer(nets, d, JacobianRegularizer.L2);
        double fro0 = InputJacobians.norms(nets.get(0), d.features().getRows(0).reshape(1, 784), 1).frobenius()[0];
        // valueBounds()[0] = max over networks of the value at sample 0, which includes network 0's ‖J(x_0)‖_F².
        assertEquals(3, reg.size());
        FiniteClass ce = LossClasses.crossEntropy(nets, d);
        FiniteClass rob = LossClasses.robustLoss(nets, d, Pgd.standard(new ThreatModel(AttackNorm.LINF, 0.05), 3, 1));
        for (FiniteClass f : List.of(reg, ce, rob)) {
            RademacherEstimate e = RademacherEstimator.of(300, 1).estimate(f);
            assertTrue(e.mean() <= f.massartUpperBound(), f.describe() + ": " + e.mean() + " > Massart " + f.massartUpperBound());
        }
        // Robust losses dominate clean losses sample by sample, so the largest value bound does too.
        double maxClean = java.util.Arrays.stream(ce.valueBounds()).max().orElseThrow();
        double maxRobust = java.util.Arrays.stream(rob.valueBounds()).max().orElseThrow();
        assertTrue(maxRobust >= maxClean);
        assertTrue(reg.valueBounds()[0] >= fro0 * fro0 - 1e-9);
    }

    /**
     * Why the robust class is labelled "bias of unknown sign": with σ = −1 on every sample, the supremum over one network
     * is −mean(g), and a weaker attack (lower g) makes it larger than a stronger attack does: under-solving raises the
     * estimate. The labels of the robust class say so; the other classes stay lower estimates.
     */
    @Test
    void robustClassEstimateHasABiasOfUnknownSign() {
        Dataset d = Splits.subsample(MnistLoader.shippedSubset(), 100, 4);
        List<Mlp> net = List.of(Mlp.initialize(MlpSpec.of(784, new int[] {16}, 10, Activation.TANH), 1, DataType.DOUBLE));
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.05);
        FiniteClass weak = LossClasses.robustLoss(net, d, Pgd.standard(t, 1, 1)), strong = LossClasses.robustLoss(net, d, Pgd.standard(t, 20, 1));
        org.nd4j.linalg.api.ndarray.INDArray minus = org.nd4j.linalg.factory.Nd4j.valueArrayOf(new long[] {1, d.size()}, -1.0, DataType.DOUBLE);
        assertTrue(weak.suprema(minus)[0] > strong.suprema(minus)[0], "the under-solved attack gives the larger σ = −1 supremum");
        assertTrue(weak.describe().contains(LossTerm.ESTIMATE_UNKNOWN_BIAS), weak.describe());
        LossTerm term = new LossTerm(LossTerm.Kind.CE, t, 1, 3);
        for (LossTerm.Kind k : LossTerm.Kind.values()) {
            assertEquals(k != LossTerm.Kind.ROBUST, term.withKind(k).lowerEstimate(), k.label());
            assertEquals(k == LossTerm.Kind.ROBUST ? "estimate, bias of unknown sign" : "lower estimate", term.withKind(k).estimateLabel());
        }
    }
}
