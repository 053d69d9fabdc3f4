package radlab.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import radlab.data.MnistLoader;
import radlab.jacobian.InputJacobians;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.nn.layer.Gemm;

/**
 * Input Jacobians of a 784-256-256-10 ReLU net for 1,000 MNIST images (float32):
 * <ul>
 *   <li>{@code batched}: radlab's path, one backward recursion over 10,000 seed rows;</li>
 *   <li>{@code perSampleLoop}: the naive alternative, one Jacobian per image in a Java loop;</li>
 *   <li>{@code gemmFloor}: the three matmuls of the batched path alone (same FLOPs, no masks or reshapes), as ND4J's
 *       mmul (which copies its f-order result into c order);</li>
 *   <li>{@code gemmFloorNoCopy}: the same three products as the batched path now runs them ({@link Gemm#mmulC}, no
 *       copy): the BLAS floor.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// -Xmx1500m, not 6g: ND4J frees the 31 MB Jacobian arrays only when their Java objects are collected, and under a 6 GB
// heap the fork grew past 20 GB resident in 40 s (the OOM killer ended one run, issue #14).
@Fork(value = 1, jvmArgsAppend = "-Xmx1500m")
public class JacobianBenchmark {
    Mlp net;
    INDArray x;
    INDArray seeds, u2, u1;

    @Setup
    public void setup() {
        net = Mlp.initialize(MlpSpec.of(784, new int[] {256, 256}, 10, Activation.RELU), 1, DataType.FLOAT);
        x = MnistLoader.shippedSubset().features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1000),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        seeds = Nd4j.rand(DataType.FLOAT, 10_000, 10);
        u2 = Nd4j.rand(DataType.FLOAT, 10_000, 256);
        u1 = Nd4j.rand(DataType.FLOAT, 10_000, 256);
    }

    @Benchmark
    public INDArray batched() {
        return InputJacobians.compute(net, x);
    }

    @Benchmark
    public double perSampleLoop() {
        double s = 0;
        for (int i = 0; i < 1000; i++) s += InputJacobians.compute(net, x.getRow(i, true)).getDouble(0, 0, 0);
        return s;
    }

    @Benchmark
    public double gemmFloor() {
        INDArray a = seeds.mmul(net.weight(2).transpose());
        INDArray b = u2.mmul(net.weight(1).transpose());
        INDArray c = u1.mmul(net.weight(0).transpose());
        return a.getDouble(0) + b.getDouble(0) + c.getDouble(0);
    }

    @Benchmark
    public double gemmFloorNoCopy() {
        INDArray a = Gemm.mmulC(seeds, false, net.weight(2), true);
        INDArray b = Gemm.mmulC(u2, false, net.weight(1), true);
        INDArray c = Gemm.mmulC(u1, false, net.weight(0), true);
        return a.getDouble(0) + b.getDouble(0) + c.getDouble(0);
    }
}
