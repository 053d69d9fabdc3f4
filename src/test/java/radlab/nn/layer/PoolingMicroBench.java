package radlab.nn.layer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Max-pooling forward, oneDNN's kernel against the max reduction over the window axes of a reshape (NativeWindows.pool's
 * path when oneDNN has no AVX-512), on the MNIST CNN's two pooling shapes (batch
 * 64), interleaved A/B rounds, thread CPU time per call. Run with OMP_NUM_THREADS=1 (and ONEDNN_MAX_CPU_ISA=AVX2 for oneDNN's
 * AVX2 code path): {@code java -cp … radlab.nn.layer.PoolingMicroBench}.
 */
public final class PoolingMicroBench {
    /** libnd4j's maxpool2d op, which the oneDNN build hands to oneDNN while platform helpers are allowed. */
    static INDArray oneDnn(INDArray x, ImageShape in, ImageShape out) {
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.rows(), out.channels(), out.height(), out.width());
        Nd4j.exec(org.nd4j.linalg.api.ops.DynamicCustomOp.builder("maxpool2d").addInputs(NativeWindows.image(x, in)).addOutputs(y)
                .addIntegerArguments(2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0).build());
        return y;
    }

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ImageShape[] shapes = {new ImageShape(32, 24, 24), new ImageShape(64, 8, 8)};
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        for (ImageShape in : shapes) {
            ImageShape out = new ImageShape(in.channels(), in.height() / 2, in.width() / 2);
            INDArray x = Nd4j.rand(DataType.FLOAT, 64, in.channels() * in.height() * in.width());
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (int round = 0; round < 5; round++) {
                for (int which = 0; which < 2; which++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int r = 0; r < reps; r++) {
                        INDArray y;
                        if (which == 0) {
                            y = oneDnn(x, in, out);
                        } else {
                            y = x.reshape('c', x.rows(), in.channels(), out.height(), 2, out.width(), 2).max(3, 5);   // NativeWindows' non-AVX-512 path
                        }
                        y.close();
                    }
                    best[which] = Math.min(best[which], (mx.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
                }
            }
            System.out.printf("%s pool 2: oneDNN %.4f ms, reshape + max reduction %.4f ms per call (best of 5 rounds of %d)%n", in, best[0], best[1], reps);
        }
    }
}
