package radlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import radlab.attack.AdversarialExport;
import radlab.attack.Attack;
import radlab.attack.RobustEvaluator;
import radlab.attack.RobustMetrics;
import radlab.attack.SurrogateComparison;
import radlab.attack.ThreatModel;
import radlab.certify.RobustBracket;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.Splits;
import radlab.nn.Model;
import radlab.nn.ModelIO;
import radlab.plot.Charts;
import radlab.report.Json;
import radlab.report.Provenance;
import radlab.report.StagedDirectory;
import radlab.spec.AttackRunSpec;
import radlab.verify.CheckedVerification;
import radlab.verify.CompleteVerifier;
import radlab.verify.VerificationSummary;

@Command(name = "attack", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Attack a saved model (by default the APGD suite; also single APGD attacks, PGD or FGSM; ℓ2 or ℓ∞): robust loss and",
                "accuracy on train and test, per attack of the suite, and per test sample the Jacobian surrogate ℓ + √2·ε·‖J‖ next to the",
                "attack loss, all from one attack run. Writes reports/RUN/{attack.json, surrogate.csv, surrogate.png} and, with",
                "--save-adversarial, the adversarial test examples (adversarial-test-*.gz, adversarial-test.csv). The attack settings",
                "can come from --spec FILE instead of the options; either way the report records them as spec.json."})
