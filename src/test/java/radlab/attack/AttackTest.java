package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.train.CrossEntropyObjective;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;
import radlab.train.Trainer;

@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class AttackTest {
    static DataSplit data;
    static Mlp net;

    @BeforeAll
    static void trainSmallNet() {
        data = Splits.stratified(MnistLoader.shippedSubset(), 1500, 300, 3);
        net = Mlp.initialize(MlpSpec.of(784, new int[] {64}, 10, Activation.RELU), 2, DataType.DOUBLE);
        new Trainer(TrainConfig.of(4, 50, OptimizerConfig.adam(2e-3), 2), new CrossEntropyObjective(), null).fit(net, data);
    }

    static double eps(AttackNorm n) {
        return n == AttackNorm.L2 ? 1.5 : 0.1;
    }

    static List<Attack> attacks(AttackNorm n) {
        ThreatModel t = new ThreatModel(n, eps(n));
        return List.of(new Fgsm(t), Pgd.standard(t, 10, 1), new Pgd(t, 5, 10 * t.epsilon(), false, 0));
    }

    @ParameterizedTest
    @EnumSource(AttackNorm.class)
    void attacksStayInsideTheBallAndTheBox(AttackNorm norm) {
        INDArray x = data.test().features().castTo(DataType.DOUBLE);
        for (Attack a : attacks(norm)) {
            INDArray adv = a.perturb(net, x, data.test().labels());
            INDArray delta = adv.sub(x);
            double maxNorm = norm == AttackNorm.L2 ? delta.norm2(1).maxNumber().doubleValue() : Transforms.abs(delta).maxNumber().doubleValue();
            assertTrue(maxNorm <= eps(norm) * (1 + 1e-9), a.describe() + " left the ε-ball: " + maxNorm);
            assertTrue(maxNorm > 0.5 * eps(norm), a.describe() + " barely moved: " + maxNorm);
            assertTrue(adv.minNumber().doubleValue() >= 0 && adv.maxNumber().doubleValue() <= 1, a.describe() + " left [0,1]");
        }
    }

    @ParameterizedTest
    @EnumSource(AttackNorm.class)
    void pgdLossAtLeastFgsmAtLeastClean(AttackNorm norm) {
        ThreatModel t = new ThreatModel(norm, eps(norm));
        var clean = radlab.train.Evaluator.evaluate(net, data.test());
        var fgsm = RobustEvaluator.evaluate(net, data.test(), new Fgsm(t));
        var pgd = RobustEvaluator.evaluate(net, data.test(), Pgd.standard(t, 20, 7));
        assertTrue(fgsm.adversarial().loss() > clean.loss(), "FGSM " + fgsm + " vs clean " + clean);
        assertTrue(pgd.adversarial().loss() >= fgsm.adversarial().loss(), "PGD " + pgd + " vs FGSM " + fgsm);
        assertTrue(pgd.adversarial().accuracy() < clean.accuracy() - 0.05, "PGD must hurt accuracy: " + pgd);
        // Per sample, PGD keeps the best iterate including x itself, so it never falls below the clean loss.
        double[] adv = RobustEvaluator.adversarialLosses(net, data.test(), Pgd.standard(t, 5, 3), 100, null);
        double[] cl = LossGradient.losses(net, data.test().features(), data.test().labels()).toDoubleVector();
        for (int i = 0; i < adv.length; i++) assertTrue(adv[i] >= cl[i] - 1e-12, "sample " + i);
    }

    @Test
    void zeroEpsilonIsTheIdentity() {
        INDArray x = data.test().features().castTo(DataType.DOUBLE);
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0);
        assertEquals(x, new Fgsm(t).perturb(net, x, data.test().labels()));
        assertEquals(x, Pgd.standard(t, 3, 0).perturb(net, x, data.test().labels()));
    }

    @Test
    void sameSeedSameAdversarialExamples() {
        ThreatModel t = new ThreatModel(AttackNorm.L2, 1.0);
        INDArray x = data.test().features();
        assertEquals(Pgd.standard(t, 3, 5).perturb(net, x, data.test().labels()), Pgd.standard(t, 3, 5).perturb(net, x, data.test().labels()));
    }

    @Test
    void surrogateBoundsTheFirstOrderLossAndMostAttackLosses() {
        ThreatModel t = new ThreatModel(AttackNorm.L2, 0.5);
        SurrogateComparison s = SurrogateComparison.measure(net, data.test(), Pgd.standard(t, 10, 1), 100);
        double[] sur = s.surrogate(), fo = s.firstOrderLoss();
        for (int i = 0; i < sur.length; i++) {
            // ε‖∇ℓ‖₂ = ε‖Jᵀ(p − e_y)‖₂ ≤ ε‖J‖_2·√2 ≤ √2·ε·‖J‖_F: the surrogate dominates the linearised loss exactly.
            assertTrue(sur[i] >= fo[i] - 1e-9, "sample " + i);
        }
        assertTrue(s.fractionBounded() > 0.5, s.toString());
        assertEquals(300, AttackTables.surrogate(s).rows().size());
    }

    @Test
    void badAttackSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ThreatModel(AttackNorm.L2, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new ThreatModel(AttackNorm.L2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Pgd(new ThreatModel(AttackNorm.L2, 1), 0, 0.1, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new Pgd(new ThreatModel(AttackNorm.L2, 1), 5, 0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> AttackNorm.parse("l3"));
    }
}
