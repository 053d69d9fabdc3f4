package radlab.jacobian;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.data.Dataset;
import radlab.nn.Activation;
import radlab.nn.ForwardPass;
import radlab.nn.Gradients;
import radlab.nn.Mlp;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.train.Objective;

/**
 * Jacobian-regularized training objective (1/n)Σ_b [ℓ_CE(f(x_b), y_b) + λ·R(x_b)] with R = ‖J‖_F² or ‖J‖_{1,1}
 * ({@link JacobianRegularizer}), with exact gradients by double backprop written out for the MLP:
 *
 * <ol>
 *   <li>forward pass; then the Jacobian rows U_0 = vᵀJ by the batched backward recursion of {@link VjpTrace}
 *       (for ℓ2 only up to G_0: ‖U_0‖² = G_0(W_0ᵀW_0)G_0ᵀ row-wise, so the widest product is replaced by a Gram matrix)
 *       (K one-hot seeds per sample: exact; or R random unit seeds: the unbiased projection estimate of ‖J‖_F²,
 *       scaled by K/R, which is cheaper);</li>
 *   <li>reverse-mode through that recursion, from Ū_0 = ∂(λ·mean R)/∂U_0: Ḡ_i = Ū_i W_i,
 *       ∂/∂W_i += Ū_iᵀ G_i, Ū_{i+1} = Ḡ_i ⊙ σ′(z_{i+1}), and, because σ′ depends on the weights through z,
 *       z̄_{i+1} = (Σ_seeds Ḡ_i ⊙ U_{i+1}) ⊙ σ″(z_{i+1}) (zero for ReLU, whose activation pattern is locally constant);</li>
 *   <li>one ordinary backward pass of the cross-entropy with the z̄ injected at each layer.</li>
 * </ol>
 * Every step is a batched matmul or element-wise op over all n·(seeds) rows. Checked against finite differences in
 * {@code JacobianRegularizedObjectiveTest}.
 */
public final class JacobianRegularizedObjective implements Objective {
    private final JacobianRegularizer regularizer;
    private final double lambda;
    private final int projections;
    private final SplittableRandom rnd;
    private final long seed;

    /**
     * @param projections 0 for the exact regularizer; R ≥ 1 random projections (ℓ2 only)
     * @param seed        seed of the projection directions (unused when exact)
     */
    public JacobianRegularizedObjective(JacobianRegularizer regularizer, double lambda, int projections, long seed) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("λ must be a finite number ≥ 0, got " + lambda);
        if (projections < 0) throw new IllegalArgumentException("projections must be ≥ 0 (0 = exact), got " + projections);
        if (projections > 0 && regularizer != JacobianRegularizer.L2) {
            throw new IllegalArgumentException("random projections estimate ‖J‖_F² only; use exact gradients (projections 0) for the l1 regularizer");
        }
        this.regularizer = regularizer;
        this.lambda = lambda;
        this.projections = projections;
        this.seed = seed;
        this.rnd = new SplittableRandom(seed);
    }

    public static JacobianRegularizedObjective exact(JacobianRegularizer regularizer, double lambda) {
        return new JacobianRegularizedObjective(regularizer, lambda, 0, 0);
    }

    @Override
    public Value evaluate(Mlp model, INDArray x, int[] labels) {
        return evaluate(model, x, labels, null);
    }

    /** @param gramForm force the ℓ2 Gram form on or off (tests); null chooses by FLOP count */
    Value evaluate(Mlp model, INDArray x, int[] labels, Boolean gramForm) {
        ForwardPass fp = model.forward(x);
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluate(fp.logits(),
                Dataset.oneHot(labels, model.spec().outputDim(), model.dataType()));
        if (lambda == 0) return new Value(ce.mean(), model.backward(fp, ce.gradMean(), null, false));
        int n = fp.batchSize(), k = model.spec().outputDim(), L = fp.depth();
        int r = projections == 0 ? k : projections;
        INDArray seeds = projections == 0 ? InputJacobians.oneHotSeeds(n, k, model.dataType())
                : RandomSeeds.unitSphere(n * r, k, rnd, model.dataType());
        // For ℓ2 the Gram form costs 2·d·h² + 2·nR·h² FLOPs against 3·nR·d·h for forming the Jacobian rows (h = first
        // hidden width): it wins for the exact regularizer (nR = 10n), loses for a few projections.
        long d = model.spec().inputDim(), h = model.spec().layerSizes()[1], nr = (long) n * r;
        boolean gram = regularizer == JacobianRegularizer.L2
                && (gramForm != null ? gramForm : 3 * nr * d * h > 2 * d * h * h + 2 * nr * h * h);
        VjpTrace t = VjpTrace.run(fp, seeds, r, !gram);
        double scale = projections == 0 ? 1.0 : (double) k / r;
        double regMean;
        INDArray[] dW = new INDArray[L];
        INDArray gbar; // adjoint of G_i, the seed rows' gradient w.r.t. z_{i+1}
        if (gram) {
            // ‖vᵀJ‖² = ‖G_0 W_0ᵀ‖² row by row = g·(W_0ᵀW_0)·gᵀ: with the h×h Gram matrix the (n·R)×d Jacobian rows are
            // never formed, which halves the FLOPs of the widest layer (d = 784 against h = 256 hidden units).
            INDArray g0 = t.g[0], w0 = model.weight(0);
            INDArray gm = g0.mmul(w0.transpose().mmul(w0));
            regMean = scale * gm.mul(g0).sumNumber().doubleValue() / n;
            double c = 2.0 * scale * lambda / n;
            dW[0] = w0.mmul(g0.transpose().mmul(g0)).muli(c);
            gbar = gm.muli(c);
        } else {
            INDArray q = t.inputGradient();
            INDArray ubar;
            if (regularizer == JacobianRegularizer.L2) {
                regMean = scale * q.mul(q).sumNumber().doubleValue() / n;
                ubar = q.mul(2.0 * scale * lambda / n);
            } else {
                regMean = Transforms.abs(q, true).sumNumber().doubleValue() / n;
                ubar = Transforms.sign(q, true).muli(lambda / n);
            }
            dW[0] = ubar.transpose().mmul(t.g[0]);
            gbar = L > 1 ? ubar.mmul(model.weight(0)) : null;
        }
        INDArray[] zbar = new INDArray[L];
        boolean smooth = model.spec().activation() != Activation.RELU;
        for (int i = 0; i < L - 1; i++) {
            if (smooth) {
                INDArray sbar = VjpTrace.sumPerSample(gbar, t.u[i + 1], n, r);
                zbar[i] = sbar.muli(model.spec().activation().secondDerivative(fp.preActivation(i)));
            }
            INDArray ubar = VjpTrace.mulPerSample(gbar, fp.slope(i), n, r);
            dW[i + 1] = ubar.transpose().mmul(t.g[i + 1]);
            if (i + 1 < L - 1) gbar = ubar.mmul(model.weight(i + 1));
        }
        Gradients g = model.backward(fp, ce.gradMean(), zbar, false);
        List<INDArray> params = g.parameters();
        for (int i = 0; i < L; i++) params.get(2 * i).addi(dW[i]);
        return new Value(ce.mean() + lambda * regMean, g);
    }

    @Override
    public String describe() {
        return String.format("cross-entropy + %s·%s%s", lambda, regularizer.symbol(), projections == 0 ? "" : " (" + projections + " projections)");
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", "jacobian-regularized");
        m.put("regularizer", regularizer.toString());
        m.put("lambda", lambda);
        m.put("projections", projections);
        if (projections > 0) m.put("projectionSeed", seed);
        return m;
    }
}
