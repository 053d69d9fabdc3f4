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
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;

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
     * The per-sample values of each class against references computed outside the classes: the cross-entropy written
     * out in doubles from the logits, ‖J(x_i)‖_F² and ‖J(x_i)‖_{1,1} summed from the full Jacobian tensor
     * ({@link InputJacobians#compute}, another code path than the norms the class uses) and, for two samples, from
     * central differences of the logits; the robust class against the loss at the attack's own output.
     */
    @Test
    void perSampleValuesMatchIndependentReferences() {
        Dataset d = Splits.subsample(MnistLoader.shippedSubset(), 40, 7);
        List<Mlp> nets = List.of(Mlp.initialize(MlpSpec.of(784, new int[] {16}, 10, Activation.TANH), 5, DataType.DOUBLE),
                Mlp.initialize(MlpSpec.of(784, new int[] {16}, 10, Activation.TANH), 6, DataType.DOUBLE));
        double[][] ce = LossClasses.crossEntropy(nets, d).valueVectors();
        double[][] l2 = LossClasses.jacobianRegularizer(nets, d, JacobianRegularizer.L2).valueVectors();
        double[][] l1 = LossClasses.jacobianRegularizer(nets, d, JacobianRegularizer.L1).valueVectors();
        Pgd attack = Pgd.standard(new ThreatModel(AttackNorm.LINF, 0.05), 3, 1);
        double[][] rob = LossClasses.robustLoss(nets, d, attack).valueVectors();
        for (int m = 0; m < nets.size(); m++) {
            Mlp net = nets.get(m);
            double[][] z = net.logits(d.features()).toDoubleMatrix();
            double[] adv = radlab.attack.AdversarialObjectiveTest.perSampleCrossEntropy(net, attack.perturb(net, d.features(), d.labels()), d.labels());
            org.nd4j.linalg.api.ndarray.INDArray jac = InputJacobians.compute(net, d.features()); // n × K × d
            for (int i = 0; i < d.size(); i++) {
                double max = java.util.Arrays.stream(z[i]).max().orElseThrow(), s = 0;
                for (double v : z[i]) s += Math.exp(v - max);
                radlab.testing.Tolerance.assertRelative(max + Math.log(s) - z[i][d.labels()[i]], ce[m][i], 1e-12, "cross-entropy, net " + m + " sample " + i);
                double[] row = jac.slice(i).dup().data().asDouble();
                double sq = 0, abs = 0;
                for (double v : row) {
                    sq += v * v;
                    abs += Math.abs(v);
                }
                radlab.testing.Tolerance.assertRelative(sq, l2[m][i], 1e-12, "‖J‖_F², net " + m + " sample " + i);
                radlab.testing.Tolerance.assertRelative(abs, l1[m][i], 1e-12, "‖J‖_{1,1}, net " + m + " sample " + i);
                radlab.testing.Tolerance.assertRelative(adv[i], rob[m][i], 1e-12, "robust loss, net " + m + " sample " + i);
            }
            for (int i : new int[] {0, 17}) {
                org.nd4j.linalg.api.ndarray.INDArray xi = d.features().getRow(i).reshape(1, 784).castTo(DataType.DOUBLE).dup(); // h = 1e-6 needs float64 inputs
                double fd = 0;
                for (int c = 0; c < 784; c++) {
                    double old = xi.getDouble(0, c), h = 1e-6;
                    xi.putScalar(0, c, old + h);
                    double[] up = net.logits(xi).toDoubleVector();
                    xi.putScalar(0, c, old - h);
                    double[] down = net.logits(xi).toDoubleVector();
                    xi.putScalar(0, c, old);
                    for (int k = 0; k < up.length; k++) fd += Math.pow((up[k] - down[k]) / (2 * h), 2);
                }
                assertEquals(fd, l2[m][i], 1e-6 * fd, "‖J‖_F² against central differences, net " + m + " sample " + i);
            }
        }
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
