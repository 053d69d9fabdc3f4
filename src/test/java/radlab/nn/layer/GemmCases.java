package radlab.nn.layer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Random operands op(a)·op(b) for every shape {m, k, n}, precision and pair of transpose flags: the cases of the GEMM bit tests. */
final class GemmCases {
    private GemmCases() {}

    /** One product: a and b stored so that op(a) is m×k and op(b) is k×n; m·n·k multiply-adds. */
    record Case(INDArray a, boolean transposeA, INDArray b, boolean transposeB, String what, double multiplyAdds) {}

    interface Check {
        void accept(Case c);
    }

    /** Seeds ND4J's generator, then calls {@code check} for each shape, float and double, and the four flag pairs. */
    static void forEach(long seed, int[][] shapes, Check check) {
        Nd4j.getRandom().setSeed(seed);
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int[] s : shapes) {
                for (int mode = 0; mode < 4; mode++) {
                    boolean ta = (mode & 1) != 0, tb = (mode & 2) != 0;
                    INDArray a = ta ? Nd4j.randn(t, s[1], s[0]) : Nd4j.randn(t, s[0], s[1]);
                    INDArray b = tb ? Nd4j.randn(t, s[2], s[1]) : Nd4j.randn(t, s[1], s[2]);
                    check.accept(new Case(a, ta, b, tb, t + " " + s[0] + "×" + s[1] + "×" + s[2] + " ta=" + ta + " tb=" + tb, (double) s[0] * s[1] * s[2]));
                }
            }
        }
    }
}
