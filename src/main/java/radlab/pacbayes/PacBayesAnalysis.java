package radlab.pacbayes;

import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.Dataset;
import radlab.nn.Model;
import radlab.train.Evaluator;

/**
 * Non-vacuous PAC-Bayes bounds on the test 0–1 error of a stochastic version of a trained network (docs/theory.md §9):
 * prior N(w₀, σ²I) centred at the initialisation (rebuilt from the training seed, so independent of the data), first
 * an isotropic posterior N(w, σ²I) with σ chosen on a grid, then the Dziugaite–Roy optimised diagonal posterior started
 * from an isotropic one (see {@link GridBound.Choice} for its σ). Each bound is evaluated with fresh Monte Carlo draws.
 */
public final class PacBayesAnalysis {
    private PacBayesAnalysis() {}

    /**
     * @param model the trained network (not modified)
     * @param init  the same architecture at its initial weights (the prior mean)
     */
    public static PacBayesResult run(Model model, Model init, Dataset train, Dataset test, PacBayesConfig cfg) {
        if (!model.describe().equals(init.describe()) || model.parameterCount() != init.parameterCount()) {
            throw new IllegalArgumentException("initial weights (" + init.describe() + ") do not match the model (" + model.describe() + ")");
        }
        Evaluator.requireCompatible(model, train);
        Evaluator.requireCompatible(model, test);
        INDArray w = ParameterVector.flatten(model.parameters());
        INDArray w0 = ParameterVector.flatten(init.parameters()).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        BoundEvaluator ev = new BoundEvaluator(model, w0, train, test, cfg);

        long t0 = System.nanoTime();
        double trainError = Evaluator.evaluate(model, train).error();
        GridBound.Choice choice = GridBound.select(ev, model, w, train, trainError, cfg);
        int j = choice.bestIndex();
        BoundEvaluation grid = ev.evaluate("grid", DiagonalGaussian.isotropic(w, cfg.grid().sigma(j)), j, cfg.seed() * 1_000_003L + 101, t0);
        DiagonalGaussian start = DiagonalGaussian.isotropic(w, cfg.grid().sigma(choice.startIndex()));

        BoundEvaluation optimized = null;
        double first = Double.NaN, last = Double.NaN;
        if (cfg.steps() > 0) {
            long t1 = System.nanoTime();
            DziugaiteRoyOptimizer.Outcome o = DziugaiteRoyOptimizer.optimize(model, start, cfg.grid().sigma(choice.startIndex()), w0, train, cfg);
            int k = cfg.grid().nearest(o.priorSigma());
            optimized = ev.evaluate("optimized", o.posterior(), k, cfg.seed() * 1_000_003L + 202, t1);
            first = o.firstObjective();
            last = o.lastObjective();
        }
        return new PacBayesResult(model.describe(), model.parameterCount(), train.size(), trainError,
                Evaluator.evaluate(model, test).error(), grid, optimized, cfg.steps(), first, last, cfg);
    }
}
