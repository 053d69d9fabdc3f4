package radlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class LabTest {
    @Test
    void trainJacobianPrintsOneLinePerEpochAsDocumented() {
        var data = Lab.mnist(200, 50);
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            Lab.trainJacobian(Lab.mlp(4), data, 2, "l2", 0.01);
        } finally {
            System.setOut(old);
        }
        assertEquals(2, buf.toString().lines().filter(l -> l.startsWith("epoch ")).count(), buf.toString());
    }

    /** Each robust-training baseline trains from the notebook API and its history carries the objective's pass count. */
    @Test
    void robustTrainingBaselinesRecordTheirCost() {
        var data = Lab.mnist(200, 50);
        PrintStream old = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
        try {
            assertEquals(5, Lab.trainTrades(Lab.mlp(4), data, 1, 6, "linf", 0.1, 3).cost().passesPerExample());
            assertEquals(4, Lab.trainAdversarial(Lab.mlp(4), data, 1, "linf", 0.1, 2).cost().passesPerExample());
            assertEquals(2, Lab.trainInputGradient(Lab.mlp(4), data, 1, 0.1).cost().passesPerExample());
            var net = Lab.mlp(4);
            var spectral = Lab.trainSpectral(net, data, 2, 0.01, 0.9);
            assertEquals(1, spectral.cost().passesPerExample());
            assertEquals(2, spectral.cost().totalPassesPerExample());
            // the trainer applied the hard bound after every step: each weight's σ (an SVD) ≤ 0.9 up to float32 rounding
            for (var l : net.linearLayers()) {
                double sigma = new org.apache.commons.math3.linear.SingularValueDecomposition(
                        new org.apache.commons.math3.linear.Array2DRowRealMatrix(l.weight().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix()))
                        .getSingularValues()[0];
                org.junit.jupiter.api.Assertions.assertTrue(sigma <= 0.9 * (1 + 1e-5) && sigma > 0.5, l.describe() + " σ = " + sigma);
            }
            assertEquals(1, Lab.train(Lab.mlp(4), data, 1).cost().passesPerExample());
        } finally {
            System.setOut(old);
        }
    }
}
