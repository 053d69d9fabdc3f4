package radlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.certify.CertifiedAccuracy;
import radlab.certify.Certifier;
import radlab.jacobian.InputJacobians;
import radlab.nn.Model;
import radlab.notebook.Lab;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The one row-batch loop: ranges, per-row concatenation, and equality with the hand-written loops it replaced. */
class BatchesTest {
    @Test
    void rangesCoverEveryRowOnceInOrder() {
        List<int[]> r = new ArrayList<>();
        Batches.forEach(7, 3, (s, e) -> r.add(new int[] {s, e}));
        assertEquals(List.of("0-3", "3-6", "6-7"), r.stream().map(a -> a[0] + "-" + a[1]).toList());
        List<int[]> none = new ArrayList<>();
        Batches.forEach(0, 3, (s, e) -> none.add(new int[] {s, e}));
        assertEquals(0, none.size());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, Batches.mapRows(5, 2, (s, e) -> java.util.stream.IntStream.range(s, e).asDoubleStream().toArray()));
        assertThrows(IllegalArgumentException.class, () -> Batches.forEach(3, 0, (s, e) -> { }));
        assertThrows(IllegalStateException.class, () -> Batches.mapRows(3, 2, (s, e) -> new double[1]));
    }

    @Test
    void jacobianNormsAndCertificatesEqualTheHandWrittenLoopsBitForBit() {
        DataSplit data = Lab.mnist(40, 130);
        Model net = Lab.mlp(8);
        INDArray x = data.test().features();
        // the loop JacobianValues had (250-row batches; here 7 so that there are several, the last one partial)
        int n = (int) x.rows(), batch = 7;
        double[] old = new double[n];
        for (int start = 0; start < n; start += batch) {
            int end = Math.min(n, start + batch);
            INDArray j = InputJacobians.compute(net, x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())).castTo(DataType.DOUBLE);
            System.arraycopy(Transforms.sqrt(j.mul(j).sum(1, 2), false).dup('c').data().asDouble(), 0, old, start, end - start);
        }
        double[] now = Batches.mapRows(n, batch, (s, e) -> {
            INDArray j = InputJacobians.compute(net, Batches.rows(x, s, e)).castTo(DataType.DOUBLE);
            return Transforms.sqrt(j.mul(j).sum(1, 2), false).dup('c').data().asDouble();
        });
        assertArrayEquals(old, now, 0.0);
        // certificates per 100-row chunk equal the certificates of each sample alone (130 rows: two chunks)
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.01);
        CertifiedAccuracy all = Certifier.certify(net, data.test(), t, Certifier.Method.IBP);
        for (int i : new int[] {0, 99, 100, 129}) {
            CertifiedAccuracy one = Certifier.certify(net, data.test().rows(new int[] {i}, "one"), t, Certifier.Method.IBP);
            assertEquals(one.marginLowerBound()[0], all.marginLowerBound()[i], 0.0, "row " + i);
        }
    }

    @Test
    void evaluationRobustEvaluationAndSurrogateEqualTheHandWrittenLoopsBitForBit() {
        DataSplit data = Lab.mnist(40, 47);
        Model net = Lab.mlp(8);
        Dataset d = data.test();
        int n = d.size(), batch = 7; // several batches, the last one partial
        // Evaluator's former loop
        double lossSum = 0;
        long correct = 0;
        double[] oldClean = new double[n], oldDual = new double[n], oldAdvLoss = new double[n], oldNorm = new double[n];
        ThreatModel t = new ThreatModel(AttackNorm.L2, 0.5);
        radlab.attack.Fgsm fgsm = new radlab.attack.Fgsm(t);
        for (int start = 0; start < n; start += batch) {
            int end = Math.min(n, start + batch);
            INDArray x = d.features().get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            int[] y = java.util.Arrays.copyOfRange(d.labels(), start, end);
            INDArray logits = net.logits(x);
            lossSum += radlab.nn.SoftmaxCrossEntropy.evaluate(logits, Dataset.oneHot(y, d.numClasses(), net.dataType())).perExample().sumNumber().doubleValue();
            int[] pred = org.nd4j.linalg.factory.Nd4j.argMax(logits, 1).toIntVector();
            for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) correct++;
            // SurrogateComparison's former loop (clean loss and dual norm of the loss gradient)
            radlab.attack.LossGradient lg = radlab.attack.LossGradient.of(net, x, y);
            System.arraycopy(lg.inputGradient().castTo(DataType.DOUBLE).norm2(1).dup().data().asDouble(), 0, oldDual, start, end - start);
            System.arraycopy(lg.perExampleLoss().castTo(DataType.DOUBLE).dup().data().asDouble(), 0, oldClean, start, end - start);
            // RobustEvaluator's former loop (perturbation norm and adversarial loss)
            INDArray xp = net.prepareInput(x), adv = fgsm.perturb(net, xp, y);
            System.arraycopy(adv.castTo(DataType.DOUBLE).sub(xp.castTo(DataType.DOUBLE)).norm2(1).data().asDouble(), 0, oldNorm, start, end - start);
            System.arraycopy(radlab.attack.LossGradient.losses(net, adv, y).castTo(DataType.DOUBLE).dup().data().asDouble(), 0, oldAdvLoss, start, end - start);
        }
        radlab.train.Metrics m = radlab.train.Evaluator.evaluate(net, d, batch);
        assertEquals(lossSum / n, m.loss(), 0.0);
        assertEquals((double) correct / n, m.accuracy(), 0.0);
        radlab.attack.AdversarialEvidence e = radlab.attack.RobustEvaluator.evidence(net, d, fgsm, batch);
        assertArrayEquals(oldNorm, e.perturbationNorm(), 0.0);
        assertArrayEquals(oldAdvLoss, e.adversarialLoss(), 0.0);
        assertArrayEquals(oldClean, e.cleanLoss(), 0.0);
        radlab.attack.SurrogateComparison c = radlab.attack.SurrogateComparison.measure(net, d, fgsm, batch, e.adversarialLoss());
        assertArrayEquals(oldClean, c.cleanLoss(), 0.0);
        assertArrayEquals(oldDual, c.lossGradientDualNorm(), 0.0);
        assertArrayEquals(d.labels(), c.labels());
    }
}
