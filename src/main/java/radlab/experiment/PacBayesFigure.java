package radlab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.bounds.BoundInputs;
import radlab.bounds.BoundRegistry;
import radlab.bounds.BoundResult;
import radlab.bounds.ModelBoundInputs;
import radlab.data.DataSplit;
import radlab.data.Splits;
import radlab.experiment.sweep.engine.LocalEngine;
import radlab.experiment.sweep.engine.ThreadPolicy;
import radlab.nn.Model;
import radlab.nn.ModelIO;
import radlab.norms.NetworkNorms;
import radlab.pacbayes.PacBayesAnalysis;
import radlab.pacbayes.PacBayesConfig;
import radlab.pacbayes.PacBayesResult;
import radlab.pacbayes.PriorGrid;
import radlab.pacbayes.RobustPacBayes;
import radlab.report.Json;

/**
 * The numbers of figure {@code pac-bayes}: for each of several trained networks, the PAC-Bayes bounds of
 * docs/theory.md §9 (grid σ, Langford–Seeger/Maurer kl⁻¹ form; Dziugaite–Roy optimized posterior) next to what they
 * bound — the Monte Carlo test error of the same stochastic network — the deterministic network's test error, and, for
 * contrast, the registered norm-based bounds of the same network (docs/theory.md §6); with a robust budget, the same bound on the error under a
 * PGD attack of each posterior draw (§9.6: the stochastic network's error against that attack, not a certified robust error).
 */
public final class PacBayesFigure {
    public static final String NAME = "pac-bayes";

    /**
     * A trained network, its initial weights (the prior's mean) and a display name; {@code point} is the sweep point's
     * hash of a model kept by a sweep (what its finished result is stored under), or null.
     */
    public record NamedModel(String name, Model model, Model init, String point) {
        public NamedModel(String name, Model model, Model init) {
            this(name, model, init, null);
        }

        /** A model saved by {@code train} or a sweep/reproduction cache; its initialisation seed must be recorded. */
        public static NamedModel of(String name, ModelIO.SavedModel saved) {
            return of(name, saved, null);
        }

        /** As {@link #of(String, ModelIO.SavedModel)}, for the model of sweep point {@code point}. */
        public static NamedModel of(String name, ModelIO.SavedModel saved, String point) {
            return new NamedModel(name, saved.model(), TrainingRecord.initialWeights(saved).orElseThrow(() -> new IllegalArgumentException(
                    "model '" + name + "' records no initialisation seed, so the PAC-Bayes prior cannot be rebuilt")), point);
        }
    }

