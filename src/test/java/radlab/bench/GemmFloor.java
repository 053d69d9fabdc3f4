package radlab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.layer.Gemm;

/**
 * The GEMM floor of the PyTorch comparison (issue #14): the matrix shapes of the workloads through ND4J's
 * {@code mmul}, radlab's {@link Gemm#mmul} (same bits) and the bare BLAS call into an f-order array, timed in thread
 * CPU time so that other processes' load does not count. {@code bench/pytorch/gemm_floor.py} times torch.mm (and
 * numpy for float64) on the same shapes. Run (one thread):
 * {@code OMP_NUM_THREADS=1 java -cp target/test-classes:target/classes:$(cat target/bench.classpath) radlab.bench.GemmFloor}
 */
public final class GemmFloor {
    private GemmFloor() {}

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int[][] shapes = {{64, 784, 256}, {64, 256, 256}, {2000, 784, 256}, {10000, 256, 256}, {10000, 256, 784}, {50, 8000, 784}};
        for (int[] s : shapes) {
            DataType t = s[1] == 8000 ? DataType.DOUBLE : DataType.FLOAT; // the Rademacher GEMM is float64
            INDArray a = Nd4j.rand(t, s[0], s[1]), b = Nd4j.rand(t, s[1], s[2]);
            INDArray out = Nd4j.createUninitialized(t, new long[] {s[0], s[2]}, 'f');
            // The same product as the transposed problem C^T = B^T A^T into f order, which is C in c order: the
            // column-major (M, N) that row-major numpy and torch hand to BLAS.
            INDArray outT = Nd4j.createUninitialized(t, new long[] {s[2], s[0]}, 'f');
            INDArray aT = a.transpose(), bT = b.transpose();
            double flops = 2.0 * s[0] * s[1] * s[2];
            int reps = (int) Math.max(3, 3e9 / flops);
            for (String mode : new String[] {"mmul", "Gemm.mmul", "blas-f", "blas-t"}) {
                Runnable op = switch (mode) {
                    case "mmul" -> () -> a.mmul(b);
                    case "Gemm.mmul" -> () -> Gemm.mmul(a, false, b, false);
                    case "blas-t" -> () -> Nd4j.gemm(bT, aT, outT, false, false, 1, 0);
                    default -> () -> Nd4j.gemm(a, b, out, false, false, 1, 0);
                };
                for (int i = 0; i < Math.max(2, reps / 5); i++) op.run();
                // Best and median of 7 rounds: on a shared VM single rounds of small shapes vary by up to 40 %.
                double[] rounds = new double[7];
                for (int r = 0; r < rounds.length; r++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < reps; i++) op.run();
                    rounds[r] = (mx.getCurrentThreadCpuTime() - c0) / 1e9 / reps;
                }
                java.util.Arrays.sort(rounds);
                System.out.printf("nd4j %-9s %-6s %5dx%5dx%5d  best %8.3f ms  %6.1f GFLOP/s  median %6.1f GFLOP/s%n", mode, t, s[0], s[1], s[2],
                        rounds[0] * 1e3, flops / rounds[0] / 1e9, flops / rounds[3] / 1e9);
            }
        }
    }
}
