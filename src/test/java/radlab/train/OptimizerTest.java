package radlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The fused Adam loop against ND4J's native adam_updater op: bit-identical parameters after many steps. */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class OptimizerTest {
    private static List<INDArray> params(DataType type, SplittableRandom rnd) {
        List<INDArray> ps = new ArrayList<>();
        for (long[] s : new long[][] {{7, 5}, {1, 5}, {5, 3}, {1, 3}}) ps.add(random(s, type, rnd, 1.0));
        return ps;
    }

    private static INDArray random(long[] shape, DataType type, SplittableRandom rnd, double scale) {
        double[] v = new double[(int) (shape[0] * shape[1])];
        for (int i = 0; i < v.length; i++) v[i] = scale * (rnd.nextDouble() * 2 - 1) * Math.pow(10, rnd.nextInt(-4, 2));
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
    }

    @Test
    void fusedAdamMatchesNativeUpdaterBitForBit() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (double lr : new double[] {1e-3, 0.3}) {
                SplittableRandom rnd = new SplittableRandom(3);
                List<INDArray> fused = params(type, rnd);
                List<INDArray> ref = fused.stream().map(INDArray::dup).toList();
                Optimizer a = Optimizer.create(OptimizerConfig.adam(lr)), b = Optimizer.nativeUpdaters(OptimizerConfig.adam(lr));
                for (int it = 0; it < 400; it++) {
                    List<INDArray> ga = new ArrayList<>(), gb = new ArrayList<>();
                    for (INDArray p : fused) {
                        INDArray g = random(p.shape(), type, rnd, 1.0);
                        if (it == 0) g.getRow(0).assign(0); // zero gradients (v = 0) on the first step
                        // every third step an f-order gradient (what a transposed matmul returns)
                        ga.add(it % 3 == 0 ? g.dup('f') : g.dup());
                        gb.add(g.dup());
                    }
                    a.step(fused, ga);
                    b.step(ref, gb);
                }
                for (int i = 0; i < fused.size(); i++) {
                    assertEquals(type, fused.get(i).dataType());
                    if (type == DataType.FLOAT) {
                        assertArrayEquals(ref.get(i).data().asFloat(), fused.get(i).data().asFloat(), 0f, type + " lr " + lr + " param " + i);
                    } else {
                        assertArrayEquals(ref.get(i).data().asDouble(), fused.get(i).data().asDouble(), 0.0, type + " lr " + lr + " param " + i);
                    }
                }
            }
        }
    }
}
