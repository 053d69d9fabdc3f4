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
            description = "Attack settings as JSON ({\"kind\": \"attack\", \"attack\": {…}, \"attackSize\": N, \"certifySize\": N}, the form of an attack "
                    + "report's spec.json); excludes the attack, --attack-size and --certify-size options.")
    Path specFile;

    @Mixin AttackOptions attackOptions;

    @Option(names = "--attack-size", paramLabel = "N", description = "Attack only N stratified examples of each of train and test (default: all).")
    Integer attackSize;

    @Option(names = "--save-adversarial", description = "Also write the adversarial test examples as gzipped IDX and a per-sample CSV.")
    boolean saveAdversarial;

    @Mixin CertifyOptions certify;
    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    @Spec CommandSpec command;

    /** Options a spec file replaces. */
    private static final List<String> SPEC_OPTIONS = List.of("--attack", "--norm", "--epsilon", "--steps", "--restarts", "--target-classes",
            "--step-size", "--no-random-start", "--attack-seed", "--queries", "--p-init", "--attack-size", "--certify-size");

    /** The run's settings: from --spec, else from the options (checked either way before any work). */
    AttackRunSpec spec() {
        if (specFile != null) {
            List<String> given = SPEC_OPTIONS.stream().filter(o -> command.commandLine().getParseResult().hasMatchedOption(o)).toList();
            if (!given.isEmpty()) throw new IllegalArgumentException("--spec gives the attack settings; drop " + String.join(", ", given));
            return SpecFiles.read(specFile, AttackRunSpec::parse);
        }
        if (attackSize != null && attackSize <= 0) throw new IllegalArgumentException("--attack-size must be positive, got " + attackSize);
        certify.validate();
        return new AttackRunSpec(attackOptions.spec(), attackSize == null ? 0 : attackSize, certify.certifySize);
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
        RobustBracket bracket = radlab.experiment.TrainRun.bracket(model, test, testRun, attackSeconds, attack.threat(), spec.certifySize());
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
        try (StagedDirectory staged = output.open("attack")) { // checks the destination before any work
            ModelIO.SavedModel saved = ModelIO.load(modelDir);
            DataSplit split = data.loadFor(saved);
            Run r = run(saved.model(), split, spec, attack);
            Dataset train = r.train(), test = r.test();
            RobustMetrics onTrain = r.onTrain(), onTest = r.testRun().metrics();
            RobustEvaluator.Detailed testRun = r.testRun();
            RobustBracket bracket = r.bracket();
            SurrogateComparison sc = r.surrogate();
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("model", modelDir.toAbsolutePath().normalize().toString()); // rerun reads the model from here
            config.put("attack", attack.settings());
            config.put("attackSize", attackSize == null ? "all" : attackSize); // Provenance copies config with Map.copyOf: no nulls
            config.put("certifySize", spec.certifySize());
            config.put("spec", spec.toTree());
            config.put("data", data.describe());
            Map<String, Object> results = r.results();
            results.put("config", config);
            results.put("provenance", Provenance.of("attack", config, train, test));
            Json.write(staged.path().resolve("attack.json"), results);
            Json.write(staged.path().resolve(SpecFiles.SPEC_JSON), spec.toTree());
            radlab.attack.AttackTables.surrogate(sc).write(staged.path().resolve("surrogate.csv"));
            Charts.savePng(Charts.surrogateScatter(sc, "Surrogate vs " + attack.describe()), staged.path().resolve("surrogate.png"));
            if (saveAdversarial) AdversarialExport.write(testRun.evidence(), staged.path(), "adversarial-test");
            Path runDir = staged.commit();
            System.out.println("train: " + onTrain);
            System.out.println("test:  " + onTest);
            testRun.evidence().stages().forEach(st -> System.out.println("       " + st));
            squareNote(testRun.evidence().stages()).ifPresent(n -> System.out.println("       " + n));
            System.out.println("test:  " + bracket);
            System.out.println(sc);
            System.out.println("report in " + runDir.toAbsolutePath());
            return 0;
        }
    }
}
