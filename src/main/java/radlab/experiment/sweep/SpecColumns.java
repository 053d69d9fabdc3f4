package radlab.experiment.sweep;

import radlab.spec.ExperimentSpec;
import radlab.spec.ObjectiveSpec;
import radlab.spec.SpecHash;
import radlab.spec.SpecJson;

/**
 * The spec part of a result row: one column per spec field ({@code spec.*}; fields an objective kind does not have
 * are NaN or empty, so every row has the same spec columns; {@code spec.verify_budget} only where complete
 * verification is on), and {@code config}, the hash of the spec without its
 * seed, which groups the seeds of one configuration for aggregation.
 */
public final class SpecColumns {
    public static final String CONFIG = "config";
    public static final String SEED = "spec.seed";

    private SpecColumns() {}

    public static void put(ResultRow.Builder b, ExperimentSpec s) {
        b.put(CONFIG, configId(s));
        b.put("spec.dataset", s.data().dataset()).put("spec.train_size", (long) s.data().trainSize())
                .put("spec.test_size", (long) s.data().testSize()).put("spec.split_seed", s.data().splitSeed());
        b.put("spec.arch", s.model().arch()).put("spec.activation", s.model().activation());
        ObjectiveSpec o = s.objective();
        double lambda = Double.NaN, epsilon = Double.NaN, stepSize = Double.NaN, beta = Double.NaN, bound = Double.NaN;
        long projections = 0, steps = 0;
        String norm = "";
        if (o instanceof ObjectiveSpec.JacobianL2 j) {
            lambda = j.lambda();
            projections = j.projections();
        } else if (o instanceof ObjectiveSpec.JacobianL1 j) {
            lambda = j.lambda();
        } else if (o instanceof ObjectiveSpec.Adversarial a) {
            norm = a.norm();
            epsilon = a.epsilon();
            steps = a.steps();
            stepSize = a.effectiveStepSize();
        } else if (o instanceof ObjectiveSpec.Trades t) {
            beta = t.beta();
            norm = t.norm();
            epsilon = t.epsilon();
            steps = t.steps();
            stepSize = t.effectiveStepSize();
        } else if (o instanceof ObjectiveSpec.InputGradient g) {
            lambda = g.lambda();
        } else if (o instanceof ObjectiveSpec.Spectral sp) {
            lambda = sp.lambda();
            bound = sp.bound();
        }
        b.put("spec.objective", o.kind()).put("spec.lambda", lambda).put("spec.projections", projections)
                .put("spec.adv_norm", norm).put("spec.adv_epsilon", epsilon).put("spec.adv_steps", steps)
                .put("spec.adv_step_size", stepSize).put("spec.trades_beta", beta).put("spec.spectral_bound", bound);
        b.put("spec.optimizer", s.optimizer().kind()).put("spec.learning_rate", s.optimizer().learningRate())
                .put("spec.momentum", s.optimizer().momentum()).put("spec.batch_size", (long) s.optimizer().batchSize())
                .put("spec.epochs", (long) s.optimizer().epochs()).put("spec.weight_decay", s.optimizer().weightDecay());
        b.put("spec.epsilon_l2", s.evaluation().epsilonL2()).put("spec.epsilon_linf", s.evaluation().epsilonLinf())
                .put("spec.attack_steps", (long) s.evaluation().attackSteps()).put("spec.eval_size", (long) s.evaluation().evalSize())
                .put("spec.attack_targets", (long) s.evaluation().attackTargets()).put("spec.baseline_steps", (long) s.evaluation().baselineSteps())
                .put("spec.certify_size", (long) s.evaluation().certifySize());
        // only when set, so that the rows of sweeps without complete verification keep their columns
        if (s.evaluation().verifies()) b.put("spec.verify_budget", s.evaluation().verifyBudget());
        b.put(SEED, s.seed());
    }

    /** 16 hex digits of the SHA-256 of the canonical spec with seed 0: equal for the seeds of one configuration. */
    public static String configId(ExperimentSpec s) {
        ExperimentSpec noSeed = new ExperimentSpec(s.data(), s.model(), s.objective(), s.optimizer(), s.evaluation(), 0);
        return SpecHash.sha256(SpecJson.canonical(noSeed)).substring(0, 16);
    }
}
