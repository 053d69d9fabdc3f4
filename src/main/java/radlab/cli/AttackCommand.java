package radlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import radlab.attack.AdversarialExport;
import radlab.attack.Attack;
import radlab.attack.RobustEvaluator;
import radlab.attack.RobustMetrics;
import radlab.attack.SurrogateComparison;
import radlab.certify.RobustBracket;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.Splits;
import radlab.nn.ModelIO;
import radlab.plot.Charts;
import radlab.report.Json;
import radlab.report.Provenance;
import radlab.report.StagedDirectory;

@Command(name = "attack", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Attack a saved model (by default the APGD suite; also single APGD attacks, PGD or FGSM; ℓ2 or ℓ∞): robust loss and",
                "accuracy on train and test, per attack of the suite, and per test sample the Jacobian surrogate ℓ + √2·ε·‖J‖ next to the",
                "attack loss, all from one attack run. Writes reports/RUN/{attack.json, surrogate.csv, surrogate.png} and, with",
                "--save-adversarial, the adversarial test examples (adversarial-test-*.gz, adversarial-test.csv)."})
final class AttackCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory written by 'radlab train' (reports/RUN/model).")
    Path modelDir;

    @Mixin AttackOptions attackOptions;

    @Option(names = "--attack-size", paramLabel = "N", description = "Attack only N stratified examples of each of train and test (default: all).")
    Integer attackSize;

    @Option(names = "--save-adversarial", description = "Also write the adversarial test examples as gzipped IDX and a per-sample CSV.")
    boolean saveAdversarial;

    @Mixin CertifyOptions certify;
    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    @Override
    public Integer call() {
        Attack attack = attackOptions.build();
        if (attackSize != null && attackSize <= 0) throw new IllegalArgumentException("--attack-size must be positive, got " + attackSize);
        certify.validate();
        try (StagedDirectory staged = output.open("attack")) { // checks the destination before any work
            ModelIO.SavedModel saved = ModelIO.load(modelDir);
            DataSplit split = data.loadFor(saved);
            radlab.train.Evaluator.requireCompatible(saved.model(), split.test());
            Dataset train = attackSize == null ? split.train() : Splits.subsample(split.train(), attackSize, 1);
            Dataset test = attackSize == null ? split.test() : Splits.subsample(split.test(), attackSize, 2);
            RobustMetrics onTrain = RobustEvaluator.evaluate(saved.model(), train, attack);
            long t0 = System.nanoTime();
            RobustEvaluator.Detailed testRun = RobustEvaluator.evaluateDetailed(saved.model(), test, attack);
            double attackSeconds = (System.nanoTime() - t0) / 1e9;
            RobustMetrics onTest = testRun.metrics();
            RobustBracket bracket = certify.bracket(saved.model(), test, testRun, attackSeconds, attack.threat());
            // the surrogate reads the same adversarial examples as the robust metrics: the test set is attacked once
            SurrogateComparison sc = SurrogateComparison.measure(saved.model(), test, attack, RobustEvaluator.DEFAULT_BATCH, testRun.attackLosses());
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("model", modelDir.toString());
            config.put("attack", attack.settings());
            config.put("attackSize", attackSize == null ? "all" : attackSize); // Provenance copies config with Map.copyOf: no nulls
            config.put("certifySize", certify.certifySize);
            config.put("data", data.describe());
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("model", saved.model().describe());
            results.put("train", onTrain);
            results.put("test", onTest);
            results.put("testStages", testRun.evidence().stages());
            results.put("testBracket", bracket.summary());
            results.put("robustGap", Map.of("loss", onTest.adversarial().loss() - onTrain.adversarial().loss(),
                    "error", onTest.adversarial().error() - onTrain.adversarial().error()));
            results.put("surrogate", Map.of("meanCleanLoss", java.util.Arrays.stream(sc.cleanLoss()).average().orElse(Double.NaN),
                    "meanAttackLoss", sc.meanAttackLoss(), "meanSurrogate", sc.meanSurrogate(), "fractionBounded", sc.fractionBounded(),
                    "meanJacobianFrobenius", sc.jacobian().meanFrobenius(), "meanJacobianL11", sc.jacobian().meanL11()));
            results.put("config", config);
            results.put("provenance", Provenance.of("attack", config, train, test));
            Json.write(staged.path().resolve("attack.json"), results);
            sc.toTable().write(staged.path().resolve("surrogate.csv"));
            Charts.savePng(Charts.surrogateScatter(sc, "Surrogate vs " + attack.describe()), staged.path().resolve("surrogate.png"));
            if (saveAdversarial) AdversarialExport.write(testRun.evidence(), staged.path(), "adversarial-test");
            Path runDir = staged.commit();
            System.out.println("train: " + onTrain);
            System.out.println("test:  " + onTest);
            testRun.evidence().stages().forEach(st -> System.out.println("       " + st));
            System.out.println("test:  " + bracket);
            System.out.println(sc);
            System.out.println("report in " + runDir.toAbsolutePath());
            return 0;
        }
    }
}
