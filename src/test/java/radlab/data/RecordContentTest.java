package radlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.AdversarialEvidence;
import radlab.attack.AttackNorm;
import radlab.attack.Fgsm;
import radlab.attack.RobustEvaluator;
import radlab.attack.SurrogateComparison;
import radlab.attack.ThreatModel;
import radlab.nn.Model;
import radlab.notebook.Lab;

/** Result and data records: arrays handed in or out are copies, and equality is by content. */
class RecordContentTest {
    private static Dataset tiny(String name, int[] labels) {
        return new Dataset(name, Nd4j.linspace(0, 1, labels.length * 2L, DataType.FLOAT).reshape(labels.length, 2), labels, 3);
    }

    @Test
    void datasetLabelsCannotBeChangedFromOutside() {
        int[] in = {0, 1, 2, 1};
        Dataset d = tiny("d", in);
        in[0] = 2; // the caller's array
        d.labels()[1] = 0; // a returned array
        assertArrayEquals(new int[] {0, 1, 2, 1}, d.labels());
        assertEquals(2, d.label(2));
        assertArrayEquals(new int[] {1, 2}, d.labels(1, 3));
        assertArrayEquals(new int[] {1, 0}, d.labelsAt(new int[] {3, 0}));
        assertArrayEquals(new int[] {1, 2}, Batches.labels(d, 1, 3));
        Batches.labels(d, 1, 3)[0] = 0;
        assertEquals(1, d.label(1));
        assertArrayEquals(new int[] {1, 2, 1}, d.classCounts());
    }

