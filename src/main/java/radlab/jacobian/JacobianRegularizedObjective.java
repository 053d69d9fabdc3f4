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
        ForwardPass fp = model.forward(x);
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluate(fp.logits(),
                Dataset.oneHot(labels, model.spec().outputDim(), model.dataType()));
        if (lambda == 0) return new Value(ce.mean(), model.backward(fp, ce.gradMean(), null, false));
        int n = fp.batchSize(), k = model.spec().outputDim(), L = fp.depth();
        int r = projections == 0 ? k : projections;
        INDArray seeds = projections == 0 ? InputJacobians.oneHotSeeds(n, k, model.dataType())
                : RandomSeeds.unitSphere(n * r, k, rnd, model.dataType());
        VjpTrace t = VjpTrace.run(fp, seeds, r);
        INDArray q = t.inputGradient();
        double scale = projections == 0 ? 1.0 : (double) k / r;
        double regMean;
        INDArray ubar;
        if (regularizer == JacobianRegularizer.L2) {
            regMean = scale * q.mul(q).sumNumber().doubleValue() / n;
            ubar = q.mul(2.0 * scale * lambda / n);
        } else {
            regMean = Transforms.abs(q, true).sumNumber().doubleValue() / n;
            ubar = Transforms.sign(q, true).muli(lambda / n);
        }
        INDArray[] dW = new INDArray[L];
        INDArray[] zbar = new INDArray[L];
        boolean smooth = model.spec().activation() != Activation.RELU;
        for (int i = 0; i < L; i++) {
            dW[i] = ubar.transpose().mmul(t.g[i]);
            if (i == L - 1) break;
            INDArray gbar = ubar.mmul(model.weight(i));
            if (smooth) {
                INDArray sbar = VjpTrace.sumPerSample(gbar, t.u[i + 1], n, r);
                zbar[i] = sbar.muli(model.spec().activation().secondDerivative(fp.preActivation(i)));
            }
            ubar = VjpTrace.mulPerSample(gbar, fp.slope(i), n, r);
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