    /**
     * Monte Carlo and optimisation budget per model.
     *
     * @param grid           prior σ grid (its size G is paid for by ln G)
     * @param draws          posterior draws of each final Monte Carlo estimate (the Langford–Caruana term shrinks like ln(2/δ′)/m)
     * @param selectionDraws draws per grid σ when choosing σ
     * @param steps          Dziugaite–Roy optimisation steps (0: grid bound only)
     * @param batchSize      minibatch of each step
     * @param normSample     training examples on which the empirical Lipschitz constant of the norm bounds is measured
     * @param seed           seed of every posterior draw and minibatch
     * @param robustDraws    posterior draws of the robust bound (docs/theory.md §9.6; 0: none), each attacking every training example
     * @param robustSteps    PGD steps of that attack (ℓ∞, ε = {@value #EPSILON_LINF})
     */
    public record Budget(String profile, PriorGrid grid, int draws, int selectionDraws, int steps, int batchSize, int normSample, long seed,
            int robustDraws, int robustSteps) {
        public Budget {
            if (normSample < 1) throw new IllegalArgumentException("normSample must be positive, got " + normSample);
            if (robustDraws < 0) throw new IllegalArgumentException("robustDraws must be ≥ 0, got " + robustDraws);
            if (robustDraws > 0 && robustSteps < 1) throw new IllegalArgumentException("robustSteps must be positive, got " + robustSteps);
            config(grid, draws, selectionDraws, steps, batchSize, seed); // validates the rest before any work
        }

        /** A budget without the robust bound. */
        public Budget(String profile, PriorGrid grid, int draws, int selectionDraws, int steps, int batchSize, int normSample, long seed) {
            this(profile, grid, draws, selectionDraws, steps, batchSize, normSample, seed, 0, 0);
        }

        /**
         * About 10 s of CPU per quick-profile model (784-128-128-10, n = 4,000): σ ∈ 0.5·2^{−k/2}, k = 0…19 (20 points), 50
         * draws, 1 selection draw, 300 steps. Measured on the plain quick model: optimized bound 0.956 against a stochastic
         * test error of 0.177 (20 draws: 0.984, the Monte Carlo term ln(2/δ′)/m dominates; 1,000 steps: 0.874 in 24 s).
         */
        public static Budget quick() {
            return new Budget("quick", new PriorGrid(0.5, Math.pow(2, -0.5), 20), 50, 1, 300, 128, 200, 1, 10, 5);
        }

        /** README's budget (minutes per model): the standard 40-point grid, 500 draws, 4 selection draws, 6,000 steps. */
        public static Budget paper() {
            return new Budget("paper", PriorGrid.standard(), 500, 4, 6000, 128, 1000, 1, 50, 10);
        }

        /** Seconds for a handful of tiny models (the smoke profile): its numbers only check the pipeline. */
        public static Budget smoke() {
            return new Budget("smoke", new PriorGrid(0.5, 0.5, 8), 10, 1, 30, 50, 50, 1, 3, 2);
        }

        /** The budget of a reproduction profile: paper, quick, or smoke for any other. */
        public static Budget forProfile(String profile) {
            return switch (profile) {
                case "paper" -> paper();
                case "quick" -> quick();
                default -> smoke();
            };
        }

        public PacBayesConfig config() {
            return config(grid, draws, selectionDraws, steps, batchSize, seed);
        }

        private static PacBayesConfig config(PriorGrid grid, int draws, int selectionDraws, int steps, int batchSize, long seed) {
            return new PacBayesConfig(grid, radlab.spec.Defaults.PacBayes.DELTA, radlab.spec.Defaults.PacBayes.DELTA_MC, draws, selectionDraws, steps,
                    batchSize, radlab.spec.Defaults.PacBayes.LEARNING_RATE, radlab.spec.Defaults.PacBayes.VARIANCE_LEARNING_RATE, seed,
                    PacBayesConfig.Surrogate.LINEAR);
        }
    }

    /** One model's PAC-Bayes result, its robust variant (null when the budget has none), its norm bounds and the seconds all took. */
    public record Entry(String name, PacBayesResult pacBayes, RobustPacBayes.Result robust, List<BoundResult> normBounds, double seconds) {
        public Entry {
            normBounds = List.copyOf(normBounds);
        }
    }

    /** Every model's entry, in the given order. */
    public record Result(Budget budget, int trainSize, int testSize, List<Entry> entries) {
        public Result {
            entries = List.copyOf(entries);
        }
    }

    private PacBayesFigure() {}

    /** ε of the robust norm bounds (the quick profile's); they only enter the contrast columns. */
    static final double EPSILON_L2 = 1.0, EPSILON_LINF = 0.1;

    /**
     * Every model's bounds (radlab.plot.PacBayesChart draws them).
     *
     * @param workers models analysed at once (each on one thread, e.g. {@link LocalEngine#defaultWorkers()}); the numbers do
     *                not depend on it
     */
    public static Result compute(List<NamedModel> models, DataSplit data, Budget budget, int workers, Consumer<String> log) {
        return compute(models, data, budget, workers, log, null);
    }

