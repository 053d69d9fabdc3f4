package radlab.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.norms.LayerNorms;
import radlab.norms.NetworkNorms;
import radlab.nn.Architecture;
import radlab.nn.Network;

/**
 * The norms of a convolution operator against its explicit matrix, built by applying the convolution to every basis
 * vector: spectral norm (power iteration through the convolution and its transpose) against the largest singular
 * value from Commons Math's SVD, and the entry-wise norms against the matrix entries; also Aᵀ is the transpose.
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class ConvolutionSpectralNormTest {
    @ParameterizedTest
    @CsvSource({"2,6,6,3,3,1,0", "1,7,5,2,3,2,1", "3,5,5,4,2,1,1"})
    void operatorNormsMatchTheExplicitMatrix(int c, int h, int w, int out, int k, int s, int p) {
        Network net = Network.initialize(Architecture.parse("cnn:c" + out + "k" + k + "s" + s + "p" + p + "-d2", new ImageShape(c, h, w), 2,
                Activation.RELU), 13, DataType.DOUBLE);
        Conv2d conv = (Conv2d) net.layers().get(0);
        int d = conv.inputSize(), m = conv.outputSize();
        INDArray a = conv.applyOperator(Nd4j.eye(d).castTo(DataType.DOUBLE)).transpose(); // m × d: column j = A e_j
        double[][] entries = a.toDoubleMatrix();
        double sigma = new SingularValueDecomposition(new Array2DRowRealMatrix(entries)).getNorm();
        LayerNorms ln = NetworkNorms.of(net, null, Double.NaN).layers().get(0);
        assertEquals(m, ln.rows());
        assertEquals(d, ln.columns());
        assertTrue(Math.abs(ln.spectral() - sigma) / sigma < 1e-6, "spectral " + ln.spectral() + " vs SVD " + sigma);
        assertEquals(a.norm2Number().doubleValue(), ln.frobenius(), 1e-9);
        assertEquals(a.norm2(1).sumNumber().doubleValue(), ln.l21(), 1e-9);
        assertEquals(org.nd4j.linalg.ops.transforms.Transforms.abs(a).sum(1).maxNumber().doubleValue(), ln.l1Inf(), 1e-9);
        assertTrue(!ln.dense() && ln.layer().startsWith("conv"));
        INDArray at = conv.applyTranspose(Nd4j.eye(m).castTo(DataType.DOUBLE)); // row i = Aᵀ e_i
        assertTrue(at.equalsWithEps(a, 1e-12), "applyTranspose is the transpose of applyOperator");
        assertTrue(List.of(conv.weight().shape()).size() == 1 || conv.weight().rank() == 4);
    }
}
