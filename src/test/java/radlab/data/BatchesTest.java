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
}