    /**
     * As {@link #compute(List, DataSplit, Budget, int, Consumer)}; with a {@code finished} directory, each model of a
     * sweep (with a point hash) has its entry written there (atomically) as soon as it ends and read back instead of
     * recomputed on the next run: at paper scale an entry costs about ten minutes, and a stopped run must not lose
     * the ones it finished.
     */
    public static Result compute(List<NamedModel> models, DataSplit data, Budget budget, int workers, Consumer<String> log, Path finished) {
        if (models.isEmpty()) throw new IllegalArgumentException("pac-bayes figure needs at least one model");
        if (workers < 1) throw new IllegalArgumentException("workers must be ≥ 1, got " + workers);
        PacBayesConfig cfg = budget.config();
        var sample = Splits.subsample(data.train(), Math.min(budget.normSample(), data.train().size()), budget.seed());
        ThreadPolicy.apply();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, models.size()), r -> {
            Thread t = new Thread(radlab.util.NativeThreads.pinned(r), "radlab-pac-bayes-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Entry>> futures = new ArrayList<>();
            for (NamedModel m : models) {
                Path file = finished == null || m.point() == null ? null : finished.resolve(m.name() + "-" + entryKey(m, data, budget) + ".json");
                if (file != null && Files.isRegularFile(file)) {
                    synchronized (log) {
                        log.accept("pac-bayes " + m.name() + ": finished earlier (" + file.getFileName() + ")");
                    }
                    Entry e = read(file);
                    futures.add(java.util.concurrent.CompletableFuture.completedFuture(e));
                    continue;
                }
                futures.add(pool.submit(() -> {
                    Entry e = entry(m, data, sample, cfg, budget, log);
                    if (file != null) Json.write(file, e);
                    return e;
                }));
            }
            List<Entry> entries = new ArrayList<>();
            for (Future<Entry> f : futures) entries.add(f.get());
            return new Result(budget, data.train().size(), data.test().size(), entries);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pac-bayes figure interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * What an entry depends on: the sweep point (model, data, code), the split's contents and the budget (the worker
     * count does not change the numbers).
     */
    static String entryKey(NamedModel m, DataSplit data, Budget budget) {
        String text = String.join("\0", m.point(), data.train().name(), String.valueOf(data.train().size()), data.test().name(),
                String.valueOf(data.test().size()), budget.toString());
        return radlab.spec.SpecHash.sha256(text).substring(0, 16);
    }

    private static Entry read(Path file) {
        return Json.readKept(file, Entry.class, "finished PAC-Bayes entry");
    }

    private static Entry entry(NamedModel m, DataSplit data, radlab.data.Dataset sample, PacBayesConfig cfg, Budget budget, Consumer<String> log) {
        long t0 = System.nanoTime();
        PacBayesResult pb = PacBayesAnalysis.run(m.model(), m.init(), data.train(), data.test(), cfg);
        RobustPacBayes.Result robust = budget.robustDraws() == 0 ? null : RobustPacBayes.run(m.model(), m.init(), data.train(), data.test(), pb,
                new ThreatModel(AttackNorm.LINF, EPSILON_LINF), budget.robustSteps(), budget.robustDraws(), Math.max(1, budget.robustDraws() / 5));
        NetworkNorms norms = NetworkNorms.of(m.model(), m.init(), sample.features());
        BoundInputs bi = ModelBoundInputs.of(m.model(), norms, data.train(), null, EPSILON_L2, EPSILON_LINF);
        List<BoundResult> nb = BoundRegistry.evaluateAll(bi);
        double s = (System.nanoTime() - t0) / 1e9;
        synchronized (log) {
            log.accept(String.format("pac-bayes %s: grid bound %.4f, optimized %.4f, stochastic test error %.4f, test error %.4f%s (%.1f s)", m.name(),
                    pb.grid().bound(), pb.optimized().bound(), pb.optimized().stochasticTestError(), pb.testError(), robust == null ? ""
                            : String.format("; bound on the error under %s %.4f (attacked stochastic test error %.4f)", robust.attack(), robust.bound(),
                                    robust.robustStochasticTestError()), s));
        }
        return new Entry(m.name(), pb, robust, nb, s);
    }
}