final class AttackCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory written by 'radlab train' (reports/RUN/model).")
    Path modelDir;

    @Option(names = "--spec", paramLabel = "FILE",
            description = "Attack settings as JSON ({\"kind\": \"attack\", \"attack\": {…}, \"attackSize\": N, \"certifySize\": N, optionally "
                    + "\"certificates\": \"LIST\"}, the form of an attack report's spec.json); excludes the attack, --attack-size, --certify-size and "
                    + "--certificates options.")
    Path specFile;

    @Mixin AttackOptions attackOptions;

    @Option(names = "--attack-size", paramLabel = "N", description = "Attack only N stratified examples of each of train and test (default: all).")
    Integer attackSize;

    @Option(names = "--save-adversarial", description = "Also write the adversarial test examples as gzipped IDX and a per-sample CSV.")
    boolean saveAdversarial;

    @Mixin CertifyOptions certify;

    @Option(names = "--certificates", paramLabel = "LIST",
            description = "Certificates of the first --certify-size test samples: a comma list of ibp, crown, alpha-crown (CROWN with optimized "
                    + "ReLU slopes: tighter, slower) and lipschitz (ℓ2 only); one that does not apply to the threat model or network is skipped "
                    + "(default: ibp,crown,lipschitz).")
    String certificates;

    @Option(names = "--verify", paramLabel = "complete",
            description = "complete: after the attack, verify the first --certify-size test samples completely (branch and bound with "
                    + "α-β-CROWN and LP bounds; ReLU MLPs under ℓ∞ or ℓ2, other networks reported as not applicable): each sample is "
                    + "certified, refuted by a counterexample, or undecided within the budget; one row per sample in verification.csv "
                    + "(outcome, proved margin lower bound, domains, seconds).")
    String verify;

    @Option(names = "--verify-budget", paramLabel = "SECONDS",
            description = "Wall-time budget of complete verification, seconds per sample on average, > 0: each sample is searched once with it, "
                    + "then the samples whose time ran out again, closest to a proof first, each with an even share of the time left unused "
                    + "or, where that share is smaller, up to " + radlab.verify.CompleteVerifier.RETRY_FACTOR + " times as much while it lasts (default: "
                    + DEFAULT_VERIFY_BUDGET + ").")
    Double verifyBudget;

    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    @Spec CommandSpec command;

    /** Seconds of complete verification per sample when --verify-budget is not given. */
    static final double DEFAULT_VERIFY_BUDGET = 10;

    /** Options a spec file replaces. */
    private static final List<String> SPEC_OPTIONS = List.of("--attack", "--norm", "--epsilon", "--steps", "--restarts", "--target-classes",
            "--step-size", "--no-random-start", "--attack-seed", "--queries", "--p-init", "--attack-size", "--certify-size", "--certificates");

    /** The run's settings: from --spec, else from the options (checked either way before any work). */
    AttackRunSpec spec() {
        if (specFile != null) {
            List<String> given = SPEC_OPTIONS.stream().filter(o -> command.commandLine().getParseResult().hasMatchedOption(o)).toList();
            if (!given.isEmpty()) throw new IllegalArgumentException("--spec gives the attack settings; drop " + String.join(", ", given));
            AttackRunSpec fromFile = SpecFiles.read(specFile, AttackRunSpec::parse);
            try {
                radlab.certify.Certifier.methods(fromFile.certificates());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(specFile + ": certificates: " + e.getMessage());
            }
            return fromFile;
        }
        if (attackSize != null && attackSize <= 0) throw new IllegalArgumentException("--attack-size must be positive, got " + attackSize);
        certify.validate();
        List<radlab.certify.Certifier.Method> methods = certificates == null ? radlab.certify.Certifier.DEFAULT_METHODS
                : OptionErrors.named("--certificates", () -> radlab.certify.Certifier.methods(AttackRunSpec.splitNames(certificates)));
        // the default set, however spelled, is not written, so the spec's form stays that of older runs
        List<String> names = methods.equals(radlab.certify.Certifier.DEFAULT_METHODS) ? List.of() : radlab.certify.Certifier.names(methods);
        return new AttackRunSpec(attackOptions.spec(), attackSize == null ? 0 : attackSize, certify.certifySize, names);
    }

    /**
     * The per-sample budget of complete verification, or null without --verify (checked before any work; the
     * verification is not part of the spec: its time-bounded outcomes are not reproducible bit for bit).
     */
    java.time.Duration verifyBudget(AttackRunSpec spec) {
        if (verify == null) {
            if (verifyBudget != null) throw new IllegalArgumentException("--verify-budget applies only with --verify complete");
            return null;
        }
        if (!verify.trim().equalsIgnoreCase("complete")) throw new IllegalArgumentException("--verify: unknown verification '" + verify + "'; expected complete");
        double b = verifyBudget == null ? DEFAULT_VERIFY_BUDGET : verifyBudget;
        if (!(b > 0) || !Double.isFinite(b)) throw new IllegalArgumentException("--verify-budget must be a finite number of seconds > 0, got " + b);
        if (spec.certifySize() == 0) throw new IllegalArgumentException("--verify complete verifies the certified samples; give --certify-size N > 0");
        return java.time.Duration.ofNanos(Math.max(1, Math.round(b * 1e9)));
    }

    /**
     * Complete verification of the bracket's samples (the first certified ones of {@code run}'s test sample), cross-checked
     * against the attack and the certificates ({@link CompleteVerifier#verifyAgainst}).
     *
     * @throws IllegalStateException if the verifier certifies a sample the attack broke, or refutes one a certificate proved
     */
    static CheckedVerification verify(Run run, ThreatModel threat, java.time.Duration budget) {
        RobustBracket b = run.bracket();
        return CompleteVerifier.verifyAgainst(run.model(), radlab.experiment.TrainRun.certified(run.test(), b.certifiedSize()), threat, budget,
                run.testRun().evidence(), b.certificates());
    }

    /** One attack run's outputs: the attacked samples and everything measured on them. */
    record Run(Model model, Dataset train, Dataset test, RobustMetrics onTrain, RobustEvaluator.Detailed testRun, RobustBracket bracket,
               SurrogateComparison surrogate) {
        /** What attack.json reports (without config and provenance, the run's description). */
        Map<String, Object> results() {
            RobustMetrics onTest = testRun.metrics();
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("model", model.describe());
            results.put("train", onTrain);
            results.put("test", onTest);
            results.put("testStages", testRun.evidence().stages());
            results.put("testBracket", bracket.summary());
            results.put("robustGap", Map.of("loss", onTest.adversarial().loss() - onTrain.adversarial().loss(),
                    "error", onTest.adversarial().error() - onTrain.adversarial().error()));
            results.put("surrogate", Map.of("meanCleanLoss", java.util.Arrays.stream(surrogate.cleanLoss()).average().orElse(Double.NaN),
                    "meanAttackLoss", surrogate.meanAttackLoss(), "meanSurrogate", surrogate.meanSurrogate(), "fractionBounded",
                    surrogate.fractionBounded(), "meanJacobianFrobenius", surrogate.jacobian().meanFrobenius(), "meanJacobianL11",
                    surrogate.jacobian().meanL11()));
            return results;
        }
    }

    /** The attack run of {@code spec} on {@code model} and {@code split}: what {@code attack} and {@code rerun} both execute. */
    static Run run(Model model, DataSplit split, AttackRunSpec spec, Attack attack) {
        radlab.train.Evaluator.requireCompatible(model, split.test());
        Dataset train = spec.attackSize() == 0 ? split.train() : Splits.subsample(split.train(), spec.attackSize(), 1);
        Dataset test = spec.attackSize() == 0 ? split.test() : Splits.subsample(split.test(), spec.attackSize(), 2);
        RobustMetrics onTrain = RobustEvaluator.evaluate(model, train, attack);
        long t0 = System.nanoTime();
        RobustEvaluator.Detailed testRun = RobustEvaluator.evaluateDetailed(model, test, attack);
        double attackSeconds = (System.nanoTime() - t0) / 1e9;
        RobustBracket bracket = radlab.experiment.TrainRun.bracket(model, test, testRun, attackSeconds, attack.threat(), spec.certifySize(),
                radlab.certify.Certifier.methods(spec.certificates()));
        // the surrogate reads the same adversarial examples as the robust metrics: the test set is attacked once
        SurrogateComparison sc = SurrogateComparison.measure(model, test, attack, RobustEvaluator.DEFAULT_BATCH, testRun.attackLosses());
        return new Run(model, train, test, onTrain, testRun, bracket, sc);
    }

    /**
     * For a suite whose Square stage follows gradient attacks: its row counts exactly the samples that every gradient
     * attack left robust and the gradient-free search broke, so say so.
     */
    static java.util.Optional<String> squareNote(List<radlab.attack.AttackStage> stages) {
        int at = stages.stream().map(radlab.attack.AttackStage::attack).toList().indexOf(radlab.attack.Square.NAME);
        if (at < 1) return java.util.Optional.empty();
        int broken = stages.get(at).broken();
        return java.util.Optional.of(String.format("Square broke %d sample%s that the gradient attacks left robust%s", broken, broken == 1 ? "" : "s",
                broken > 0 ? " (a sign of gradient masking: the gradient attacks' robust accuracy overstates robustness)" : ""));
    }

    @Override
    public Integer call() {
        AttackRunSpec spec = spec();
        Attack attack = specFile == null ? AttackOptions.build(spec.attack()) : SpecFiles.inFile(specFile, () -> AttackOptions.build(spec.attack()));
        Integer attackSize = spec.attackSize() == 0 ? null : spec.attackSize();
        java.time.Duration budget = verifyBudget(spec);
        try (StagedDirectory staged = output.open("attack")) { // checks the destination before any work
            ModelIO.SavedModel saved = ModelIO.load(modelDir);
            DataSplit split = data.loadFor(saved);
            Run r = run(saved.model(), split, spec, attack);
            Dataset train = r.train(), test = r.test();
            RobustMetrics onTrain = r.onTrain(), onTest = r.testRun().metrics();
            RobustEvaluator.Detailed testRun = r.testRun();
            RobustBracket bracket = r.bracket();
            SurrogateComparison sc = r.surrogate();
            CheckedVerification checked = budget == null ? null : verify(r, attack.threat(), budget);
            VerificationSummary verified = checked == null ? null : checked.verification();
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("model", modelDir.toAbsolutePath().normalize().toString()); // rerun reads the model from here
            config.put("attack", attack.settings());
            config.put("attackSize", attackSize == null ? "all" : attackSize); // Provenance copies config with Map.copyOf: no nulls
            config.put("certifySize", spec.certifySize());
            config.put("spec", spec.toTree());
            config.put("data", data.describe());
            Map<String, Object> results = r.results();
            if (verified != null) results.put("testVerification", verified.summary(budget));
            results.put("config", config);
            results.put("provenance", Provenance.of("attack", config, train, test));
            Json.write(staged.path().resolve("attack.json"), results);
            Json.write(staged.path().resolve(SpecFiles.SPEC_JSON), spec.toTree());
            radlab.attack.AttackTables.surrogate(sc).write(staged.path().resolve("surrogate.csv"));
            if (checked != null) {
                radlab.verify.VerificationTables.perSample(checked, test.labels(0, checked.size())).write(staged.path().resolve("verification.csv"));
            }
            Charts.savePng(Charts.surrogateScatter(sc, "Surrogate vs " + attack.describe()), staged.path().resolve("surrogate.png"));
            if (saveAdversarial) AdversarialExport.write(testRun.evidence(), staged.path(), "adversarial-test");
            Path runDir = staged.commit();
            System.out.println("train: " + onTrain);
            System.out.println("test:  " + onTest);
            testRun.evidence().stages().forEach(st -> System.out.println("       " + st));
            squareNote(testRun.evidence().stages()).ifPresent(n -> System.out.println("       " + n));
            System.out.println("test:  " + bracket);
            if (verified != null) System.out.println("test:  complete verification, " + verified);
            System.out.println(sc);
            System.out.println("report in " + runDir.toAbsolutePath());
            return 0;
        }
    }
}
