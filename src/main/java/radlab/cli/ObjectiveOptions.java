package radlab.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.jacobian.JacobianRegularizer;
import radlab.spec.Defaults;
import radlab.spec.ObjectiveSpec;

/** What {@code radlab train} minimises: plain cross-entropy, a Jacobian-regularized loss, or adversarial training. */
public final class ObjectiveOptions {
    @Option(names = "--jacobian-reg", defaultValue = "none", paramLabel = "none|l2|l1",
            description = "Jacobian regularizer: l2 = λ·‖∇ₓf‖_F² (for ℓ2 attacks), l1 = λ·‖∇ₓf‖_{1,1} (for ℓ∞ attacks) (default: ${DEFAULT-VALUE}).")
    String jacobianReg;

    @Option(names = "--lambda", defaultValue = "" + Defaults.LAMBDA, paramLabel = "λ",
            description = "Regularization strength λ ≥ 0 (default: ${DEFAULT-VALUE}; used with --jacobian-reg).")
    double lambda;

    @Option(names = "--jacobian-projections", defaultValue = "" + Defaults.PROJECTIONS, paramLabel = "R",
            description = "0 = exact regularizer gradient (K backward seeds per sample); R ≥ 1 = unbiased estimate of ‖J‖_F² from R random projections (l2 only, faster).")
    int projections;

    @Option(names = "--adversarial-training",
            description = "Train on PGD-attacked inputs (the --norm/--epsilon/--steps settings, default " + Defaults.Cli.PGD_STEPS
                    + " steps, α = 2.5·ε/steps, random starts seeded by --seed) instead: the PGD adversarial-training baseline.")
    boolean adversarialTraining;

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    /** The objective as a spec, checked with one-line errors naming the option. */
    ObjectiveSpec spec(AttackOptions attack) {
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
        if (adversarialTraining) {
            String a = attack.attackName();
            if (!a.equals("pgd") && !a.equals("apgd")) {
                throw new IllegalArgumentException("--adversarial-training trains with PGD; --attack " + a + " names only the evaluation attack with it, use pgd or apgd");
            }
            if (attack.customPgd()) throw new IllegalArgumentException("--adversarial-training uses the standard PGD (α = 2.5·ε/steps, random start); drop --step-size/--no-random-start");
            ThreatModel t = attack.threat();
            int steps = attack.steps() != null ? attack.steps() : Defaults.Cli.PGD_STEPS;
            if (steps < 1) throw new IllegalArgumentException("--steps: (A)PGD steps must be ≥ 1, got " + steps);
            return OptionErrors.named("--epsilon", () -> new ObjectiveSpec.Adversarial(t.norm() == AttackNorm.LINF ? "linf" : "l2", t.epsilon(), steps));
        }
        if (!jac) return new ObjectiveSpec.Plain();
        JacobianRegularizer r = OptionErrors.named("--jacobian-reg", () -> JacobianRegularizer.parse(jacobianReg));
        if (r == JacobianRegularizer.L2) return new ObjectiveSpec.JacobianL2(lambda, projections);
        if (projections > 0) {
            throw new IllegalArgumentException("--jacobian-projections: random projections estimate ‖J‖_F² only; use exact gradients (projections 0) for the l1 regularizer");
        }
        return new ObjectiveSpec.JacobianL1(lambda);
    }
}
