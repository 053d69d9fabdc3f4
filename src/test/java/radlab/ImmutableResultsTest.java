package radlab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import radlab.attack.AttackNorm;
import radlab.attack.Pgd;
import radlab.attack.RobustEvaluator;
import radlab.attack.ThreatModel;
import radlab.data.DataSplit;
import radlab.jacobian.JacobianNorms;
import radlab.nn.Model;
import radlab.notebook.Lab;
import radlab.rademacher.NetworkSignFitting;
import radlab.rademacher.RademacherEstimate;

/** Issue #11: results are immutable values, and attacks carry no hidden random state. */
class ImmutableResultsTest {
    @Test
    void resultRecordsCopyTheirArraysInAndOut() {
        double[] f = {1, 2}, l = {3, 4}, o = {5, 6}, i = {7, 8};
        JacobianNorms jn = new JacobianNorms(f, l, o, i);
        f[0] = 100;
        jn.frobenius()[1] = 100;
        jn.l11()[0] = 100;
        assertArrayEquals(new double[] {1, 2}, jn.frobenius());
        assertArrayEquals(new double[] {3, 4}, jn.l11());
        assertEquals(2, jn.frobenius(1));
        assertEquals(1.5, jn.meanFrobenius());

        double[] draws = {0.5, 0.25};
        RademacherEstimate e = new RademacherEstimate("c", 10, draws, 0.375, 0.1, 0.95, 0.2, 0.5, Double.NaN, true, 1, 0);
        draws[0] = 9;
        e.draws()[1] = 9;
        assertArrayEquals(new double[] {0.5, 0.25}, e.draws());

        double[] s = {1, 2};
        NetworkSignFitting.Constraints c = new NetworkSignFitting.Constraints(s, new double[] {3});
        s[0] = 7;
        c.spectral()[1] = 7;
        assertArrayEquals(new double[] {1, 2}, c.spectral());

        DataSplit data = Lab.mnist(40, 20);
        RobustEvaluator.Detailed d = RobustEvaluator.evaluateDetailed(Lab.mlp(8), data.test(), Pgd.standard(new ThreatModel(AttackNorm.LINF, 0.1), 2, 7));
        double[] losses = d.attackLosses();
        double kept = losses[1];
        losses[1] = kept + 5;
        d.attackLosses()[0] = -1;
        assertArrayEquals(d.evidence().adversarialLoss(), d.attackLosses());
        assertEquals(kept, d.attackLosses()[1]);
        assertEquals(d.evidence().metrics(), d.metrics());
    }

    @Test
    void pgdRandomStartsDependOnTheBatchNotOnWhatWasAttackedBefore() {
        DataSplit data = Lab.mnist(40, 20);
        Model net = Lab.mlp(8);
        INDArray a = data.test().features().get(NDArrayIndex.interval(0, 10), NDArrayIndex.all());
        INDArray b = data.test().features().get(NDArrayIndex.interval(10, 20), NDArrayIndex.all());
        int[] la = java.util.Arrays.copyOfRange(data.test().labels(), 0, 10), lb = java.util.Arrays.copyOfRange(data.test().labels(), 10, 20);
        Pgd pgd = Pgd.standard(new ThreatModel(AttackNorm.LINF, 0.1), 3, 7);
        INDArray first = pgd.perturb(net, a, la);
        pgd.perturb(net, b, lb);
        INDArray again = pgd.perturb(net, a, la);
        assertEquals(first, again, "the same batch gets the same attack whatever ran before");
        assertEquals(first, Pgd.standard(new ThreatModel(AttackNorm.LINF, 0.1), 3, 7).perturb(net, a, la), "and the same as a fresh attack");
        assertFalse(first.equals(Pgd.standard(new ThreatModel(AttackNorm.LINF, 0.1), 3, 8).perturb(net, a, la)), "another seed, another start");
    }
}
