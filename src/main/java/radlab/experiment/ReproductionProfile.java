package radlab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.experiment.sweep.Grid;
import radlab.spec.DataSpec;
import radlab.spec.EvaluationSpec;
import radlab.spec.ExperimentSpec;
import radlab.spec.ModelSpec;
import radlab.spec.ObjectiveSpec;
import radlab.spec.OptimizerSpec;

/**
 * Settings of a λ-sweep reproduction, turned into a sweep {@link Grid} of {@link ExperimentSpec}s by {@link #grid()}:
 * λ = 0, the ℓ2- and ℓ1-Jacobian λ grids, PGD-ℓ∞ adversarial training and the profile's further baselines, each
 * configuration once per seed. The paper's own setup (architecture, λ grid, ε, attack steps) is UNKNOWN
 * (docs/theory.md §7); {@link #paper()} is radlab's fuller MNIST setup "in the spirit of" the paper, {@link #quick()}
 * a reduced one with 3 seeds per configuration that finishes in minutes on 2 cores, {@link #baselines()} the quick
 * setup with the other robust-training methods at overlapping costs, {@link #smoke()} tiny configurations with 2
 * seeds for tests.
 *
 * @param dataset       mnist (the shipped digits) or fashion-mnist (Debian's package)
 * @param extraObjectives objectives trained after the adversarial-training configuration (none in quick, paper, smoke)
 * @param suiteSteps    steps of the APGD suite (the attacked end of the bracket), {@code evaluation.attackSteps}
 * @param baselineSteps steps of the PGD baseline reported next to it
 * @param certifySize   test evaluation samples that IBP, CROWN and the Lipschitz margin certify
 * @param verifyBudget  seconds of complete verification per sample of the certificates', {@code evaluation.verifyBudget} (0 = none,
 *                      every shipped profile; {@code reproduce --verify-budget})
 */
