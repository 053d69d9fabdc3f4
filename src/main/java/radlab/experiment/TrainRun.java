package radlab.experiment;

import java.util.List;
import java.util.stream.IntStream;
import radlab.attack.Attack;
import radlab.attack.AttackNorm;
import radlab.attack.RobustEvaluator;
import radlab.attack.ThreatModel;
import radlab.certify.CertifiedAccuracy;
import radlab.certify.Certifier;
import radlab.certify.RobustBracket;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.ShiftAugmentation;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianNorms;
import radlab.nn.Model;
import radlab.spec.SpecFactory;
import radlab.spec.TrainSpec;
import radlab.train.Objective;
import radlab.train.Trainer;
import radlab.train.TrainingHistory;
import radlab.train.TrainingListener;

/**
 * What {@code radlab train} computes, as a function of its {@link TrainSpec} and the split it describes: initialise,
 * train, then measure the test set's input-Jacobian norms and (unless the spec has none) robust accuracy as the
 * bracket [certified, attacked]. {@code radlab rerun} calls the same function, so a rerun is the same computation.
 */
public final class TrainRun {
    /** Samples per batch of the Jacobian norms. */
    public static final int JACOBIAN_BATCH = 250;

    /** One run's outputs; {@code robust} is null when the spec has no robust evaluation. */
    public record Result(TrainSpec spec, DataSplit split, Model model, Objective objective, TrainingHistory history, JacobianNorms testJacobian,
                         Attack evaluationAttack, RobustEvaluator.Detailed robust, RobustBracket bracket) {}

    private TrainRun() {}

    /** Checks what can be checked before training: the objective, the evaluation attack, the augmentation against the data. */
    public static void check(TrainSpec spec, DataSplit split) {
        checkSpec(spec);
        ShiftAugmentation.requireFits(spec.experiment().optimizer().augmentShift(), split.train().inputDim());
    }

    /** Checks the objective and the evaluation attack (what can be checked without data). */
    public static void checkSpec(TrainSpec spec) {
        SpecFactory.objective(spec.experiment());
        if (spec.robustEvaluation() != null) SpecFactory.attack(spec.robustEvaluation());
    }

    public static Result run(TrainSpec spec, DataSplit split, TrainingListener listener, java.util.function.Consumer<String> log) {
        check(spec, split);
        Objective objective = SpecFactory.objective(spec.experiment());
        Model net = SpecFactory.network(spec.experiment(), split.train());
        log.accept("training " + net + " with " + objective.describe() + " on " + split.train());
        TrainingHistory h = new Trainer(SpecFactory.trainConfig(spec.experiment()), objective, listener).fit(net, split);
        JacobianNorms jn = InputJacobians.norms(net, split.test().features(), JACOBIAN_BATCH);
        if (spec.robustEvaluation() == null) return new Result(spec, split, net, objective, h, jn, null, null, null);
        Attack attack = SpecFactory.attack(spec.robustEvaluation());
        long t0 = System.nanoTime();
        RobustEvaluator.Detailed attacked = RobustEvaluator.evaluateDetailed(net, split.test(), attack);
        RobustBracket bracket = bracket(net, split.test(), attacked, (System.nanoTime() - t0) / 1e9,
                new ThreatModel(AttackNorm.parse(spec.robustEvaluation().norm()), spec.robustEvaluation().epsilon()), spec.certifySize());
        return new Result(spec, split, net, objective, h, jn, attack, attacked, bracket);
    }

    /** The bracket [certified, attacked] from an attack run on {@code data} and certificates on its first {@code certifySize} samples. */
    public static RobustBracket bracket(Model model, Dataset data, RobustEvaluator.Detailed attacked, double attackSeconds, ThreatModel threat,
                                        int certifySize) {
        return bracket(model, data, attacked, attackSeconds, threat, certifySize, Certifier.DEFAULT_METHODS);
    }

    /** As {@link #bracket(Model, Dataset, RobustEvaluator.Detailed, double, ThreatModel, int)} with the certificates {@code methods}. */
    public static RobustBracket bracket(Model model, Dataset data, RobustEvaluator.Detailed attacked, double attackSeconds, ThreatModel threat,
                                        int certifySize, List<Certifier.Method> methods) {
        int n = Math.min(certifySize, data.size());
        List<CertifiedAccuracy> certs = n == 0 ? List.of() : Certifier.all(model, certified(data, n), threat, methods);
        return RobustBracket.of(attacked.evidence(), attackSeconds, null, Double.NaN, Double.NaN, certs);
    }

    /** The first {@code n} samples of {@code data}: the samples a bracket certifies. */
    public static Dataset certified(Dataset data, int n) {
        return data.rows(IntStream.range(0, n).toArray(), data.name() + "-certified");
    }
}
