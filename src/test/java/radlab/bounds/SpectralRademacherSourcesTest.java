package radlab.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import radlab.nn.layer.Activation;
import radlab.norms.LayerNorms;
import radlab.norms.NetworkNorms;

/**
 * The two explicit-constant spectral Rademacher bounds of docs/theory.md §6.3 against independent transcriptions of
 * the public code of Graf et al. 2022 (rkwitt/excess_capacity, bounds/rademacher_bounds.py), written here per layer
 * from the Python, not through the production helper. A 784-128-128-10 network makes W (the largest layer's number of
 * weights, 100,352) differ from the largest width (784), which the log factor used to take.
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class SpectralRademacherSourcesTest {
    static final int[] IN = {784, 128, 128}, OUT = {128, 128, 10};
    static final double[] SPECTRAL = {3.1, 2.4, 1.7}, L21 = {41.0, 17.5, 6.2};
    static final int N = 1000;
    static final double X_FROBENIUS = 300, GAMMA = 0.8, DELTA = 0.05;

    static BoundInputs inputs() {
        List<LayerNorms> layers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            layers.add(new LayerNorms(OUT[i], IN[i], SPECTRAL[i], 10, true, 2 * SPECTRAL[i], L21[i], 1.0, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        }
        return new BoundInputs(List.of(BoundInputs.LayerKind.DENSE, BoundInputs.LayerKind.DENSE, BoundInputs.LayerKind.DENSE),
                new NetworkNorms(layers, 1.0, Double.NaN, Double.NaN), ModelBoundInputs.activation(Activation.RELU), false,
                new BoundInputs.Data(N, X_FROBENIUS, 1.0, 784, 10), new BoundInputs.Margin(GAMMA, false, 0.02),
                new BoundInputs.LossRange(1.0, false), new BoundInputs.TrainSamples(new double[N], new double[N]), 1.0, 0.1, DELTA);
    }

    /** Python's C_i = 4/self.margin * self.data.norm()/self.n.sqrt() * self.lip.prod() * self.dist21/self.lip (ρ = 1, M_i = 0). */
    static double[] c() {
        double lipProd = SPECTRAL[0] * SPECTRAL[1] * SPECTRAL[2];
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) c[i] = 4 / GAMMA * X_FROBENIUS / Math.sqrt(N) * lipProd * L21[i] / SPECTRAL[i];
        return c;
    }

    /** norms_term = (C_i**(2/3)).sum()**(3/2) */
    static double normsTerm() {
        double s = 0;
        for (double ci : c()) s += Math.pow(ci, 2.0 / 3);
        return Math.pow(s, 1.5);
    }

    /**
     * Bounds.ours_norms, "First bound from Theorem 3.5":
     * W = self.params.max(); params_term = (2*W).log().sqrt();
     * bound = 4/self.n + 12*self.n.log()/self.n.sqrt() * params_term * norms_term
     * with self.params = [weight.numel() for weight in self.weights].
     */
    static double oursNorms() {
        double w = 0;
        for (int i = 0; i < 3; i++) w = Math.max(w, (double) IN[i] * OUT[i]);
        return 4.0 / N + 12 * Math.log(N) / Math.sqrt(N) * Math.sqrt(Math.log(2 * w)) * normsTerm();
    }

    /**
     * Bounds.bartlett, "Lemma A.8 in Bartlett et al., NeurIPS 2017", for dense layers (spatial size d_i = 1, kernel size 1,
     * so C_i * d_i[1:]**2/self.kernel_sizes = C_i): barW = self.params * (d_i[:-1]*d_i[1:]/self.kernel_sizes)**2 = params;
     * barW = barW.max(); params_term = (2*barW).log().sqrt();
     * bound = 4/self.n + 9*self.n.log()/self.n.sqrt() * params_term * norms_term
     */
    static double bartlett() {
        double barW = 0;
        for (int i = 0; i < 3; i++) barW = Math.max(barW, (double) IN[i] * OUT[i] * 1 * 1);
        return 4.0 / N + 9 * Math.log(N) / Math.sqrt(N) * Math.sqrt(Math.log(2 * barW)) * normsTerm();
    }

    @Test
    void grafTheorem35MatchesTheirOursNorms() {
        double expected = oursNorms();
        assertEquals(expected, new GrafSpectralRademacher().evaluate(inputs()).value(), 1e-12 * expected);
    }

    @Test
    void bftLemmaA8MatchesTheirBartlett() {
        double expected = bartlett();
        assertEquals(expected, new BftRademacher().evaluate(inputs()).value(), 1e-12 * expected);
    }

    /** BFT's margin bound (Lemma 3.1 with Lemma A.8): R̂_γ + 2·R̂_S(F_γ) + 3√(ln(2/δ)/(2n)). */
    @Test
    void bftMarginBoundUsesLemmaA8() {
        double expected = 0.02 + 2 * bartlett() + 3 * Math.sqrt(Math.log(2 / DELTA) / (2.0 * N));
        assertEquals(expected, new BftMarginBound().evaluate(inputs()).value(), 1e-12 * expected);
    }

    @Test
    void eachVariantNamesItsOwnSource() {
        assertTrue(new GrafSpectralRademacher().citation().contains("Theorem 3.5"));
        assertTrue(new BftRademacher().citation().contains("Lemma A.8"));
        assertTrue(new BftRademacher().citation().startsWith("Bartlett, Foster & Telgarsky"));
    }
}
