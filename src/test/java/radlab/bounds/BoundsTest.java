package radlab.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.norms.NetworkNorms;

/** Each registered bound against values worked out by hand on a 2-2-1 network. */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class BoundsTest {
    /** The hand-worked net of NormsTest: s = (5, √5), ‖A‖_F = (5, √5), b = (7, √5). */
    static NetworkNorms tinyNorms(Activation act) {
        Mlp m = new Mlp(new MlpSpec(new int[] {2, 2, 1}, act), List.of(Nd4j.create(new double[][] {{3, 4}, {0, 0}}),
                Nd4j.create(new double[][] {{1}, {-2}})), List.of(Nd4j.zeros(DataType.DOUBLE, 1, 2), Nd4j.zeros(DataType.DOUBLE, 1, 1)));
        return NetworkNorms.of(m, null, null);
    }

    /** Per-sample cross-entropy and ‖J(x_i)‖_F of the four training samples. */
    static final BoundInputs.TrainSamples SAMPLES = new BoundInputs.TrainSamples(new double[] {0.5, 1.0, 0.2, 1.5}, new double[] {1, 2, 0.5, 0.1});

    /** n = 4, ‖X‖_F = 3, B_x = 1.5, d = 2, K = 1, γ = 2 with R̂_γ = 0.25, M = 2, ε = 0.5 (ℓ2 and ℓ∞), δ = 0.1. */
    static BoundInputs tiny(Activation act, boolean biases, boolean marginOnData, boolean lossMeasured) {
        return new BoundInputs(List.of(BoundInputs.LayerKind.DENSE, BoundInputs.LayerKind.DENSE), tinyNorms(act),
                ModelBoundInputs.activation(act), biases, new BoundInputs.Data(4, 3, 1.5, 2, 1),
                new BoundInputs.Margin(2, marginOnData, 0.25), new BoundInputs.LossRange(2.0, lossMeasured), SAMPLES, 0.5, 0.5, 0.1);
    }

    static final double S5 = Math.sqrt(5);
    static final double RA = 5 * S5 * Math.pow(Math.pow(7 / 5.0, 2.0 / 3) + 1, 1.5); // BFT spectral complexity

    @Test
    void classicFormulasAgreeWithHandComputedValues() {
        BoundInputs in = tiny(Activation.RELU, false, false, false);
        assertEquals(RA, GrafSpectralRademacher.spectralComplexity(in), 1e-8);
        // W̄ = max(2·2, 1·2) = 4 weights: 4/n + (c ln n/√n)·√ln(2W̄)·(4/γ)(‖X‖_F/√n)·R_A, c = 12 (Graf) or 9 (BFT).
        double graf = 4.0 / 4 + (12 * Math.log(4) / 2) * Math.sqrt(Math.log(8)) * (4 / 2.0) * (3 / 2.0) * RA;
        assertEquals(graf, new GrafSpectralRademacher().evaluate(in).value(), 1e-12 * graf);
        double bft = 4.0 / 4 + (9 * Math.log(4) / 2) * Math.sqrt(Math.log(8)) * (4 / 2.0) * (3 / 2.0) * RA;
        assertEquals(bft, new BftRademacher().evaluate(in).value(), 1e-12 * bft);
        double conf01 = 3 * Math.sqrt(Math.log(2 / 0.1) / 8);
        assertEquals(0.25 + 2 * bft + conf01, new BftMarginBound().evaluate(in).value(), 1e-12 * bft);
        assertEquals(2 * 5 * S5 * 3 / (Math.sqrt(2) * 4), new NtsRademacher().evaluate(in).value(), 1e-10);
        assertEquals((Math.sqrt(2 * Math.log(2) * 2) + 1) * 5 * S5 * 3 / 4, new GrsRademacher().evaluate(in).value(), 1e-10);
        assertEquals(3 * 2 * Math.sqrt(Math.log(2 / 0.1) / 200), ConfidenceTerm.of(100, 0.1, 2), 1e-12);
    }

    /**
     * The Frobenius-product terms are the sources' real-valued statements; Graf et al.'s code (rkwitt/excess_capacity,
     * bounds/rademacher_bounds.py, neyshabur_fro and golowich_fro) reports them for a K-class network multiplied by
     * K. Transcribed here for dense layers (inp_dims = strides = 1), on a 3-class 4-5-3 net: radlab's value × K must
     * equal the code's. Fails if radlab's constant, depth exponent or √2 changes, or if K entered radlab's value.
     */
    @Test
    void frobeniusProductTermsTimesClassesEqualGrafEtAlsCode() {
        Mlp m = new Mlp(new MlpSpec(new int[] {4, 5, 3}, Activation.RELU), List.of(
                Nd4j.rand(DataType.DOUBLE, 4, 5).subi(0.5), Nd4j.rand(DataType.DOUBLE, 5, 3).subi(0.5)),
                List.of(Nd4j.zeros(DataType.DOUBLE, 1, 5), Nd4j.zeros(DataType.DOUBLE, 1, 3)));
        NetworkNorms norms = NetworkNorms.of(m, null, null);
        int n = 4, classes = 3, depth = 2; // n = the four SAMPLES
        double xNorm = 2.5;
        BoundInputs in = new BoundInputs(List.of(BoundInputs.LayerKind.DENSE, BoundInputs.LayerKind.DENSE), norms,
                ModelBoundInputs.activation(Activation.RELU), false, new BoundInputs.Data(n, xNorm, 1.5, 4, classes),
                new BoundInputs.Margin(2, false, 0.25), new BoundInputs.LossRange(2.0, false), SAMPLES, 0.5, 0.5, 0.1);
        double fro = 1;
        for (int j = 0; j < depth; j++) fro *= m.weight(j).norm2Number().doubleValue();
        // neyshabur_fro: 2**(L-1) * classes * ||X|| / sqrt(2n) * prod(norm22) / sqrt(n)
        double neyshabur = Math.pow(2, depth - 1) * classes * xNorm / Math.sqrt(2.0 * n) * fro / Math.sqrt(n);
        // golowich_fro: classes * ||X|| / sqrt(n) * prod(norm22) * (1 + sqrt(2 ln 2 L)) / sqrt(n)
        double golowich = classes * xNorm / Math.sqrt(n) * fro * (1 + Math.sqrt(2 * Math.log(2) * depth)) / Math.sqrt(n);
        assertEquals(neyshabur, classes * new NtsRademacher().evaluate(in).value(), 1e-12 * neyshabur);
        assertEquals(golowich, classes * new GrsRademacher().evaluate(in).value(), 1e-12 * golowich);
    }

    @Test
    void reconstructionTermsAgreeWithHandComputedValuesForTanh() {
        BoundInputs in = tiny(Activation.TANH, false, false, false);
        BoundResult t = PaperReconstruction.L2.evaluate(in);
        double L = Math.sqrt(2), lipSlope = 4 / (3 * Math.sqrt(3));
        assertEquals(2 * Math.sqrt(2) * L * (3 / 4.0) * RA, t.term("standard_complexity"), 1e-9); // Maurer's √2
        // g_i = ℓ_i + L·0.5·‖J_i‖_F = (0.5 + 0.5L, 1 + L, 0.2 + 0.25L, 1.5 + 0.05L): mean and range M = 1 + L.
        assertEquals((3.2 + 0.5 * L * 3.6) / 4, t.term("train_surrogate"), 1e-12);
        double stable = Math.pow(1, 2.0 / 3) + Math.pow(1, 2.0 / 3); // ‖A‖_F/‖A‖_σ = 1 for both layers
        double jac = 5 * S5 * Math.pow(stable, 1.5) * (1 + lipSlope * 1.5 * 5) / Math.sqrt(4);
        assertEquals(2 * L * 0.5 * jac, t.term("jacobian_complexity"), 1e-9);
        assertEquals(3 * (1 + L) * Math.sqrt(Math.log(20) / 8), t.term("confidence"), 1e-12);
        assertEquals(L * (lipSlope * 5 * S5 * 5) * 0.25 / 2, t.term("remainder"), 1e-9);
        assertTrue(t.assumptionsMet(), t.label());
        assertTrue(t.reconstruction());
        assertEquals(t.term("train_surrogate") + t.term("standard_complexity") + t.term("jacobian_complexity") + t.term("confidence")
                + t.term("remainder"), t.value(), 1e-9);
        // ℓ∞ scales the Jacobian term by κ = √d and the remainder by d.
        BoundResult inf = PaperReconstruction.LINF.evaluate(in);
        assertEquals(Math.sqrt(2) * t.term("jacobian_complexity"), inf.term("jacobian_complexity"), 1e-9);
        assertEquals(2 * t.term("remainder"), inf.term("remainder"), 1e-9);
    }

    @Test
    void reluReconstructionIsFlaggedAndHasNoRemainder() {
        BoundResult t = PaperReconstruction.L2.evaluate(tiny(Activation.RELU, false, false, false));
        assertFalse(t.assumptionsMet());
        assertEquals(List.of(Assumption.SMOOTH_ACTIVATION), t.unmet());
        assertTrue(Double.isNaN(t.term("remainder")));
        assertEquals(4, t.terms().size());
        assertTrue(Double.isFinite(t.value()));
    }

    @Test
    void assumptionsAreCheckedAgainstTheModelAndNamedInTheLabel() {
        BoundInputs clean = tiny(Activation.RELU, false, false, false);
        for (Bound b : List.of(new BftMarginBound(), new BftRademacher(), new GrafSpectralRademacher(), new NtsRademacher(), new GrsRademacher())) {
            assertTrue(b.evaluate(clean).assumptionsMet(), b.id() + ": " + b.evaluate(clean).label());
            assertEquals(b.name(), b.evaluate(clean).label());
        }
        BoundResult bft = new BftMarginBound().evaluate(tiny(Activation.RELU, true, true, true));
        assertEquals(List.of(Assumption.NO_BIASES, Assumption.MARGIN_FIXED_IN_ADVANCE), bft.unmet());
        assertEquals("BFT spectral margin bound (assumptions not met: biases, margin chosen on data)", bft.label());
        // Values do not depend on whether the assumptions hold.
        assertEquals(new BftMarginBound().evaluate(clean).value(), bft.value(), 0.0);
        // tanh is not positively homogeneous (NTS, GRS need ReLU-like units); softplus has σ(0) ≠ 0 (BFT needs σ(0) = 0).
        assertEquals(List.of(Assumption.HOMOGENEOUS_ACTIVATION), new GrsRademacher().evaluate(tiny(Activation.TANH, false, false, false)).unmet());
        assertEquals(List.of(Assumption.LIPSCHITZ_ACTIVATION), new GrafSpectralRademacher().evaluate(tiny(Activation.SOFTPLUS, false, false, false)).unmet());
        assertEquals(List.of(Assumption.BOUNDED_LOSS), PaperReconstruction.L2.evaluate(tiny(Activation.TANH, false, false, true)).unmet());
        BoundInputs conv = new BoundInputs(List.of(BoundInputs.LayerKind.CONVOLUTION, BoundInputs.LayerKind.DENSE), clean.norms(), clean.activation(),
                false, clean.data(), clean.margin(), clean.loss(), clean.samples(), 0.5, 0.5, 0.1);
        assertEquals(List.of(Assumption.DENSE_LAYERS), new NtsRademacher().evaluate(conv).unmet());
    }

    @Test
    void registryHasUniqueIdsAndEveryBoundPointsAtTheTheoryDocument() {
        assertEquals(BoundRegistry.ALL.size(), BoundRegistry.ALL.stream().map(Bound::id).distinct().count());
        for (Bound b : BoundRegistry.ALL) {
            assertTrue(b.theorySection().matches("§\\d+(\\.\\d+)*"), b.id());
            assertTrue(!b.citation().isBlank() && !b.assumptions().isEmpty(), b.id());
            assertEquals(b, BoundRegistry.byId(b.id()));
        }
        assertEquals(7, BoundRegistry.evaluateAll(tiny(Activation.TANH, false, false, false)).size());
    }
}
