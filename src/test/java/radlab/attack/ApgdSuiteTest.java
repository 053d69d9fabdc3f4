package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.data.Dataset;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.layer.Activation;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.train.CrossEntropyObjective;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;
import radlab.train.Trainer;

class ApgdSuiteTest {
    static DataSplit data;
    static Dataset test;
    static Mlp net;

    @BeforeAll
    static void trainSmallNet() {
        data = Splits.stratified(MnistLoader.shippedSubset(), 1500, 300, 3);
        test = Splits.subsample(data.test(), 200, 5);
        net = Mlp.initialize(MlpSpec.of(784, new int[] {64}, 10, Activation.RELU), 2, DataType.DOUBLE);
        new Trainer(TrainConfig.of(4, 50, OptimizerConfig.adam(2e-3), 2), new CrossEntropyObjective(), null).fit(net, data);
    }

    static double eps(AttackNorm n) {
        return n == AttackNorm.L2 ? 1.0 : 0.1;
    }

    @Test
    void dlrLossesMatchHandComputedLogits() {
        // z = [1, 4, 2, 3]; sorted decreasingly 4 > 3 > 2 > 1, so π1 = 4, π3 = 2, π4 = 1.
        INDArray z = Nd4j.create(new double[][] {{1, 4, 2, 3}, {1, 4, 2, 3}});
        INDArray y = Dataset.oneHot(new int[] {0, 1}, 4, DataType.DOUBLE);
        INDArray dlr = AttackLoss.DLR.evaluate(z, y, null).perSample();
        assertEquals(-(1 - 4) / (4.0 - 2), dlr.getDouble(0), 1e-9);   // y = 0: max other is 4
        assertEquals(-(4 - 3) / (4.0 - 2), dlr.getDouble(1), 1e-9);   // y = 1 (top): max other is 3
        INDArray target = Dataset.oneHot(new int[] {3, 3}, 4, DataType.DOUBLE);
        INDArray t = AttackLoss.DLR_TARGETED.evaluate(z, y, target).perSample();
        assertEquals(-(1 - 3) / (4 - (2 + 1) / 2.0), t.getDouble(0), 1e-9);
        assertEquals(-(4 - 3) / (4 - (2 + 1) / 2.0), t.getDouble(1), 1e-9);
        assertEquals(target.getRow(0), AttackLoss.oneHotRank(z, 2).getRow(0)); // the runner-up class is 3
    }

    @ParameterizedTest
    @EnumSource(value = AttackLoss.class)
    void lossGradientsMatchFiniteDifferences(AttackLoss loss) {
        INDArray z = Nd4j.create(new double[][] {{0.3, 2.1, -1.2, 1.4, 0.7}, {1.9, -0.4, 0.8, 0.1, 1.2}});
        INDArray y = Dataset.oneHot(new int[] {1, 2}, 5, DataType.DOUBLE);
        INDArray target = Dataset.oneHot(new int[] {3, 0}, 5, DataType.DOUBLE);
        INDArray g = loss.evaluate(z, y, target).logitGradient();
        double h = 1e-6;
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 5; c++) {
                INDArray zp = z.dup(), zm = z.dup();
                zp.putScalar(r, c, z.getDouble(r, c) + h);
                zm.putScalar(r, c, z.getDouble(r, c) - h);
                double fd = (loss.evaluate(zp, y, target).perSample().getDouble(r) - loss.evaluate(zm, y, target).perSample().getDouble(r)) / (2 * h);
                assertEquals(fd, g.getDouble(r, c), 1e-6, loss + " row " + r + " col " + c);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AttackNorm.class)
    void everyAdversarialExampleLiesInTheBallAndTheBox(AttackNorm norm) {
        ThreatModel t = new ThreatModel(norm, eps(norm));
        INDArray x = test.features().castTo(DataType.DOUBLE);
        for (Attack a : List.<Attack>of(new Apgd(t, AttackLoss.CE, 10, 2, 0, 1), new Apgd(t, AttackLoss.DLR_TARGETED, 10, 1, 3, 1),
                new AttackSuite(t, 10, 1, 3, 4))) {
            INDArray delta = a.perturb(net, x, test.labels()).castTo(DataType.DOUBLE).sub(x);
            INDArray adv = x.add(delta);
            double max = norm == AttackNorm.L2 ? delta.norm2(1).maxNumber().doubleValue() : Transforms.abs(delta).maxNumber().doubleValue();
            assertTrue(max <= eps(norm) * (1 + 1e-12), a.describe() + " left the ball: " + max);
            assertTrue(max > 0.5 * eps(norm), a.describe() + " barely moved: " + max);
            assertTrue(adv.minNumber().doubleValue() >= 0 && adv.maxNumber().doubleValue() <= 1, a.describe() + " left [0,1]");
        }
    }

    @ParameterizedTest
    @EnumSource(AttackNorm.class)
    void suiteIsAtLeastAsStrongAsPgd10AndItsRecordIsConsistent(AttackNorm norm) {
        ThreatModel t = new ThreatModel(norm, eps(norm));
        double pgd = RobustEvaluator.evaluate(net, test, Pgd.standard(t, 10, 1)).adversarial().accuracy();
        AttackSuite suite = new AttackSuite(t, 20, 1, 3, 1);
        AttackSuite.Outcome o = suite.run(net, test.features(), test.labels());
        int[] pred = net.predict(o.adversarial());
        int robust = 0;
        for (int i = 0; i < pred.length; i++) {
            String b = o.brokenBy().get(i);
            if (b == null) robust++;
            assertEquals(b == null, pred[i] == test.labels()[i], "sample " + i + " broken by " + b + " but predicted " + pred[i]);
        }
        double acc = robust / (double) pred.length;
        assertTrue(acc <= pgd, "suite " + acc + " vs PGD-10 " + pgd);
        assertTrue(acc < pgd || pgd == 0, "on this net the suite should find more than PGD-10: " + acc + " vs " + pgd);
        for (int s = 1; s < o.stageLoss().size(); s++) {
            double before = java.util.Arrays.stream(o.stageLoss().get(s - 1)).sum(), after = java.util.Arrays.stream(o.stageLoss().get(s)).sum();
            assertTrue(after >= before - 1e-9, "stage losses never decrease");
        }
    }

    @Test
    void sameSeedSameExamples() {
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.1);
        INDArray x = test.features();
        assertEquals(new AttackSuite(t, 5, 1, 2, 3).perturb(net, x, test.labels()), new AttackSuite(t, 5, 1, 2, 3).perturb(net, x, test.labels()));
    }
}
