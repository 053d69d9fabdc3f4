package radlab.pacbayes;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.attack.Pgd;
import radlab.attack.RobustEvaluator;
import radlab.attack.RobustMetrics;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.nn.Model;

/**
 * The PAC-Bayes bound of {@link PacBayesAnalysis} on the <em>attacked</em> 0–1 loss (docs/theory.md §9.6):
 * ℓ_A(θ; x, y) = 1[f_θ(x) ≠ y or f_θ(A_θ(x, y)) ≠ y], where A is PGD with a fixed number of steps at the threat
 * model's ε, run on each posterior draw (the draw's own gradients; its random start is seeded, independent of the
 * data). ℓ_A is a bounded loss of (θ, x, y), so the same prior grid, an isotropic posterior N(w, σ_j²I) with σ_j chosen
 * for this loss (paid for by the grid's union bound) and the Monte Carlo step give, with probability
 * ≥ 1 − (δ + δ_mc), an upper bound on the expected error of the stochastic network <em>against this attack</em>.
 * <p>
 * That is NOT a certified robust error: a stronger attack may find more errors, and the worst case over the ε-ball can
 * exceed the bound. What is certified is the population error under PGD-k as run here.
 */
public final class RobustPacBayes {
    /**
     * @param attack                 e.g. "PGD-10 linf ε=0.1"
     * @param priorSigma             σ_j of the grid posterior and prior
     * @param gridIndex              j
     * @param kl                     KL(Q‖P) = ‖w − w₀‖²/(2σ_j²)
     * @param complexity             c = (KL + ln(2√n·G/δ))/n, as the clean bound
     * @param draws                  m, posterior draws on the training set
     * @param cleanEmpiricalError    Monte Carlo clean training error of Q on the same draws
     * @param robustEmpiricalError   Monte Carlo attacked training error of Q (≥ the clean one draw by draw)
     * @param robustEmpiricalErrorUpper Langford–Caruana kl⁻¹(ê_A, ln(2/δ_mc)/m)
     * @param cleanKlInverse         the clean bound from the same draws (for comparison)
     * @param mcAllester             ê_upper + √(c/2)
     * @param klInverse              kl⁻¹(ê_A upper, c): the bound on the attacked test error of Q
     * @param testDraws              draws of the test estimates
     * @param stochasticTestError    Monte Carlo clean test error of Q (an estimate)
     * @param robustStochasticTestError Monte Carlo attacked test error of Q (an estimate; what klInverse bounds)
     */
    public record Result(String attack, double priorSigma, int gridIndex, double kl, double complexity, int n, double delta, double deltaMc,
            int draws, double cleanEmpiricalError, double robustEmpiricalError, double robustEmpiricalErrorUpper, double cleanKlInverse,
            double mcAllester, double klInverse, int testDraws, double stochasticTestError, double robustStochasticTestError, double seconds) {
        /** The bound itself. */
        public double bound() {
            return klInverse;
        }

        /** What the bound certifies, for reports. */
        public String certifies() {
            return "an upper bound (probability ≥ 1 − " + (delta + deltaMc) + ") on the expected test error of the stochastic network under " + attack
                    + " run on each posterior draw; NOT a certified robust error (a stronger attack may find more)";
        }

        @Override
        public String toString() {
            return String.format("robust (%s): σ=%.4g (grid %d), KL=%.5g, c=%.4g, ê_clean=%.4f, ê_attacked=%.4f (m=%d, ≤%.4f), McAllester=%.4f, "
                            + "kl⁻¹=%.4f (clean kl⁻¹ on the same draws %.4f), attacked stochastic test error≈%.4f (clean %.4f), %.1f s", attack,
                    priorSigma, gridIndex, kl, complexity, cleanEmpiricalError, robustEmpiricalError, draws, robustEmpiricalErrorUpper, mcAllester,
                    klInverse, cleanKlInverse, robustStochasticTestError, stochasticTestError, seconds);
        }
    }

    private RobustPacBayes() {}

