package radlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import radlab.attack.Attack;
import radlab.attack.RobustEvaluator;
import radlab.attack.RobustMetrics;
import radlab.certify.RobustBracket;
import radlab.data.DataSplit;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianNorms;
import radlab.nn.Model;
import radlab.nn.Network;
import radlab.report.Provenance;
import radlab.report.StagedDirectory;
import radlab.train.Objective;
import radlab.train.Trainer;
import radlab.train.TrainingHistory;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a fully connected or convolutional network (--arch; cross-entropy, optionally Jacobian-regularized or adversarially trained),",
                "then measure its input-Jacobian norms and robust accuracy on the test set. Writes",
                "reports/RUN/{results.json, history.csv, training-curves.png, model/}."})
final class TrainCommand implements Callable<Integer> {
    @Mixin ModelOptions model;
    @Mixin ObjectiveOptions objectiveOptions;
    @Mixin AttackOptions attackOptions;
    @Mixin DataOptions data;
    @Mixin CertifyOptions certify;
    @Mixin OutputOptions output;

    @Option(names = "--no-robust-eval", description = "Skip the post-training attack on the test set.")
    boolean noRobustEval;

    @Override
    public Integer call() {
        model.validate();
        certify.validate();
        Objective objective = objectiveOptions.build(attackOptions, model.seed);
        Attack evalAttack = attackOptions.build();
        try (StagedDirectory staged = output.open("train")) { // checks the destination before any work
            DataSplit split = data.load();
            radlab.data.ShiftAugmentation.requireFits(model.augmentShift, split.train().inputDim());
            Model net = Network.initialize(model.architecture(split.train().inputDim(), split.train().numClasses()), model.seed, model.dataType());
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("model", model.describe());
            config.put("data", data.describe());
            config.put("objective", objective.settings());
            if (!noRobustEval) config.put("robustEvaluation", evalAttack.settings());
            Provenance prov = Provenance.of("train", config, split.train(), split.test());
            if (!output.quiet) System.err.println("training " + net + " with " + objective.describe() + " on " + split.train());
            TrainingHistory h = new Trainer(model.trainConfig(), objective, ConsoleProgress.create(output.quiet)).fit(net, split);
            Map<String, Object> extra = new LinkedHashMap<>();
            JacobianNorms jn = InputJacobians.norms(net, split.test().features(), 250);
            extra.put("testJacobianNorms", Map.of("meanFrobenius", jn.meanFrobenius(), "meanSquaredFrobenius", jn.meanSquaredFrobenius(),
                    "meanL11", jn.meanL11(), "meanOperator", jn.meanOperator(), "maxOperator", jn.maxOperator()));
            String robust = "";
            if (!noRobustEval) {
                long t0 = System.nanoTime();
                RobustEvaluator.Detailed attacked = RobustEvaluator.evaluateDetailed(net, split.test(), evalAttack);
                RobustMetrics rm = attacked.metrics();
                RobustBracket bracket = certify.bracket(net, split.test(), attacked, (System.nanoTime() - t0) / 1e9, evalAttack.threat());
                extra.put("testRobust", rm);
                extra.put("testRobustBracket", bracket.summary());
                robust = String.format("; %s robust test accuracy %.2f%%, certified ≥ %.2f%% (first %d)", evalAttack.describe(),
                        100 * rm.adversarial().accuracy(), 100 * bracket.certifiedAccuracy(), bracket.certifiedSize());
            }
            Path written = TrainingReport.write(staged, net.describe() + ", " + objective.describe(), net, split, h, config, prov, extra);
            System.out.printf("train %s, test %s; mean test ‖J‖_F %.3f%s; report in %s%n", h.last().train(), h.last().test(),
                    jn.meanFrobenius(), robust, written);
            return 0;
        }
    }
}
