package radlab.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.AttackNorm;
import radlab.nn.Activation;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.norms.NetworkNorms;

class BoundsTest {
    /** The hand-worked net of NormsTest: s = (5, √5), ‖A‖_F = (5, √5), b = (7, √5). */
    static NetworkNorms tinyNorms(Activation act) {
        Mlp m = new Mlp(new MlpSpec(new int[] {2, 2, 1}, act), List.of(Nd4j.create(new double[][] {{3, 4}, {0, 0}}),
                Nd4j.create(new double[][] {{1}, {-2}})), List.of(Nd4j.zeros(DataType.DOUBLE, 1, 2), Nd4j.zeros(DataType.DOUBLE, 1, 1)));
        return NetworkNorms.of(m, null, null);
    }

    @Test
    void classicFormulasAgreeWithHandComputedValues() {
        NetworkNorms n = tinyNorms(Activation.RELU);
        double s5 = Math.sqrt(5);
        double ra = 5 * s5 * Math.pow(Math.pow(7 / 5.0, 2.0 / 3) + 1, 1.5);
        assertEquals(ra, ClassicBounds.bftSpectralComplexity(n, false), 1e-8);
        // ‖X‖_F = 3, n = 4, γ = 2, W̄ = 2.
        double bft = 4.0 / 4 + (12 * Math.log(4) / 2) * Math.sqrt(Math.log(4)) * (4 / 2.0) * (3 / 2.0) * ra;
        assertEquals(bft, ClassicBounds.bftRademacher(n, 3, 4, 2, false), 1e-8 * bft);
        assertEquals(2 * 5 * s5 * 3 / (Math.sqrt(2) * 4), ClassicBounds.ntsRademacher(n, 3, 4), 1e-10);
        assertEquals((Math.sqrt(2 * Math.log(2) * 2) + 1) * 5 * s5 * 3 / 4, ClassicBounds.grsRademacher(n, 3, 4), 1e-10);
        assertEquals(3 * 2 * Math.sqrt(Math.log(2 / 0.1) / 200), ClassicBounds.confidenceTerm(100, 0.1, 2), 1e-12);
    }

    @Test
    void reconstructionTermsAgreeWithHandComputedValuesForTanh() {
        NetworkNorms n = tinyNorms(Activation.TANH);
        var in = new PaperBoundReconstruction.Inputs(4, 3, 1.5, 2, 1, 2.0, 1.0, Activation.TANH.slopeLipschitz());
        BoundTerms t = PaperBoundReconstruction.compute(n, in, AttackNorm.L2, 0.5, new PaperBoundReconstruction.Constants(1, 1, 0.1));
        double s5 = Math.sqrt(5), L = Math.sqrt(2), lipSlope = 4 / (3 * Math.sqrt(3));
        double ra = 5 * s5 * Math.pow(Math.pow(7 / 5.0, 2.0 / 3) + 1, 1.5);
        assertEquals(2 * L * (3 / 4.0) * ra, t.standardComplexity(), 1e-9);
        double stable = Math.pow(1, 2.0 / 3) + Math.pow(1, 2.0 / 3); // ‖A‖_F/‖A‖_σ = 1 for both layers
        double jac = 5 * s5 * Math.pow(stable, 1.5) * (1 + lipSlope * 1.5 * 5) / Math.sqrt(4);
        assertEquals(2 * L * 0.5 * jac, t.jacobianComplexity(), 1e-9);
        assertEquals(3 * 2 * Math.sqrt(Math.log(20) / 8), t.confidence(), 1e-12);
        assertEquals(L * (lipSlope * 5 * s5 * 5) * 0.25 / 2, t.remainder(), 1e-9);
        assertTrue(t.assumptionsHold());
        assertEquals(t.standardComplexity() + t.jacobianComplexity() + t.confidence() + t.remainder(), t.total(), 1e-9);
        // ℓ∞ scales the Jacobian term by √(Kd) and the remainder by d.
        BoundTerms inf = PaperBoundReconstruction.compute(n, in, AttackNorm.LINF, 0.5, new PaperBoundReconstruction.Constants(1, 1, 0.1));
        assertEquals(Math.sqrt(2) * t.jacobianComplexity(), inf.jacobianComplexity(), 1e-9);
        assertEquals(2 * t.remainder(), inf.remainder(), 1e-9);
    }

    @Test
    void reluReconstructionIsFlaggedAndHasNoRemainder() {
        var in = new PaperBoundReconstruction.Inputs(4, 3, 1.5, 2, 1, 2.0, 1.0, Activation.RELU.slopeLipschitz());
        BoundTerms t = PaperBoundReconstruction.compute(tinyNorms(Activation.RELU), in, AttackNorm.L2, 0.5, PaperBoundReconstruction.Constants.defaults());
        assertFalse(t.assumptionsHold());
        assertTrue(Double.isNaN(t.remainder()));
        assertTrue(t.flags().stream().anyMatch(f -> f.contains("not Lipschitz")));
        assertTrue(Double.isFinite(t.total()));
    }
}
