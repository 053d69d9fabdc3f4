package radlab.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.AttackNorm;
import radlab.data.Dataset;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.norms.LayerNorms;
import radlab.norms.NetworkNorms;

/**
 * The reconstructed robust bound (docs/theory.md §6.7) on a 3-4-2 tanh network and five samples, each term against a
 * hand computation in plain doubles: the forward pass, the cross-entropy and the input Jacobian
 * J = A₂·diag(1 − tanh²(z₁))·A₁ are written out here, not taken from radlab's layers.
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class RobustReconstructionTest {
    static final int N = 5, D = 3, K = 2;
    static final double EPS_L2 = 0.5, EPS_LINF = 0.1;

    static Mlp model() {
        Mlp m = Mlp.initialize(MlpSpec.of(D, new int[] {4}, K, Activation.TANH), 13, DataType.DOUBLE);
        for (int i = 0; i < m.depth(); i++) m.bias(i).assign(0);
        return m;
    }

    static Dataset data() {
        SplittableRandom r = new SplittableRandom(17);
        double[] x = new double[N * D];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble();
        return new Dataset("tiny", Nd4j.create(x, new long[] {N, D}, DataType.DOUBLE), new int[] {0, 1, 1, 0, 1}, K);
    }

    @ParameterizedTest
    @EnumSource(AttackNorm.class)
    void everyTermMatchesAHandComputation(AttackNorm attack) {
        Mlp m = model();
        Dataset train = data();
        NetworkNorms norms = NetworkNorms.of(m, null, null);
        BoundInputs in = ModelBoundInputs.of(m, norms, train, 1.0, EPS_L2, EPS_LINF);
        double[][] w1 = m.weight(0).toDoubleMatrix(), w2 = m.weight(1).toDoubleMatrix(); // stored in × out
        double eps = attack == AttackNorm.L2 ? EPS_L2 : EPS_LINF;
        // ℓ∞: ‖Jδ‖₂ ≤ ‖J‖_F‖δ‖₂ ≤ ‖J‖_F·√d·ε, so κ = √d; ℓ2: κ = 1.
        double kappa = attack == AttackNorm.L2 ? 1 : Math.sqrt(D);
        double lip = Math.sqrt(2); // ‖softmax − e_y‖₂ ≤ √2
        double sum = 0, range = 0, xFro2 = 0;
        for (int i = 0; i < N; i++) {
            double[] x = train.features().getRow(i).toDoubleVector();
            double[] z1 = new double[4], h = new double[4], f = new double[K];
            for (int u = 0; u < 4; u++) {
                for (int j = 0; j < D; j++) z1[u] += x[j] * w1[j][u];
                h[u] = Math.tanh(z1[u]);
            }
            for (int k = 0; k < K; k++) for (int u = 0; u < 4; u++) f[k] += h[u] * w2[u][k];
            double ce = Math.log(Math.exp(f[0]) + Math.exp(f[1])) - f[train.labels()[i]];
            double jf2 = 0;
            for (int k = 0; k < K; k++) {
                for (int j = 0; j < D; j++) {
                    double jkj = 0;
                    for (int u = 0; u < 4; u++) jkj += w2[u][k] * (1 - h[u] * h[u]) * w1[j][u];
                    jf2 += jkj * jkj;
                }
            }
            double g = ce + lip * eps * kappa * Math.sqrt(jf2);
            sum += g;
            range = Math.max(range, g);
            for (double v : x) xFro2 += v * v;
        }
        BoundResult r = new PaperReconstruction(attack, PaperReconstruction.Constants.defaults()).evaluate(in);
        close(sum / N, r.term("train_surrogate"));
        close(3 * range * Math.sqrt(Math.log(2 / in.delta()) / (2.0 * N)), r.term("confidence"));
        // Maurer's vector contraction: R̂(ℓ∘F) ≤ √2·L·R̂(F), then (‖X‖_F/n)·R_A for R̂(F).
        List<LayerNorms> l = norms.layers();
        double s1 = l.get(0).spectral(), s2 = l.get(1).spectral();
        double ra = s1 * s2 * Math.pow(Math.pow(l.get(0).l21() / s1, 2.0 / 3) + Math.pow(l.get(1).l21() / s2, 2.0 / 3), 1.5);
        close(2 * Math.sqrt(2) * lip * Math.sqrt(xFro2) / N * ra, r.term("standard_complexity"));
        // tanh: Lip(σ′) = 4/(3√3), S = 1 + Lip(σ′)·B_x·s1.
        double slopeLip = 4 / (3 * Math.sqrt(3)), bx = in.data().maxInputNorm();
        double stable = Math.pow(l.get(0).frobenius() / s1, 2.0 / 3) + Math.pow(l.get(1).frobenius() / s2, 2.0 / 3);
        close(2 * lip * eps * kappa * s1 * s2 * Math.pow(stable, 1.5) * (1 + slopeLip * bx * s1) / Math.sqrt(N), r.term("jacobian_complexity"));
        close(lip * slopeLip * s1 * s2 * s1 * eps * eps * (attack == AttackNorm.L2 ? 1 : D) / 2, r.term("remainder"));
        close(r.term("train_surrogate") + r.term("standard_complexity") + r.term("jacobian_complexity") + r.term("confidence")
                + r.term("remainder"), r.value());
        assertEquals(Quantity.ROBUST_LOSS, r.quantity());
        assertTrue(r.reconstruction());
        assertEquals(List.of(Assumption.BOUNDED_LOSS), r.unmet(), "M is measured on the training sample");
    }

    static void close(double expected, double actual) {
        assertEquals(expected, actual, 1e-12 * Math.abs(expected));
    }
}
