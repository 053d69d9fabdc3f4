package radlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import radlab.attack.RobustMetrics;
import radlab.experiment.TrainRun;
import radlab.report.StagedDirectory;
import radlab.spec.AttackSpec;
import radlab.spec.Defaults;
import radlab.spec.EvaluationSpec;
import radlab.spec.ExperimentSpec;
import radlab.spec.ModelSpec;
import radlab.spec.ObjectiveSpec;
import radlab.spec.OptimizerSpec;
import radlab.spec.TrainSpec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a fully connected or convolutional network (--arch; cross-entropy, optionally Jacobian-regularized or adversarially trained),",
                "then measure its input-Jacobian norms and robust accuracy on the test set. Writes",
                "reports/RUN/{spec.json, results.json, history.csv, training-curves.png, model/}; `radlab rerun` repeats it from spec.json."})
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
        ModelSpec modelSpec = model.modelSpec();
        OptimizerSpec optimizerSpec = model.optimizerSpec();
        ObjectiveSpec objectiveSpec = objectiveOptions.spec(attackOptions);
        AttackSpec evaluation = attackOptions.spec();
        AttackOptions.build(evaluation); // validates restarts, targets
        try (StagedDirectory staged = output.open("train")) { // checks the destination before any work
            DataOptions.Resolved d = data.resolve();
            TrainSpec spec = spec(d.spec(), modelSpec, objectiveSpec, optimizerSpec, model.seed, noRobustEval ? null : evaluation, certify.certifySize);
            TrainRun.check(spec, d.split());
            TrainRun.Result r = TrainRun.run(spec, d.split(), ConsoleProgress.create(output.quiet), line -> {
                if (!output.quiet) System.err.println(line);
            });
            Path written = TrainingReport.write(staged, r, TrainingReport.provenance("train", r));
            System.out.println(summary(r, written));
            return 0;
        }
    }

    /**
     * The train spec of the options. The experiment's evaluation section (the sweep's measurement, unused by train)
     * takes its defaults, with the sample size capped by the data.
     */
    static TrainSpec spec(radlab.spec.DataSpec data, ModelSpec model, ObjectiveSpec objective, OptimizerSpec optimizer, long seed,
                          AttackSpec evaluation, int certifySize) {
        int evalSize = Math.min(Defaults.EVAL_SIZE, Math.min(data.trainSize(), data.testSize()));
        EvaluationSpec ev = new EvaluationSpec(Defaults.EPSILON_L2, Defaults.EPSILON_LINF, Defaults.ATTACK_STEPS, evalSize);
        return new TrainSpec(new ExperimentSpec(data, model, objective, optimizer, ev, seed), evaluation, certifySize);
    }

    /** A pass count as an integer when it is one (1.5 stays 1.5). */
    static String passes(double p) {
        return p == Math.rint(p) && Math.abs(p) < 1e15 ? String.valueOf((long) p) : String.valueOf(p);
    }

    static String summary(TrainRun.Result r, Path written) {
        String robust = "";
        if (r.robust() != null) {
            RobustMetrics rm = r.robust().metrics();
            robust = String.format("; %s robust test accuracy %.2f%%", r.evaluationAttack().describe(), 100 * rm.adversarial().accuracy());
            if (r.bracket().certifiedSize() > 0) {
                robust += String.format(", on the first %d: [certified %.2f%%, attacked %.2f%%]", r.bracket().certifiedSize(),
                        100 * r.bracket().certifiedAccuracy(), 100 * r.bracket().attackedOnCertified());
            }
        }
        var cost = r.history().cost();
        return String.format("train %s, test %s; mean test ‖J‖_F %.3f%s; cost %.1f s, %s passes per example; report in %s", r.history().last().train(),
                r.history().last().test(), r.testJacobian().meanFrobenius(), robust, cost.wallSeconds(), passes(cost.totalPassesPerExample()), written);
    }
}
