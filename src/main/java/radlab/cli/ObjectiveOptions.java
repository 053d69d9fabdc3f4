package radlab.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import radlab.attack.AdversarialObjective;
import radlab.jacobian.JacobianRegularizedObjective;
import radlab.jacobian.JacobianRegularizer;
import radlab.train.CrossEntropyObjective;
import radlab.train.Objective;

/** What {@code radlab train} minimises: plain cross-entropy, a Jacobian-regularized loss, or adversarial training. */
public final class ObjectiveOptions {
    @Option(names = "--jacobian-reg", defaultValue = "none", paramLabel = "none|l2|l1",
            description = "Jacobian regularizer: l2 = λ·‖∇ₓf‖_F² (for ℓ2 attacks), l1 = λ·‖∇ₓf‖_{1,1} (for ℓ∞ attacks) (default: ${DEFAULT-VALUE}).")
    String jacobianReg;

    @Option(names = "--lambda", defaultValue = "0.01", paramLabel = "λ",
            description = "Regularization strength λ ≥ 0 (default: ${DEFAULT-VALUE}; used with --jacobian-reg).")
    double lambda;

    @Option(names = "--jacobian-projections", defaultValue = "0", paramLabel = "R",
            description = "0 = exact regularizer gradient (K backward seeds per sample); R ≥ 1 = unbiased estimate of ‖J‖_F² from R random projections (l2 only, faster).")
    int projections;

    @Option(names = "--adversarial-training",
            description = "Train on attacked inputs (the --attack/--norm/--epsilon settings) instead: the PGD adversarial-training baseline.")
    boolean adversarialTraining;

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    Objective build(AttackOptions attack, long seed) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("--lambda must be a finite number ≥ 0, got " + lambda);
        if (projections < 0) throw new IllegalArgumentException("--jacobian-projections must be ≥ 0, got " + projections);
        boolean jac = !jacobianReg.trim().equalsIgnoreCase("none");
        // Without a regularizer these were silently ignored, so a run recorded a λ that had no effect (issue #11).
        for (String option : new String[] {"--lambda", "--jacobian-projections"}) {
            if (!jac && command != null && command.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " applies only with --jacobian-reg l2 or l1");
            }
        }
        if (Double.doubleToRawLongBits(lambda) == Long.MIN_VALUE) throw new IllegalArgumentException("--lambda must be a finite number ≥ 0, got -0.0");
        if (jac && adversarialTraining) throw new IllegalArgumentException("choose either --jacobian-reg or --adversarial-training, not both");
        if (adversarialTraining) return new AdversarialObjective(attack.buildForTraining());
        if (!jac) return new CrossEntropyObjective();
        JacobianRegularizer r = OptionErrors.named("--jacobian-reg", () -> JacobianRegularizer.parse(jacobianReg));
        return OptionErrors.named("--jacobian-projections", () -> new JacobianRegularizedObjective(r, lambda, projections, seed));
    }
}
