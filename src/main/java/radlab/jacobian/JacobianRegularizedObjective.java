package radlab.jacobian;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.data.Dataset;
import radlab.nn.ForwardPass;
import radlab.nn.Gradients;
import radlab.nn.Model;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.nn.layer.Dense;
import radlab.nn.layer.Gemm;
import radlab.nn.layer.Layer;
import radlab.train.Objective;
import radlab.util.Broadcasts;

/**
 * Jacobian-regularized training objective (1/n)Σ_b [ℓ_CE(f(x_b), y_b) + λ·R(x_b)] with R = ‖J‖_F² or ‖J‖_{1,1}
 * ({@link JacobianRegularizer}), with exact gradients by double backprop written out layer by layer on the
 * {@link Model} interface (so it works unchanged on convolutional networks):
 *
 * <ol>
 *   <li>forward pass; then the Jacobian rows U_0 = vᵀJ by the batched backward recursion of {@link VjpTrace}
 *       (for ℓ2 after a dense first layer only up to g_1: ‖g_0‖² = g_1(W_0ᵀW_0)g_1ᵀ row-wise, so the widest product is
 *       replaced by a Gram matrix)
 *       (K one-hot seeds per sample: exact; or R random unit seeds: the unbiased projection estimate of ‖J‖_F²,
 *       scaled by K/R, which is cheaper);</li>
 *   <li>reverse-mode through that recursion, from ū_0 = ∂(λ·mean R)/∂g_0, input to logits: a linear layer
 *       (dense, convolution) adds ∂/∂W += (weight gradient of input ū_j, output gradient g_{j+1}) and passes
 *       ū_{j+1} = A ū_j (its bias-free forward); an activation passes ū_{j+1} = ū_j ⊙ σ′(z) and, because σ′ depends
 *       on the weights through z, injects z̄ = (Σ_seeds ū_j ⊙ g_{j+1}) ⊙ σ″(z) (zero for ReLU and max pooling,
 *       which are locally linear);</li>
 *   <li>one ordinary backward pass of the cross-entropy with the z̄ injected at each layer.</li>
 * </ol>
 * Every step is a batched matmul or element-wise op over all n·(seeds) rows. Checked against finite differences in
 * {@code JacobianRegularizedObjectiveTest}.
 */
public final class JacobianRegularizedObjective implements Objective {
    private final JacobianRegularizer regularizer;
    private final double lambda;
    private final int projections;
    private final long seed;

    /**
     * @param projections 0 for the exact regularizer; R ≥ 1 random projections (ℓ2 only)
     * @param seed        seed of the projection directions (unused when exact); the directions of a call are drawn
     *                    from {@link #projectionSeed}(seed, step) of the step number passed in, so there is no hidden
     *                    state: a call's value depends on its arguments only, not on earlier calls
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
    }

    public static JacobianRegularizedObjective exact(JacobianRegularizer regularizer, double lambda) {
        return new JacobianRegularizedObjective(regularizer, lambda, 0, 0);
    }

    /** The objective at step 0 (the projection directions of {@code evaluate(model, x, labels, 0)}). */
    @Override
    public Value evaluate(Model model, INDArray x, int[] labels) {
        return evaluate(model, x, labels, 0L);
    }

    /** The objective with the projection directions of training step {@code step} (the trainer's batch counter). */
    @Override
    public Value evaluate(Model model, INDArray x, int[] labels, long step) {
        return evaluate(model, x, labels, null, null, null, step);
    }

    /** @param gramForm force the ℓ2 Gram form on or off (tests); null chooses by FLOP count */
    Value evaluate(Model model, INDArray x, int[] labels, Boolean gramForm) {
        return evaluate(model, x, labels, gramForm, null, null, 0L);
    }

