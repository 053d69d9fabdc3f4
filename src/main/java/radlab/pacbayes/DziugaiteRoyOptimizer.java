package radlab.pacbayes;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.data.Dataset;
import radlab.nn.ForwardPass;
import radlab.nn.Model;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.train.Optimizer;
import radlab.train.OptimizerConfig;

/**
 * Dziugaite & Roy (UAI 2017): minimise a differentiable surrogate of the PAC-Bayes bound over the posterior means μ, the
 * per-parameter log standard deviations ln s and the prior log variance ln λ (docs/theory.md §9.5):
 *
 * <pre>  B(μ, s, λ) = E_ε[ CE(f_{μ + s⊙ε}(x), y) / ln 2 ] + Φ(KL(N(μ, s²)‖N(w₀, λI)) + ln(2√n·G/δ))</pre>
 *
 * with Φ(u) = u/n for {@link PacBayesConfig.Surrogate#LINEAR} (radlab's default) and Φ(u) = √(u/(2n)) for
 * {@link PacBayesConfig.Surrogate#MCALLESTER} (Dziugaite &amp; Roy's). CE/ln 2 ≥ the 0–1 loss (a wrong argmax has p_y ≤ ½),
 * so it is an upper surrogate. One draw ε and one minibatch per step (reparametrisation trick): ∂/∂μ = g + κ(μ − w₀)/λ,
 * ∂/∂ln s = g⊙ε⊙s + κ(s²/λ − 1), ∂/∂ln λ = κ(N − (Σs² + ‖μ − w₀‖²)/λ)/2 with g the model's own parameter gradient at
 * μ + s⊙ε and κ = Φ′. SGD with momentum for μ, Adam for ln s and ln λ.
 */
final class DziugaiteRoyOptimizer {
    /** The optimised posterior, the prior σ it ended at (before snapping to the grid) and the surrogate's trace. */
    record Outcome(DiagonalGaussian posterior, double priorSigma, double firstObjective, double lastObjective) {}

    private DziugaiteRoyOptimizer() {}

    static Outcome optimize(Model model, DiagonalGaussian start, double startPriorSigma, INDArray w0, Dataset train, PacBayesConfig cfg) {
        Model work = model.copy();
        INDArray mu = start.mean();
        INDArray logS = Transforms.log(start.std(), false);
        INDArray logLambda = Nd4j.scalar(DataType.DOUBLE, 2 * Math.log(startPriorSigma)).reshape(1);
        // SGD with momentum, not Adam, for the means: Adam rescales each coordinate's noisy data gradient to a full step, and
        // on the quick MLP that random walk moved μ away from w₀ (‖μ − w₀‖ 8.4 → 9.7, KL 4.6k → 6.4k in 3,000 steps, measured)
        Optimizer meanOpt = Optimizer.create(OptimizerConfig.sgd(cfg.learningRate(), 0.9));
        Optimizer varOpt = Optimizer.create(OptimizerConfig.adam(cfg.varianceLearningRate()));
        int n = train.size();
        long dim = mu.length();
        double confidence = Math.log(2 * Math.sqrt(n) * cfg.grid().size() / cfg.delta());
        SplittableRandom batches = new SplittableRandom(cfg.seed() * 31 + 7);
        double first = Double.NaN, last = Double.NaN, ema = Double.NaN;
        INDArray eps = Nd4j.create(DataType.DOUBLE, dim);
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(cfg.seed() * 1_000_033L + 5)) {
            for (int step = 0; step < cfg.steps(); step++) {
                Nd4j.randn(eps, rng);
                int[] rows = batches.ints(Math.min(cfg.batchSize(), n), 0, n).toArray();
                Step st = step(work, mu, logS, logLambda.getDouble(0), w0, eps, train.rows(rows, "batch"), n, confidence, cfg.surrogate());
                ema = Double.isNaN(ema) ? st.objective() : 0.98 * ema + 0.02 * st.objective();
                if (step == 0) first = st.objective();
                last = ema;
                INDArray gMu = st.gMu(), gLogS = st.gLogS();
                INDArray gLogLambda = Nd4j.scalar(DataType.DOUBLE, st.gLogLambda()).reshape(1);
                meanOpt.step(List.of(mu), List.of(gMu));
                varOpt.step(List.of(logS, logLambda), List.of(gLogS, gLogLambda));
                NativeMemory.release(step);
            }
        } catch (Exception e) {
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e);
        }
        return new Outcome(new DiagonalGaussian(mu, logS), Math.exp(0.5 * logLambda.getDouble(0)), first, last);
    }

    /** The objective B at one noise draw ε and one minibatch, and its gradients in μ, ln s and ln λ. */
    record Step(double objective, INDArray gMu, INDArray gLogS, double gLogLambda) {}

    /**
     * B and its hand-derived gradients at θ = μ + s⊙ε on {@code batch} (docs/theory.md §9.5); {@code work} is overwritten
     * with θ, μ and ln s are not changed. {@code confidence} is ln(2√n·G/δ).
     */
    static Step step(Model work, INDArray mu, INDArray logS, double logLambda, INDArray w0, INDArray eps, Dataset batch, int n,
                     double confidence, PacBayesConfig.Surrogate surrogate) {
        long dim = mu.length();
        INDArray s = Transforms.exp(logS, true);
        ParameterVector.assign(work, s.mul(eps).addi(mu));
        ForwardPass fp = work.forward(batch.features());
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluate(fp.logits(), batch.oneHot(work.dataType()));
        List<INDArray> grads = work.backward(fp, ce.gradMean().divi(Math.log(2)), null, false).parameters();
        INDArray g = ParameterVector.flatten(grads).castTo(DataType.DOUBLE);

        double lambda = Math.exp(logLambda);
        INDArray d = mu.sub(w0);
        double sumS2 = s.mul(s).sumNumber().doubleValue();
        double d2 = d.mul(d).sumNumber().doubleValue();
        double kl = 0.5 * ((sumS2 + d2) / lambda - dim + dim * Math.log(lambda) - 2 * logS.sumNumber().doubleValue());
        double penalty, kappa; // the complexity term and its derivative in KL
        if (surrogate == PacBayesConfig.Surrogate.LINEAR) {
            penalty = (kl + confidence) / n;
            kappa = 1.0 / n;
        } else {
            penalty = Math.sqrt(Math.max(kl + confidence, 0) / (2.0 * n));
            kappa = 1 / (4.0 * n * Math.max(penalty, 1e-12));
        }
        double objective = ce.mean() / Math.log(2) + penalty;
        INDArray gMu = d.divi(lambda).muli(kappa).addi(g);
        INDArray gLogS = g.mul(eps).muli(s).addi(s.mul(s).divi(lambda).subi(1).muli(kappa));
        return new Step(objective, gMu, gLogS, kappa * 0.5 * (dim - (sumS2 + d2) / lambda));
    }
}
