package radlab.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.AttackNorm;
import radlab.data.Dataset;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.norms.NetworkNorms;
import radlab.testing.Tolerance;

/**
 * Every registered bound on a seeded model and data. The margin, NTS and GRS values were printed by the pre-registry
 * code ({@code ClassicBounds}, {@code PaperBoundReconstruction} and {@code Reproduction}'s margin choice, commit 85171a0)
 * and are compared with a relative tolerance of 1e-12 (float64 chains through BLAS). The spectral terms (docs/theory.md
 * §6.3, §6.4) and the reconstruction (§6.7) moved when they were brought to their sources and to the quantity they
 * bound; they are checked here against transcriptions of their formulas on the model's own norms and per-sample values
 * (which {@link SpectralRademacherSourcesTest} and {@link RobustReconstructionTest} check by hand on small cases).
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class BoundValuesUnchangedTest {
    static Mlp model(Activation act) {
        Mlp m = Mlp.initialize(MlpSpec.of(12, new int[] {9, 7}, 4, act), 3, DataType.DOUBLE);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < m.depth(); i++) {
            INDArray b = m.bias(i);
            for (int j = 0; j < b.columns(); j++) b.putScalar(0, j, r.nextDouble() - 0.5);
        }
        return m;
    }

    /** 30 uniform inputs labelled by the model itself except for two samples, so the 10th-percentile margin is positive. */
    static Dataset data(Mlp net) {
        SplittableRandom r = new SplittableRandom(7);
        double[] x = new double[30 * 12];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble();
        INDArray features = Nd4j.create(x, new long[] {30, 12}, DataType.DOUBLE);
        int[] pred = net.predict(features), y = new int[30];
        for (int i = 0; i < y.length; i++) y[i] = i % 20 == 0 ? (pred[i] + 1) % 4 : pred[i];
        return new Dataset("golden", features, y, 4);
    }

    @ParameterizedTest
    @CsvSource({
            "relu, 0.070840569142062990, 0.1, 40.792612367446830, 43.834388317940950",
            "tanh, 0.039711333507362626, 0.1, 14.422366413667934, 15.497796614390210"})
    void everyBoundReproducesItsRecordedOrTranscribedValue(String activation, double gamma, double marginLoss, double nts, double grs) {
        Mlp net = model(Activation.parse(activation));
        Dataset train = data(net);
        NetworkNorms norms = NetworkNorms.of(net, Mlp.initialize(net.spec(), 11, DataType.DOUBLE), train.features());
        BoundInputs in = ModelBoundInputs.of(net, norms, train, null, 1.0, 0.1);
        same(gamma, in.margin().gamma());
        same(marginLoss, in.margin().trainMarginLoss()); // 3 of 30 samples
        assertTrue(in.margin().chosenOnData() && in.biases() && in.loss().measured());
        double bartlett = spectral(norms, in, 9), oursNorms = spectral(norms, in, 12);
        same(marginLoss + 2 * bartlett + 3 * Math.sqrt(Math.log(2 / in.delta()) / (2.0 * in.data().n())), BoundRegistry.byId("bft-margin").evaluate(in).value());
        same(bartlett, BoundRegistry.byId("bft-rademacher").evaluate(in).value());
        same(oursNorms, BoundRegistry.byId("graf-bft-rademacher").evaluate(in).value());
        same(nts, BoundRegistry.byId("nts-rademacher").evaluate(in).value());
        same(grs, BoundRegistry.byId("grs-rademacher").evaluate(in).value());
        for (AttackNorm attack : AttackNorm.values()) {
            BoundResult r = BoundRegistry.byId(attack == AttackNorm.L2 ? "paper-l2" : "paper-linf").evaluate(in);
            double[] expected = reconstruction(norms, in, attack);
            String[] ids = {"train_surrogate", "standard_complexity", "jacobian_complexity", "confidence", "remainder"};
            double total = 0;
            for (int i = 0; i < ids.length; i++) {
                same(expected[i], r.term(ids[i]));
                if (!Double.isNaN(expected[i])) total += expected[i];
            }
            same(total, r.value());
        }
    }

    /**
     * docs/theory.md §6.7 term by term from the per-sample values and the layer norms: g_i = ℓ_i + √2·ε·κ·‖J_i‖_F with
     * κ = 1 (ℓ2) or √d (ℓ∞); train surrogate mean g; 2·√2·√2·(‖X‖_F/n)·R_A; 2√2·ε·κ·∏s·(Σ(‖A‖_F/s)^{2/3})^{3/2}·S/√n;
     * 3·max g·√(ln(2/δ)/(2n)); √2·β·ε²·d_ε/2 for a smooth σ (NaN for ReLU).
     */
    static double[] reconstruction(NetworkNorms norms, BoundInputs in, AttackNorm attack) {
        int n = in.data().n(), d = in.data().inputDim(), depth = norms.layers().size();
        double eps = attack == AttackNorm.L2 ? in.epsilonL2() : in.epsilonLinf(), kappa = attack == AttackNorm.L2 ? 1 : Math.sqrt(d);
        double[] loss = in.samples().losses(), jac = in.samples().jacobianFrobenius();
        double mean = 0, max = 0;
        for (int i = 0; i < n; i++) {
            double g = loss[i] + Math.sqrt(2) * eps * kappa * jac[i];
            mean += g / n;
            max = Math.max(max, g);
        }
        double rho = norms.activationSlope(), prod = Math.pow(rho, depth - 1), bft = 0, stable = 0, cumulative = 0, running = 1;
        for (int i = 0; i < depth; i++) {
            var l = norms.layers().get(i);
            prod *= l.spectral();
            bft += Math.pow(l.l21() / l.spectral(), 2.0 / 3);
            stable += Math.pow(l.frobenius() / l.spectral(), 2.0 / 3);
            if (i < depth - 1) cumulative += running *= l.spectral();
        }
        double slopeLip = in.activation().slopeLipschitz();
        boolean smooth = Double.isFinite(slopeLip);
        double s = smooth ? 1 + slopeLip * in.data().maxInputNorm() * cumulative : 1;
        return new double[] {mean, 2 * Math.sqrt(2) * Math.sqrt(2) * in.data().xFrobenius() / n * prod * Math.pow(bft, 1.5),
                2 * Math.sqrt(2) * eps * kappa * prod * Math.pow(stable, 1.5) * s / Math.sqrt(n),
                3 * max * Math.sqrt(Math.log(2 / in.delta()) / (2.0 * n)),
                smooth ? Math.sqrt(2) * slopeLip * prod * cumulative * eps * eps * (attack == AttackNorm.L2 ? 1 : d) / 2 : Double.NaN};
    }

    static void same(double expected, double actual) {
        if (Double.isNaN(expected)) assertTrue(Double.isNaN(actual), "expected an undefined term, got " + actual);
        else Tolerance.assertClose(expected, actual, "bound value (docs/testing.md: recorded elsewhere, 1e-12 relative)");
    }

    /**
     * Graf et al.'s code (bounds/rademacher_bounds.py) for dense layers with reference matrices 0 and ρ = 1 or the
     * activation's slope on the hidden layers: C_i = 4/margin·‖X‖/√n·∏lip·b_i/lip_i, W = max params,
     * 4/n + c·ln n/√n·√ln(2W)·(Σ C_i^{2/3})^{3/2}, with c = 12 (ours_norms) or 9 (bartlett).
     */
    static double spectral(NetworkNorms norms, BoundInputs in, double c) {
        int n = in.data().n(), depth = norms.layers().size();
        double lipProd = Math.pow(norms.activationSlope(), depth - 1), w = 0, sum = 0;
        for (var l : norms.layers()) {
            lipProd *= l.spectral();
            w = Math.max(w, (double) l.rows() * l.columns());
        }
        for (var l : norms.layers()) sum += Math.pow(4 / in.margin().gamma() * in.data().xFrobenius() / Math.sqrt(n) * lipProd * l.l21() / l.spectral(), 2.0 / 3);
        return 4.0 / n + c * Math.log(n) / Math.sqrt(n) * Math.sqrt(Math.log(2 * w)) * Math.pow(sum, 1.5);
    }
}