    /**
     * The seed of the projection directions at {@code step}: both mixed with SplittableRandom's 64-bit finaliser
     * (Stafford variant 13), so nearby steps and nearby seeds give unrelated, non-overlapping streams (seed + step
     * alone would make step s's stream the stream of step 0 shifted by s draws).
     */
    static long projectionSeed(long seed, long step) {
        return mix64(seed ^ mix64(step + 0x9E3779B97F4A7C15L));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * The per-sample weighted objective Σ_b a_b·ℓ(f(x_b),y_b) + λ·Σ_b c_b·R(x_b) and its exact parameter gradients
     * (the mean objective is a_b = c_b = 1/n); weights may be negative. Rademacher sign fitting over loss classes uses
     * it with a = σ/n (docs/theory.md §4.5).
     */
    public Value evaluateWeighted(Model model, INDArray x, int[] labels, double[] lossWeights, double[] regWeights) {
        if (lossWeights.length != x.rows() || regWeights.length != x.rows()) {
            throw new IllegalArgumentException("need one loss and one regularizer weight per sample (" + x.rows() + "), got "
                    + lossWeights.length + " and " + regWeights.length);
        }
        return evaluate(model, x, labels, null, lossWeights, regWeights, 0L);
    }

    private Value evaluate(Model model, INDArray x, int[] labels, Boolean gramForm, double[] lossWeights, double[] regWeights, long step) {
        ForwardPass fp = model.forward(x);
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluate(fp.logits(),
                Dataset.oneHot(labels, model.outputDim(), model.dataType()));
        double ceValue = ce.mean();
        INDArray ceGrad = ce.gradMean();
        if (lossWeights != null) { // a_b·n rescales row b of the mean's gradient (softmax − onehot)/n
            INDArray a = org.nd4j.linalg.factory.Nd4j.create(lossWeights, new long[] {lossWeights.length, 1}, DataType.DOUBLE);
            ceValue = ce.perExample().castTo(DataType.DOUBLE).reshape(lossWeights.length, 1).mul(a).sumNumber().doubleValue();
            ceGrad = Broadcasts.muliColumn(ceGrad.dup(), a.mul(lossWeights.length).castTo(ceGrad.dataType()));
        }
        if (lambda == 0) return new Value(ceValue, model.backward(fp, ceGrad, null, false));
        List<Layer> layers = model.layers();
        int n = fp.batchSize(), k = model.outputDim(), nl = layers.size();
        int r = projections == 0 ? k : projections;
        INDArray seeds = projections == 0 ? InputJacobians.oneHotSeeds(n, k, model.dataType())
                : RandomSeeds.unitSphere(n * r, k, new SplittableRandom(projectionSeed(seed, step)), model.dataType());
        // For ℓ2 after a dense first layer the Gram form costs 2·d·h² + 2·nR·h² FLOPs against 3·nR·d·h for forming
        // the Jacobian rows (h = first hidden width): it wins for the exact regularizer (nR = 10n), loses for a few
        // projections.
        long nr = (long) n * r;
        boolean gram = false;
        if (regularizer == JacobianRegularizer.L2 && layers.get(0) instanceof Dense first) {
            long d = first.inputSize(), h = first.outputSize();
            gram = gramForm != null ? gramForm : 3 * nr * d * h > 2 * d * h * h + 2 * nr * h * h;
        }
        VjpTrace t = VjpTrace.run(fp, seeds, r, gram ? 1 : 0);
        INDArray rs = regWeights == null ? null : rowScale(regWeights, r, model.dataType()); // n·c_b per seed row
        double scale = projections == 0 ? 1.0 : (double) k / r;
        double regMean;
        List<List<INDArray>> dParams = new ArrayList<>(Collections.nCopies(nl, List.of()));
        INDArray ubar; // adjoint of g[start], the seed rows' gradient w.r.t. the input of layer start
        int start;
        if (gram) {
            // ‖vᵀJ‖² = ‖g_1 W_0ᵀ‖² row by row = g_1·(W_0ᵀW_0)·g_1ᵀ: with the h×h Gram matrix the (n·R)×d Jacobian rows
            // are never formed, which halves the FLOPs of the widest layer (d = 784 against h = 256 hidden units).
            INDArray g1 = t.g[1], w0 = ((Dense) layers.get(0)).weight();
            INDArray gm = Gemm.product(g1, false, Gemm.product(w0, true, w0, false), false);
            if (rs != null) Broadcasts.muliColumn(gm, rs);
            regMean = scale * gm.mul(g1).sumNumber().doubleValue() / n;
            double c = 2.0 * scale * lambda / n;
            INDArray g1w = rs == null ? g1 : Broadcasts.muliColumn(g1.dup(), rs);
            // in the order of the backward pass's weight gradient it is added to below (Dense.parameterGradients:
            // Gemm.product): a mixed-order addi took ~10 % of a train-l2-exact epoch (JFR)
            dParams.set(0, List.of(Gemm.product(w0, false, Gemm.product(g1, true, g1w, false), false).muli(c), ((Dense) layers.get(0)).bias().ulike().assign(0)));
            ubar = gm.muli(c);
            start = 1;
        } else {
            INDArray q = t.inputGradient();
            if (regularizer == JacobianRegularizer.L2) {
                INDArray qw = rs == null ? q : Broadcasts.muliColumn(q.dup(), rs);
                regMean = scale * qw.mul(q).sumNumber().doubleValue() / n;
                ubar = qw.mul(2.0 * scale * lambda / n);
            } else {
                INDArray abs = Transforms.abs(q, true);
                regMean = (rs == null ? abs : Broadcasts.muliColumn(abs.dup(), rs)).sumNumber().doubleValue() / n;
                ubar = Transforms.sign(q, true).muli(lambda / n);
                if (rs != null) Broadcasts.muliColumn(ubar, rs);
            }
            start = 0;
        }
        // Reverse mode through the VJP recursion, input to logits: each layer adds the weight gradient of its seed
        // rows and, through σ′, a gradient w.r.t. its input, which the ordinary backward pass below carries on.
        INDArray[] extra = new INDArray[nl + 1];
        for (int j = start; j < nl; j++) {
            Layer l = layers.get(j);
            dParams.set(j, l.vjpParameterGradients(ubar, t.g[j + 1]));
            extra[j] = l.vjpSecondOrder(ubar, t.g[j + 1], fp.value(j), r);
            if (j < nl - 1) ubar = l.vjpAdjoint(ubar, fp.local(j), r);
        }
        Gradients g = model.backward(fp, ceGrad, extra, false);
        List<INDArray> params = g.parameters();
        int offset = 0;
        for (List<INDArray> d : dParams) {
            for (INDArray a : d) params.get(offset++).addi(a);
        }
        return new Value(ceValue + lambda * regMean, g);
    }

    /** (n·R) × 1: n·c_b repeated for sample b's R seed rows (sample-major, as the seeds). */
    private static INDArray rowScale(double[] c, int r, DataType type) {
        double[] rows = new double[c.length * r];
        for (int b = 0; b < c.length; b++) java.util.Arrays.fill(rows, b * r, (b + 1) * r, c.length * c[b]);
        return org.nd4j.linalg.factory.Nd4j.create(rows, new long[] {rows.length, 1}, DataType.DOUBLE).castTo(type);
    }

    /**
     * 1 + R (docs/theory.md §2.5), R = K one-hot seeds (exact) or the number of projections: the forward and the
     * ordinary backward (1), the seeds' backward recursion (R backward sweeps, R/2) and its reverse (R forward-like
     * sweeps, R/2). The ℓ2 Gram form saves FLOPs in the first layer but not sweeps, and counts the same.
     */
    @Override
    public double passesPerExample(Model model) {
        if (lambda == 0) return 1;
        return 1 + (projections == 0 ? model.outputDim() : projections);
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