    @Test
    void datasetsAreEqualByContent() {
        Dataset a = tiny("d", new int[] {0, 1, 2}), b = tiny("d", new int[] {0, 1, 2});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, tiny("d", new int[] {0, 1, 1}));
        assertNotEquals(a, tiny("e", new int[] {0, 1, 2}));
        Dataset c = new Dataset("d", a.features().dup().putScalar(0, 0, 0.5), a.labels(), 3);
        assertNotEquals(a, c);
    }

    @Test
    void idxArraysAreCopiedInAndOut() {
        int[] dims = {3};
        byte[] data = {1, 2, (byte) 200};
        Idx.UByteArray a = new Idx.UByteArray(dims, data);
        dims[0] = 9;
        data[0] = 7;
        a.data()[1] = 9;
        a.dims()[0] = 5;
        assertArrayEquals(new byte[] {1, 2, (byte) 200}, a.data());
        assertEquals(3, a.count());
        assertEquals(200, a.unsigned(2));
        assertEquals(a, new Idx.UByteArray(new int[] {3}, new byte[] {1, 2, (byte) 200}));
        assertEquals(a.hashCode(), new Idx.UByteArray(new int[] {3}, new byte[] {1, 2, (byte) 200}).hashCode());
    }

    @Test
    void robustEvidenceAndSurrogateComparisonAreImmutableAndEqualByContent() {
        DataSplit data = Lab.mnist(20, 12);
        Model net = Lab.mlp(4);
        Fgsm fgsm = new Fgsm(new ThreatModel(AttackNorm.LINF, 0.05));
        AdversarialEvidence e = RobustEvaluator.evidence(net, data.test(), fgsm, 5);
        double before = e.adversarial().getDouble(0, 0);
        e.adversarial().putScalar(0, 0, before + 1);
        e.adversarialLoss()[0] = -1;
        e.labels()[0] = -1;
        assertEquals(before, e.adversarial().getDouble(0, 0), 0.0);
        assertNotEquals(-1, e.adversarialLoss()[0]);
        assertEquals(data.test().label(0), e.labels()[0]);
        AdversarialEvidence again = RobustEvaluator.evidence(net, data.test(), fgsm, 5);
        assertEquals(e, again, "same attack on the same data: equal evidence");
        assertEquals(e.hashCode(), again.hashCode());
        RobustEvaluator.Detailed d1 = RobustEvaluator.evaluateDetailed(net, data.test(), fgsm, 5);
        assertEquals(d1, RobustEvaluator.evaluateDetailed(net, data.test(), fgsm, 5));
        SurrogateComparison c = SurrogateComparison.measure(net, data.test(), fgsm, 5, e.adversarialLoss());
        c.cleanLoss()[0] = 99;
        c.labels()[0] = 99;
        assertNotEquals(99, c.cleanLoss()[0]);
        assertEquals(c, SurrogateComparison.measure(net, data.test(), fgsm, 5, e.adversarialLoss()));
        assertNotEquals(c, SurrogateComparison.measure(net, data.test(), new Fgsm(new ThreatModel(AttackNorm.LINF, 0.1)), 5,
                e.adversarialLoss()));
    }

    @Test
    void otherResultRecordsWithArraysAreEqualByContent() {
        assertEquals(new radlab.rademacher.NetworkSignFitting.Constraints(new double[] {1}, new double[] {2}, 0.5),
                new radlab.rademacher.NetworkSignFitting.Constraints(new double[] {1}, new double[] {2}, 0.5));
        assertNotEquals(new radlab.rademacher.NetworkSignFitting.Constraints(new double[] {1}, new double[] {2}),
                new radlab.rademacher.NetworkSignFitting.Constraints(new double[] {1}, new double[] {3}));
        radlab.experiment.ReproductionProfile p = radlab.experiment.ReproductionProfile.named("smoke");
        assertEquals(p, radlab.experiment.ReproductionProfile.named("smoke"));
        assertEquals(p.hashCode(), radlab.experiment.ReproductionProfile.named("smoke").hashCode());
        assertNotEquals(p, radlab.experiment.ReproductionProfile.named("quick"));
    }

    @Test
    void jacobianNormRecordsAreEqualByContentAndCopied() {
        double[] f = {1, 2}, l = {3, 4}, o = {0.5, 1}, b = {2, 3};
        radlab.jacobian.JacobianNorms a = new radlab.jacobian.JacobianNorms(f, l, o, b), c = new radlab.jacobian.JacobianNorms(f.clone(), l.clone(), o.clone(), b.clone());
        assertEquals(a, c);
        assertEquals(a.hashCode(), c.hashCode());
        f[0] = 9;
        a.l11()[0] = 9;
        assertEquals(1, a.frobenius(0));
        assertEquals(3, a.l11(0));
        assertNotEquals(a, new radlab.jacobian.JacobianNorms(new double[] {1, 2.5}, l, o, b));
        var e = new radlab.jacobian.FrobeniusProjectionEstimator.Estimate(new double[] {1, 2}, new double[] {0.1, 0.2}, 3);
        assertEquals(e, new radlab.jacobian.FrobeniusProjectionEstimator.Estimate(new double[] {1, 2}, new double[] {0.1, 0.2}, 3));
        assertNotEquals(e, new radlab.jacobian.FrobeniusProjectionEstimator.Estimate(new double[] {1, 2}, new double[] {0.1, 0.2}, 4));
    }

    @Test
    void certificatesCompareByContent() {
        var t = new ThreatModel(AttackNorm.LINF, 0.1);
        var a = new radlab.certify.CertifiedAccuracy("IBP", t, new double[] {0.5, -1}, 1.0);
        assertEquals(a, new radlab.certify.CertifiedAccuracy("IBP", t, new double[] {0.5, -1}, 1.0));
        assertEquals(a.hashCode(), new radlab.certify.CertifiedAccuracy("IBP", t, new double[] {0.5, -1}, 1.0).hashCode());
        assertNotEquals(a, new radlab.certify.CertifiedAccuracy("IBP", t, new double[] {0.5, 1}, 1.0));
        a.marginLowerBound()[1] = 3;
        assertEquals(1, a.certifiedCount());
    }
}
