package radlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.DataSplit;
import radlab.experiment.TrainingRecord;
import radlab.nn.Model;
import radlab.nn.ModelIO;
import radlab.pacbayes.PacBayesAnalysis;
import radlab.pacbayes.PacBayesConfig;
import radlab.pacbayes.PacBayesResult;
import radlab.pacbayes.PriorGrid;
import radlab.pacbayes.RobustPacBayes;
import radlab.report.Provenance;
import radlab.spec.Defaults.PacBayes;

@Command(name = "pac-bayes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"PAC-Bayes bounds on the test 0–1 error of a stochastic version of a saved network.",
                "Prior N(w₀, σ²I) at the initial weights (rebuilt from the recorded seed); posterior N(w, σ²I) with σ from a grid",
                "(union bound), then the Dziugaite–Roy (2017) optimised diagonal posterior. McAllester and kl-inverse bounds, with the",
                "Monte Carlo error bounded by Langford–Caruana. With --robust-norm, also the bound on the error of the stochastic network",
                "under PGD run on each posterior draw (its error against that attack, NOT a certified robust error).",
                "Writes reports/RUN/{pac-bayes.json, bounds.csv}. Formulas: docs/theory.md §9."})
final class PacBayesCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory written by 'radlab train' (reports/RUN/model).")
    Path modelDir;

    @Option(names = "--draws", defaultValue = "" + PacBayes.DRAWS, description = "Posterior draws of each final Monte Carlo estimate (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--selection-draws", defaultValue = "" + PacBayes.SELECTION_DRAWS, description = "Draws per grid σ when choosing σ (default: ${DEFAULT-VALUE}).")
    int selectionDraws;

    @Option(names = "--steps", defaultValue = "" + PacBayes.STEPS, description = "Dziugaite–Roy optimisation steps; 0 = grid bound only (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", defaultValue = "" + PacBayes.BATCH_SIZE, description = "Minibatch of each optimisation step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + PacBayes.LEARNING_RATE, description = "SGD (momentum 0.9) step size of the posterior means (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--variance-lr", defaultValue = "" + PacBayes.VARIANCE_LEARNING_RATE, description = "Adam step size of the log standard deviations and ln λ (default: ${DEFAULT-VALUE}).")
    double varianceLr;

    @Option(names = "--surrogate", defaultValue = PacBayes.SURROGATE, paramLabel = "mcallester|linear",
            description = "Objective of the optimisation: linear (L + KL/n; on the quick MLP 0.84–0.88 against 0.92 for mcallester) or mcallester (Dziugaite & Roy's) (default: ${DEFAULT-VALUE}).")
    String surrogate;

    @Option(names = "--delta", defaultValue = "" + PacBayes.DELTA, description = "δ of the PAC-Bayes step (default: ${DEFAULT-VALUE}).")
    double delta;

    @Option(names = "--delta-mc", defaultValue = "" + PacBayes.DELTA_MC, description = "δ' of the Monte Carlo step (default: ${DEFAULT-VALUE}).")
    double deltaMc;

    @Option(names = "--seed", defaultValue = "" + PacBayes.SEED, description = "Seed of every posterior draw and minibatch (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--robust-norm", paramLabel = "l2|linf",
            description = "Also bound the stochastic network's test error under PGD in this norm, run on each posterior draw (docs/theory.md §9.6). Off by default.")
    String robustNorm;

    @Option(names = "--robust-epsilon", paramLabel = "EPS", description = "ε of that attack (default: " + radlab.spec.Defaults.EPSILON_L2 + " for l2, "
            + radlab.spec.Defaults.EPSILON_LINF + " for linf).")
    Double robustEpsilon;

    // No picocli defaults on the robust options, so that one given without --robust-norm is rejected, not silently ignored.
    @Option(names = "--robust-steps", paramLabel = "K", description = "PGD steps of that attack (default: " + PacBayes.ROBUST_STEPS + ").")
    Integer robustSteps;

    @Option(names = "--robust-draws", paramLabel = "M", description = "Posterior draws of the robust bound on the training set, each attacking every "
            + "training example; a fifth as many on the test set (default: " + PacBayes.ROBUST_DRAWS + ").")
    Integer robustDraws;

    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    PacBayesConfig.Surrogate surrogate() {
        return switch (surrogate.trim().toLowerCase()) {
            case "mcallester" -> PacBayesConfig.Surrogate.MCALLESTER;
            case "linear" -> PacBayesConfig.Surrogate.LINEAR;
            default -> throw new IllegalArgumentException("unknown --surrogate '" + surrogate + "'; expected mcallester or linear");
        };
    }

    /** The robust bound's threat model, or null without --robust-norm; every robust option checked before any work. */
    ThreatModel robustThreat() {
        if (robustNorm == null) {
            if (robustEpsilon != null || robustSteps != null || robustDraws != null) {
                throw new IllegalArgumentException("--robust-epsilon, --robust-steps and --robust-draws need --robust-norm l2|linf");
            }
            return null;
        }
        if (robustSteps == null) robustSteps = PacBayes.ROBUST_STEPS;
        if (robustDraws == null) robustDraws = PacBayes.ROBUST_DRAWS;
        AttackNorm norm = AttackNorm.parse(robustNorm);
        double eps = robustEpsilon != null ? robustEpsilon : AttackOptions.defaultEpsilon(norm);
        if (!(eps > 0) || !Double.isFinite(eps)) throw new IllegalArgumentException("--robust-epsilon must be a positive number, got " + eps);
        if (robustSteps < 1) throw new IllegalArgumentException("--robust-steps must be positive, got " + robustSteps);
        if (robustDraws < 1) throw new IllegalArgumentException("--robust-draws must be positive, got " + robustDraws);
        return new ThreatModel(norm, eps);
    }

    @Override
    public Integer call() {
        ThreatModel threat = robustThreat();
        PacBayesConfig cfg = new PacBayesConfig(PriorGrid.standard(), delta, deltaMc, draws, selectionDraws, steps, batchSize, lr, varianceLr, seed, surrogate());
        Path runDir = output.runDirectory("pac-bayes");
        ModelIO.SavedModel saved = ModelIO.load(modelDir);
        DataSplit split = data.loadFor(saved);
        radlab.train.Evaluator.requireCompatible(saved.model(), split.test());
        Model init = TrainingRecord.initialWeights(saved).orElseThrow(() -> new IllegalArgumentException(
                "the model in " + modelDir + " records no initialisation seed, so the prior (centred at the initial weights) cannot be rebuilt"));
        TrainingRecord.trainSize(saved).filter(size -> size != split.train().size()).ifPresent(size -> System.err.printf(
                "radlab: warning: the model was trained on %d examples but the bound uses the %d of this training split; pass the data options "
                        + "the model was trained with (e.g. --train-size %d)%n", size, split.train().size(), size));
        if (!output.quiet) System.err.printf("PAC-Bayes bounds of %s on %d training examples (%d draws, %d steps)%n", saved.model().describe(),
                split.train().size(), draws, steps);
        PacBayesResult r = PacBayesAnalysis.run(saved.model(), init, split.train(), split.test(), cfg);
        RobustPacBayes.Result robust = threat == null ? null : RobustPacBayes.run(saved.model(), init, split.train(), split.test(), r, threat, robustSteps,
                robustDraws, Math.max(1, robustDraws / 5));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model", modelDir.toString());
        config.put("draws", draws);
        config.put("selectionDraws", selectionDraws);
        config.put("steps", steps);
        config.put("batchSize", batchSize);
        config.put("lr", lr);
        config.put("varianceLr", varianceLr);
        config.put("delta", delta);
        config.put("deltaMc", deltaMc);
        config.put("seed", seed);
        config.put("surrogate", cfg.surrogate());
        config.put("grid", cfg.grid());
        if (threat != null) config.put("robust", Map.of("norm", threat.norm().toString(), "epsilon", threat.epsilon(), "steps", robustSteps, "draws", robustDraws));
        config.put("data", data.describe());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("initialWeights", "rebuilt from recorded seed " + TrainingRecord.seed(saved).orElseThrow());
        header.put("config", config);
        header.put("provenance", Provenance.of("pac-bayes", config, split.train(), split.test()));
        Path written = PacBayesReport.write(runDir, r, robust, header);
        System.out.print(PacBayesReport.table(r));
        if (robust != null) System.out.print(PacBayesReport.robust(robust));
        System.out.println("report in " + written);
        return 0;
    }
}