public record ReproductionProfile(String name, String dataset, int trainSize, int testSize, String arch, int epochs, int batchSize, double learningRate,
                                  double[] lambdasL2, double[] lambdasL1, double epsilonL2, double epsilonLinf, int baselineSteps,
                                  int advTrainSteps, int evalSize, long[] seeds, int suiteSteps, int suiteTargets, int certifySize,
                                  List<ObjectiveSpec> extraObjectives, double verifyBudget) {
    /** Split seed of the shipped MNIST subset used by every reproduction. */
    public static final long SPLIT_SEED = 42;
    public static final List<String> NAMES = List.of("quick", "paper", "baselines", "smoke");
    public static final List<String> DATASETS = List.of("mnist", "fashion-mnist");

    public ReproductionProfile {
        extraObjectives = List.copyOf(extraObjectives);
        lambdasL2 = lambdasL2.clone();
        lambdasL1 = lambdasL1.clone();
        seeds = seeds.clone();
        if (!(verifyBudget >= 0) || Double.isInfinite(verifyBudget)) {
            throw new IllegalArgumentException("--verify-budget must be a finite number of seconds ≥ 0, got " + verifyBudget);
        }
    }

    @Override
    public double[] lambdasL2() {
        return lambdasL2.clone();
    }

    @Override
    public double[] lambdasL1() {
        return lambdasL1.clone();
    }

    @Override
    public long[] seeds() {
        return seeds.clone();
    }

    /** By content (the λ and seed arrays element by element), so equal profiles are equal. */
    @Override
    public boolean equals(Object o) {
        return radlab.util.RecordValues.equal(this, o);
    }

    @Override
    public int hashCode() {
        return radlab.util.RecordValues.hash(this);
    }

    /** The same profile on another architecture (radlab's grammar, e.g. cnn:c16k5-p2-c32k5-p2-d64), checked on 1×28×28. */
    public ReproductionProfile withArch(String architecture) {
        String a = architecture.trim().toLowerCase();
        try {
            new ModelSpec(a, "relu");
        } catch (radlab.spec.SpecException e) {
            throw new IllegalArgumentException("--arch: " + e.problem());
        }
        return with(a, dataset);
    }

    /**
     * The same profile on another dataset: mnist or fashion-mnist, whose files must be installed (checked here, so a
     * missing package is one line before any work).
     */
    public ReproductionProfile withDataset(String name) {
        String d = name.trim().toLowerCase();
        if (!DATASETS.contains(d)) throw new IllegalArgumentException("unknown --dataset '" + name + "'; expected mnist or fashion-mnist");
        radlab.spec.SpecFactory.directory(new DataSpec(d, trainSize, testSize, SPLIT_SEED));
        return with(arch, d);
    }

    /**
     * The same profile with complete verification of each certified sample for up to {@code seconds} (0 = none): every
     * point's row then has the certified / counterexample / undecided counts (docs/robustness.md). Its points are new
     * points (the evaluation is part of their hash), in their own sweep directory.
     */
    public ReproductionProfile withVerifyBudget(double seconds) {
        ReproductionProfile p = new ReproductionProfile(name, dataset, trainSize, testSize, arch, epochs, batchSize, learningRate, lambdasL2, lambdasL1,
                epsilonL2, epsilonLinf, baselineSteps, advTrainSteps, evalSize, seeds, suiteSteps, suiteTargets, certifySize, extraObjectives, seconds);
        p.spec(objectives().get(0), seeds[0]); // EvaluationSpec's own checks (e.g. certificates needed), before any work
        return p;
    }

    /** The options that turn the named profile into this one ("" for the profile as shipped), as {@code reproduce} takes them. */
    public String commandOptions() {
        return (defaultArch() ? "" : " --arch " + arch) + (defaultDataset() ? "" : " --dataset " + dataset)
                + (verifyBudget == 0 ? "" : " --verify-budget " + verifyBudgetText());
    }

    /** The verification budget as written on the command line and in the sweep directory's name (2.5, 10). */
    public String verifyBudgetText() {
        return java.math.BigDecimal.valueOf(verifyBudget).stripTrailingZeros().toPlainString();
    }

    private ReproductionProfile with(String architecture, String data) {
        return new ReproductionProfile(name, data, trainSize, testSize, architecture, epochs, batchSize, learningRate, lambdasL2, lambdasL1, epsilonL2,
                epsilonLinf, baselineSteps, advTrainSteps, evalSize, seeds, suiteSteps, suiteTargets, certifySize, extraObjectives, verifyBudget);
    }

    /** The architecture the named profile ships with. */
    public boolean defaultArch() {
        return arch.equals(named(name).arch);
    }

    /** The dataset the named profile ships with (the shipped MNIST digits). */
    public boolean defaultDataset() {
        return dataset.equals(named(name).dataset);
    }

    /**
     * The budget class of the figures' own computations (PAC-Bayes, sign fitting, bounds-vs-n): the profile's name,
     * but quick for the quick-sized baselines profile.
     */
    public String budget() {
        return name.equals("baselines") ? "quick" : name;
    }

    /**
     * 3 seeds × 6 configurations (λ = 0; ℓ2-Jacobian λ ∈ {0.01, 0.1}; ℓ1-Jacobian λ ∈ {1e-3, 1e-2}; PGD-ℓ∞ adversarial
     * training) of a 784-64-64-10 ReLU net on 4,000/1,000 digits, 3 epochs; APGD suite of 10 steps and 2 targets on 1,000
     * evaluation samples, PGD-10 baseline, certificates on the first 100.
     */
    public static ReproductionProfile quick() {
        return new ReproductionProfile("quick", "mnist", 4000, 1000, "mlp:64,64", 3, 64, 2e-3, new double[] {1e-2, 1e-1},
                new double[] {1e-3, 1e-2}, 1.0, 0.1, 10, 3, 1000, new long[] {1, 2, 3}, 10, 2, 100, List.of(), 0);
    }

    /**
     * The quick profile's data, architecture, epochs, attacks and seeds with the robust-training baselines beside its
     * plain, ℓ2- and ℓ1-Jacobian configurations: PGD-ℓ∞ adversarial training at 1, 3 and 7 steps, TRADES (ℓ∞, 3 steps)
     * at β ∈ {1, 6}, input-gradient regularization at λ ∈ {0.1, 1} and the spectral penalty at λ ∈ {0.01, 0.1} — 14
     * configurations whose training costs (3 to 33 passes per example) overlap, for the robustness-vs-cost figure.
     */
    public static ReproductionProfile baselines() {
        ReproductionProfile q = quick();
        double e = q.epsilonLinf;
        List<ObjectiveSpec> more = List.of(new ObjectiveSpec.Adversarial("linf", e, 1), new ObjectiveSpec.Adversarial("linf", e, 7),
                new ObjectiveSpec.Trades(1.0, "linf", e, 3, Double.NaN), new ObjectiveSpec.Trades(6.0, "linf", e, 3, Double.NaN),
                new ObjectiveSpec.InputGradient(0.1), new ObjectiveSpec.InputGradient(1.0), new ObjectiveSpec.Spectral(0.01, Double.NaN),
                new ObjectiveSpec.Spectral(0.1, Double.NaN));
        return new ReproductionProfile("baselines", q.dataset, q.trainSize, q.testSize, q.arch, q.epochs, q.batchSize, q.learningRate, q.lambdasL2,
                q.lambdasL1, q.epsilonL2, e, q.baselineSteps, q.advTrainSteps, q.evalSize, q.seeds, q.suiteSteps, q.suiteTargets, q.certifySize,
                more, q.verifyBudget);
    }

    public static ReproductionProfile paper() {
        return new ReproductionProfile("paper", "mnist", 8000, 2000, "mlp:256,256", 20, 64, 1e-3, new double[] {1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1},
                new double[] {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2}, 1.0, 0.1, 20, 10, 2000, new long[] {1, 2, 3, 4, 5}, 100, 9, 500, List.of(), 0);
    }

    /** A seconds-long run of the whole pipeline on tiny data with 2 seeds, for tests and notebooks; its numbers mean little. */
    public static ReproductionProfile smoke() {
        return new ReproductionProfile("smoke", "mnist", 600, 200, "mlp:16", 1, 50, 2e-3, new double[] {1e-3, 1e-1}, new double[] {1e-3, 1e-2},
                1.0, 0.1, 2, 1, 50, new long[] {1, 2}, 3, 2, 20, List.of(), 0);
    }

    public static ReproductionProfile named(String name) {
        return switch (name.trim().toLowerCase()) {
            case "smoke" -> smoke();
            case "quick" -> quick();
            case "paper" -> paper();
            case "baselines" -> baselines();
            default -> throw new IllegalArgumentException("unknown --profile '" + name + "'; expected quick, paper, baselines or smoke");
        };
    }

    /** The trained configurations: λ = 0, the ℓ2 and ℓ1 sweeps, PGD-ℓ∞ adversarial training, then the profile's baselines. */
    public List<ObjectiveSpec> objectives() {
        List<ObjectiveSpec> p = new ArrayList<>();
        p.add(new ObjectiveSpec.Plain());
        for (double l : lambdasL2) p.add(new ObjectiveSpec.JacobianL2(l, 0));
        for (double l : lambdasL1) p.add(new ObjectiveSpec.JacobianL1(l));
        p.add(new ObjectiveSpec.Adversarial("linf", epsilonLinf, advTrainSteps));
        p.addAll(extraObjectives);
        return p;
    }

    /** The spec of one configuration and seed. */
    public ExperimentSpec spec(ObjectiveSpec objective, long seed) {
        return new ExperimentSpec(new DataSpec(dataset, trainSize, testSize, SPLIT_SEED), new ModelSpec(arch, "relu"), objective,
                new OptimizerSpec("adam", learningRate, 0, batchSize, epochs, 0),
                new EvaluationSpec(epsilonL2, epsilonLinf, suiteSteps, evalSize, suiteTargets, baselineSteps, certifySize, verifyBudget), seed);
    }

    /** Every configuration × every seed (configurations vary slowest), as the sweep grid {@code reproduce-PROFILE}. */
    public Grid grid() {
        List<ExperimentSpec> specs = new ArrayList<>();
        for (ObjectiveSpec o : objectives()) for (long s : seeds) specs.add(spec(o, s));
        return new Grid("reproduce-" + name, specs);
    }

    /**
     * Short name of a configuration: none, adv-3 (PGD steps), l2-0.01, l1-0.001, trades-6.0, grad-0.01, spectral-0.01
     * (spectral-0.01-b2.0 with a hard bound 2).
     */
    public static String key(ObjectiveSpec o) {
        if (o instanceof ObjectiveSpec.Adversarial a) return "adv-" + a.steps();
        if (o instanceof ObjectiveSpec.Spectral sp && !Double.isNaN(sp.bound())) return "spectral-" + sp.lambda() + "-b" + sp.bound();
        if (o instanceof ObjectiveSpec.JacobianL2 j) return "l2-" + j.lambda();
        if (o instanceof ObjectiveSpec.JacobianL1 j) return "l1-" + j.lambda();
        if (o instanceof ObjectiveSpec.Trades t) return "trades-" + t.beta();
        if (o instanceof ObjectiveSpec.InputGradient g) return "grad-" + g.lambda();
        if (o instanceof ObjectiveSpec.Spectral sp) return "spectral-" + sp.lambda();
        return regularizer(o);
    }

    /** Regularizer of a configuration: none, l2, l1, adv, trades, grad (input gradient) or spectral. */
    public static String regularizer(ObjectiveSpec o) {
        if (o instanceof ObjectiveSpec.JacobianL2) return "l2";
        if (o instanceof ObjectiveSpec.JacobianL1) return "l1";
        if (o instanceof ObjectiveSpec.Adversarial) return "adv";
        if (o instanceof ObjectiveSpec.Trades) return "trades";
        if (o instanceof ObjectiveSpec.InputGradient) return "grad";
        if (o instanceof ObjectiveSpec.Spectral) return "spectral";
        if (o instanceof ObjectiveSpec.Plain) return "none";
        throw new IllegalArgumentException("no label for objective " + o);
    }

    /**
     * The settings every robust (attacked) number of this profile was produced with, for figure captions and tables:
     * the quick profile's short suite is weaker than the CLI default (100 steps, 9 target classes).
     */
    public String suiteSettings() {
        return "APGD suite (APGD-CE → APGD-DLR → APGD-T), " + suiteSteps + " steps, 1 restart, " + suiteTargets
                + " target classes (at most K − 1; APGD-DLR is skipped below 3 classes, APGD-T below 4), on " + evalSize + " test samples";
    }

    /**
     * The strength parameter a method is swept over, as {@link #strengthName} names it: λ of the Jacobian, input-gradient
     * and spectral penalties, β of TRADES, the PGD steps of adversarial training, 0 for plain training.
     */
    public static double strength(ObjectiveSpec o) {
        if (o instanceof ObjectiveSpec.Trades t) return t.beta();
        if (o instanceof ObjectiveSpec.Adversarial a) return a.steps();
        if (o instanceof ObjectiveSpec.InputGradient g) return g.lambda();
        if (o instanceof ObjectiveSpec.Spectral sp) return sp.lambda();
        return lambda(o);
    }

    /** What {@link #strength} is for a regularizer label: lambda, beta, steps or none. */
    public static String strengthName(String regularizer) {
        return switch (regularizer) {
            case "trades" -> "beta";
            case "adv" -> "steps";
            case "none" -> "none";
            default -> "lambda";
        };
    }

    /** λ of a Jacobian-regularized configuration (0 for every other kind: the λ axes of the λ-sweep figures are the Jacobian λ). */
    public static double lambda(ObjectiveSpec o) {
        if (o instanceof ObjectiveSpec.JacobianL2 j) return j.lambda();
        if (o instanceof ObjectiveSpec.JacobianL1 j) return j.lambda();
        return 0;
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", name);
        m.put("dataset", dataset);
        m.put("trainSize", trainSize);
        m.put("testSize", testSize);
        m.put("arch", arch);
        m.put("activation", "relu");
        m.put("epochs", epochs);
        m.put("batchSize", batchSize);
        m.put("optimizer", "adam");
        m.put("learningRate", learningRate);
        m.put("lambdasL2", lambdasL2);
        m.put("lambdasL1", lambdasL1);
        m.put("epsilonL2", epsilonL2);
        m.put("epsilonLinf", epsilonLinf);
        m.put("evalAttack", suiteSettings());
        m.put("baselineAttack", "PGD-" + baselineSteps + ", α = 2.5ε/steps, random start (test sample only)");
        m.put("certificates", "IBP, CROWN, Lipschitz (ℓ2) on the first " + certifySize + " test evaluation samples");
        m.put("adversarialTraining", "PGD-" + advTrainSteps + " ℓ∞, ε = " + epsilonLinf);
        if (!extraObjectives.isEmpty()) m.put("baselines", extraObjectives.stream().map(ReproductionProfile::key).toList());
        if (verifyBudget > 0) m.put("completeVerification", "branch and bound on the certificates' samples, " + verifyBudget + " s per sample on average");
        m.put("evalSize", evalSize);
        m.put("seeds", seeds);
        m.put("intervals", "mean over seeds ± 95 % Student-t interval");
        return m;
    }
}
