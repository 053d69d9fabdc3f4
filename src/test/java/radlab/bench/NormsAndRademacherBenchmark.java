package radlab.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;
import radlab.norms.PowerIteration;
import radlab.rademacher.LinearL2Ball;
import radlab.rademacher.RademacherEstimator;

/**
 * (c) Spectral norm of a trained 256×784 layer: power iteration at 1e-6 relative tolerance vs a full SVD (ND4J's
 * LAPACK gesvd, and Commons Math). (d) Monte Carlo Rademacher draws for the ℓ2-linear class on all 10,000 shipped
 * MNIST images, 200 draws per operation, with 1 and 2 worker threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class NormsAndRademacherBenchmark {
    @Param({"1", "2"})
    public int threads;

    INDArray layer;
    double[][] layerArray;
    LinearL2Ball mnistClass;

    @Setup
    public void setup() {
        DataSplit d = Splits.stratified(MnistLoader.shippedSubset(), 2000, 500, 1);
        Mlp net = BenchSetup.mlp(d, 1, 256);
        layer = net.weight(0).castTo(DataType.DOUBLE).transpose().dup('c'); // 256 × 784, math convention
        layerArray = layer.toDoubleMatrix();
        mnistClass = new LinearL2Ball(MnistLoader.shippedSubset().features(), 1.0);
    }

    @Benchmark
    public double powerIteration() {
        return PowerIteration.spectralNorm(layer, 1e-6, 10_000, 1).value();
    }

    @Benchmark
    public double svdNd4j() {
        INDArray a = layer.dup();
        INDArray s = Nd4j.create(DataType.DOUBLE, 256);
        Nd4j.getBlasWrapper().lapack().gesvd(a, s, null, null);
        return s.getDouble(0);
    }

    @Benchmark
    public double svdCommonsMath() {
        return new SingularValueDecomposition(new Array2DRowRealMatrix(layerArray, false)).getSingularValues()[0];
    }

    @Benchmark
    public double rademacherDraws() {
        return new RademacherEstimator(200, 1, threads, 0.95).estimate(mnistClass).mean();
    }
}
