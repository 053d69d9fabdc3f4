package radlab.nn.layer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Max-pooling forward, oneDNN's kernel against the strided-view maxima, on the MNIST CNN's two pooling shapes (batch
 * 64), interleaved A/B rounds, thread CPU time per call. Run with OMP_NUM_THREADS=1 (and OPENBLAS_CORETYPE=Haswell
 * -XX:UseAVX=2 for the AVX2 kernels): {@code java -cp … radlab.nn.layer.PoolingMicroBench}.
 */
public final class PoolingMicroBench {
    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ImageShape[] shapes = {new ImageShape(32, 24, 24), new ImageShape(64, 8, 8)};
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        for (ImageShape in : shapes) {
            ImageShape out = new ImageShape(in.channels(), in.height() / 2, in.width() / 2);
            INDArray x = Nd4j.rand(DataType.FLOAT, 64, in.channels() * in.height() * in.width());
            if (!NativeWindows.pool(x, in, out, 2, true).equals(NativeWindows.maxPoolStrided(x, in, out, 2))) throw new AssertionError("different results");
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (int round = 0; round < 5; round++) {
                for (int which = 0; which < 2; which++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int r = 0; r < reps; r++) {
                        INDArray y = which == 0 ? NativeWindows.pool(x, in, out, 2, true) : NativeWindows.maxPoolStrided(x, in, out, 2);
                        y.close();
                    }
                    best[which] = Math.min(best[which], (mx.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
                }
            }
            System.out.printf("%s pool 2: oneDNN %.4f ms, strided %.4f ms per call (best of 5 rounds of %d)%n", in, best[0], best[1], reps);
        }
    }
}
