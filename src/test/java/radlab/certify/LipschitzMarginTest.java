package radlab.certify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.AdversarialEvidence;
import radlab.attack.AttackNorm;
import radlab.attack.AttackSuite;
import radlab.attack.RobustEvaluator;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.jacobian.InputJacobians;
import radlab.nn.Architecture;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.Model;
import radlab.nn.Network;
import radlab.nn.layer.Activation;
import radlab.nn.layer.Conv2d;
import radlab.nn.layer.ImageShape;
import radlab.nn.layer.LinearLayer;
import radlab.norms.NetworkNorms;

/** The Lipschitz-margin certificate's constant is an upper bound by construction, also where power iteration fails. */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class LipschitzMarginTest {
    /**
     * σ1/σ2 = 1/0.999 in every layer: power iteration's 1e-10 stopping rule is not met in 2000 iterations, and the old
     * certificate threw ("power iteration did not converge"). The constant must be ρ^a·∏σ_max from an exact SVD.
     */
    @Test
    void nearlyEqualTopSingularValuesGiveTheExactProduct() {
        SplittableRandom rnd = new SplittableRandom(1);
        Mlp net = Mlp.initialize(MlpSpec.of(12, new int[] {10, 10}, 6, Activation.TANH), 3, DataType.DOUBLE);
        double expected = 1;
        for (LinearLayer l : net.linearLayers()) {
            int in = (int) l.weight().rows(), out = (int) l.weight().columns();
            double[] sigma = new double[Math.min(in, out)];
            for (int i = 0; i < sigma.length; i++) sigma[i] = i == 0 ? 2.0 : i == 1 ? 2.0 * 0.999 : 0.5 * rnd.nextDouble();
            RealMatrix w = orthogonal(rnd, in).getSubMatrix(0, in - 1, 0, sigma.length - 1)
                    .multiply(new Array2DRowRealMatrix(diag(sigma))).multiply(orthogonal(rnd, out).getSubMatrix(0, sigma.length - 1, 0, out - 1));
            l.weight().assign(Nd4j.createFromArray(w.getData()));
            expected *= new SingularValueDecomposition(w).getNorm();
        }
        expected *= Math.pow(Activation.TANH.maxSlope(), 2);
        assertFalse(NetworkNorms.of(net, null, Double.NaN).layers().stream().allMatch(n -> n.spectralConverged()),
                "the case power iteration cannot settle");
        assertEquals(expected, LipschitzMargin.lipschitzConstant(net), 1e-12 * expected);
    }

    /**
     * A CNN: the constant is at least the product of the exact layer norms (explicit Toeplitz matrices, Commons Math
     * SVD) and at least every local ‖J(x)‖₂; the certificate's certified samples survive the APGD suite.
     */
    @Test
    void cnnConstantBoundsTheExactNormsAndTheJacobians() {
        Network cnn = Network.initialize(Architecture.parse("cnn:c4k3-p2-c6k3p1-d8", new ImageShape(1, 10, 10), 4, Activation.RELU), 5, DataType.DOUBLE);
        double exact = 1;
        for (LinearLayer l : cnn.linearLayers()) {
            double[][] a = l instanceof Conv2d c ? radlab.norms.SpectralBoundsTestAccess.toeplitz(c) : l.weight().toDoubleMatrix();
            exact *= new SingularValueDecomposition(new Array2DRowRealMatrix(a)).getNorm();
        }
        double lip = LipschitzMargin.lipschitzConstant(cnn);
        assertTrue(lip >= exact * (1 - 1e-12), "L = " + lip + " below ∏ exact norms " + exact);
        assertTrue(lip <= 2 * exact, "L = " + lip + " vs ∏ exact norms " + exact);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 50, 100);
        double jac = InputJacobians.norms(cnn, x, 50).maxOperator();
        assertTrue(lip >= jac, "L = " + lip + " below a local ‖J(x)‖₂ = " + jac);

        Dataset d = new Dataset("own labels", x, cnn.predict(x), 4);
        // ε so that about half the samples have margin > √2·L·ε
        double[] margins = radlab.train.Evaluator.margins(cnn, d);
        java.util.Arrays.sort(margins);
        ThreatModel t = new ThreatModel(AttackNorm.L2, margins[margins.length / 2] / (Math.sqrt(2) * lip));
        List<CertifiedAccuracy> certs = Certifier.all(cnn, d, t);
        assertEquals(List.of("Lipschitz"), certs.stream().map(CertifiedAccuracy::method).toList(), "IBP/CROWN have no convolution module");
        assertTrue(certs.get(0).available() && certs.get(0).certifiedCount() > 0, certs.get(0).toString());
        AdversarialEvidence attacked = RobustEvaluator.evidence(cnn, d, new AttackSuite(t, 20, 1, 2, 1), 50);
        RobustBracket b = RobustBracket.of(attacked, 0, null, Double.NaN, 0, certs);
        assertTrue(b.certifiedAccuracy() <= b.attackedOnCertified(), b.toString());
    }

    /** The README's CNN on MNIST-sized input, at initialisation: the certification step runs and its constant bounds the Jacobians. */
    @Test
    void readmeCnnCertifies() {
        Network cnn = Network.initialize(Architecture.parse("cnn:c16k5-p2-c32k5-p2-d64", new ImageShape(1, 28, 28), 10, Activation.RELU), 1, DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, 20, 784);
        Dataset d = new Dataset("own labels", x, cnn.predict(x), 10);
        List<CertifiedAccuracy> certs = Certifier.all(cnn, d, new ThreatModel(AttackNorm.L2, 0.01));
        assertTrue(certs.size() == 1 && certs.get(0).available(), certs.toString());
        double lip = LipschitzMargin.lipschitzConstant(cnn.copy(DataType.DOUBLE));
        assertTrue(lip >= InputJacobians.norms(cnn.copy(DataType.DOUBLE), x.castTo(DataType.DOUBLE), 20).maxOperator());
    }

    static double[][] diag(double[] v) {
        double[][] m = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) m[i][i] = v[i];
        return m;
    }

    /** A random orthogonal matrix (Q of a Gaussian matrix's QR). */
    static RealMatrix orthogonal(SplittableRandom rnd, int n) {
        double[][] g = new double[n][n];
        for (double[] r : g) for (int j = 0; j < n; j++) r[j] = rnd.nextGaussian();
        return new org.apache.commons.math3.linear.QRDecomposition(new Array2DRowRealMatrix(g)).getQ();
    }
}