    /**
     * @param clean     the clean analysis of {@code model} (its prior grid, δ, δ_mc, selection draws and seed are reused)
     * @param threat    norm and ε of the attack
     * @param steps     PGD steps (step size 2.5·ε/steps, random start)
     * @param draws     posterior draws on the training set (each attacks all n training examples)
     * @param testDraws posterior draws on the test set
     */
    public static Result run(Model model, Model init, Dataset train, Dataset test, PacBayesResult clean, ThreatModel threat, int steps, int draws,
            int testDraws) {
        if (draws < 1 || testDraws < 1) throw new IllegalArgumentException("Monte Carlo draws must be positive, got " + draws + " and " + testDraws);
        if (steps < 1) throw new IllegalArgumentException("PGD steps must be positive, got " + steps);
        PacBayesConfig cfg = clean.config();
        long t0 = System.nanoTime();
        INDArray w = ParameterVector.flatten(model.parameters());
        INDArray w0 = ParameterVector.flatten(init.parameters()).castTo(DataType.DOUBLE);
        BoundEvaluator ev = new BoundEvaluator(model, w0, train, test, cfg);
        long seed = cfg.seed() * 1_000_003L + 303;
        int j = select(model, w, ev, train, threat, steps, cfg, seed);
        DiagonalGaussian q = DiagonalGaussian.isotropic(w, cfg.grid().sigma(j));
        double kl = ev.kl(q, j), c = ev.complexity(q, j);
        double[][] tr = StochasticError.perDraw(model, q, draws, seed, (net, k) -> errors(net, train, threat, steps, seed + 7 * k));
        double[][] te = StochasticError.perDraw(model, q, testDraws, seed + 1, (net, k) -> errors(net, test, threat, steps, seed + 7 * k + 3));
        double cleanE = StochasticError.column(tr, 0).mean(), robustE = StochasticError.column(tr, 1).mean();
        double delta = cfg.delta(), deltaMc = cfg.deltaMc();
        double robustUpper = PacBayesBounds.monteCarloUpper(robustE, draws, deltaMc);
        double cleanBound = PacBayesBounds.klInverse(PacBayesBounds.monteCarloUpper(cleanE, draws, deltaMc), c);
        String attack = "PGD-" + steps + " " + threat.norm() + " ε=" + threat.epsilon();
        return new Result(attack, cfg.grid().sigma(j), j, kl, c, train.size(), delta, deltaMc, draws, cleanE, robustE, robustUpper, cleanBound,
                PacBayesBounds.mcAllester(robustUpper, c), PacBayesBounds.klInverse(robustUpper, c), testDraws, StochasticError.column(te, 0).mean(),
                StochasticError.column(te, 1).mean(), (System.nanoTime() - t0) / 1e9);
    }

    /** Training examples on which each grid σ's attacked error is estimated for the choice of σ. */
    static final int SELECTION_SAMPLE = 500;

    /**
     * The grid point of the attacked bound: the smallest kl⁻¹(ê, c_j) with ê the attacked error of {@code selectionDraws}
     * draws on a seeded subsample of {@value #SELECTION_SAMPLE} training examples. Any data-dependent choice of j is paid
     * for by the ln G of c (§9.3), and the final Monte Carlo draws are fresh, so the choice does not bias them. The clean
     * analysis's σ does not serve: when every clean bound is near 1 it is the largest σ, an almost random network.
     */
    private static int select(Model model, INDArray w, BoundEvaluator ev, Dataset train, ThreatModel threat, int steps, PacBayesConfig cfg, long seed) {
        Dataset sample = radlab.data.Splits.subsample(train, Math.min(SELECTION_SAMPLE, train.size()), seed);
        int best = 0;
        double bestBound = Double.POSITIVE_INFINITY;
        for (int j = 0; j < cfg.grid().size(); j++) {
            DiagonalGaussian q = DiagonalGaussian.isotropic(w, cfg.grid().sigma(j));
            long s = seed + 1_000 * (j + 1);
            double e = StochasticError.column(StochasticError.perDraw(model, q, cfg.selectionDraws(), s,
                    (net, k) -> errors(net, sample, threat, steps, s + 7 * k)), 1).mean();
            double b = PacBayesBounds.klInverse(e, Math.min(ev.complexity(q, j), 700)); // beyond c = 700 kl⁻¹ is 1 to double precision
            if (b < bestBound) {
                bestBound = b;
                best = j;
            }
        }
        return best;
    }

    /** {clean error, attacked error} of one sampled network; an example counts as attacked-wrong if either prediction is wrong. */
    private static double[] errors(Model net, Dataset data, ThreatModel threat, int steps, long seed) {
        RobustMetrics m = RobustEvaluator.evaluate(net, data, Pgd.standard(threat, steps, seed));
        return new double[] {m.clean().error(), m.adversarial().error()};
    }
}
