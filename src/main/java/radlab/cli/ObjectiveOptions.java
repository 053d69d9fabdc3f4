package radlab.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.jacobian.JacobianRegularizer;
import radlab.spec.Defaults;
import radlab.spec.ObjectiveSpec;

/** What {@code radlab train} minimises: plain cross-entropy, a Jacobian-regularized loss, adversarial training, TRADES, input-gradient or spectral regularization. */
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
                    + " steps, α = 2.5·ε/steps or --adv-step-size, random starts seeded by --seed) instead: the PGD adversarial-training baseline.")
    boolean adversarialTraining;

    @Option(names = "--adv-step-size", paramLabel = "ALPHA",
            description = "Step size α of adversarial training's PGD (default: 2.5·ε/steps; with --adversarial-training or --objective adversarial).")
    Double advStepSize;

    @Option(names = "--objective", paramLabel = "KIND",
            description = "What to minimise, by its spec kind: plain, l2-jacobian, l1-jacobian, adversarial, trades, input-gradient or spectral "
                    + "(default: plain, or what --jacobian-reg / --adversarial-training say).")
    String objective;

    @Option(names = "--beta", defaultValue = "" + Defaults.TRADES_BETA, paramLabel = "β",
            description = "TRADES weight β ≥ 0 of KL(f(x)‖f(x′)) (default: ${DEFAULT-VALUE}; with --objective trades).")
    double beta;

    @Option(names = "--trades-steps", defaultValue = "" + Defaults.TRADES_STEPS, paramLabel = "K",
            description = "Steps K ≥ 1 of TRADES's inner maximisation in the --norm/--epsilon ball (default: ${DEFAULT-VALUE}).")
    int tradesSteps;

    @Option(names = "--trades-step-size", paramLabel = "ALPHA", description = "Step size of TRADES's inner maximisation (default: 2.5·ε/K).")
    Double tradesStepSize;

    @Option(names = "--spectral-bound", paramLabel = "S",
            description = "With --objective spectral: keep every layer's spectral norm ≤ S > 0 (rescaled after each step); the penalty is --lambda (0 for the constraint alone).")
    Double spectralBound;

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    private boolean given(String option) {
        return command != null && command.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The objective kind the options name (checked: --objective against the older switches). */
    private String kind() {
        boolean jac = !jacobianReg.trim().equalsIgnoreCase("none");
        if (jac && adversarialTraining) throw new IllegalArgumentException("choose either --jacobian-reg or --adversarial-training, not both");
        if (objective != null) {
            String k = objective.trim().toLowerCase();
            if (!java.util.List.of("plain", "l2-jacobian", "l1-jacobian", "adversarial", "trades", "input-gradient", "spectral").contains(k)) {
                throw new IllegalArgumentException("--objective: unknown objective '" + objective + "'; expected " + ObjectiveSpec.KINDS);
            }
            if (jac || adversarialTraining) {
                throw new IllegalArgumentException("--objective " + k + ": drop " + (jac ? "--jacobian-reg" : "--adversarial-training") + " (--objective names the objective alone)");
            }
            return k;
        }
        if (adversarialTraining) return "adversarial";
        if (!jac) return "plain";
        return OptionErrors.named("--jacobian-reg", () -> JacobianRegularizer.parse(jacobianReg)) == JacobianRegularizer.L2 ? "l2-jacobian" : "l1-jacobian";
    }

    /** The objective as a spec, checked with one-line errors naming the option. */
    ObjectiveSpec spec(AttackOptions attack) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("--lambda must be a finite number ≥ 0, got " + lambda);
        if (Double.doubleToRawLongBits(lambda) == Long.MIN_VALUE) throw new IllegalArgumentException("--lambda must be a finite number ≥ 0, got -0.0");
        if (projections < 0) throw new IllegalArgumentException("--jacobian-projections must be ≥ 0, got " + projections);
        if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("--beta must be a finite number ≥ 0, got " + beta);
        if (tradesSteps < 1) throw new IllegalArgumentException("--trades-steps must be ≥ 1, got " + tradesSteps);
        if (tradesStepSize != null && !(tradesStepSize > 0 && Double.isFinite(tradesStepSize))) {
            throw new IllegalArgumentException("--trades-step-size must be positive and finite, got " + tradesStepSize);
        }
        if (advStepSize != null && !(advStepSize > 0 && Double.isFinite(advStepSize))) {
            throw new IllegalArgumentException("--adv-step-size must be positive and finite, got " + advStepSize);
        }
        if (spectralBound != null && !(spectralBound > 0 && Double.isFinite(spectralBound))) {
            throw new IllegalArgumentException("--spectral-bound must be positive and finite, got " + spectralBound);
        }
        String kind = kind();
        // An option of another objective would be silently ignored and recorded as if it had an effect (issue #11).
        boolean jac = kind.endsWith("-jacobian");
        requireWith("--lambda", jac || kind.equals("input-gradient") || kind.equals("spectral"),
                "--jacobian-reg l2 or l1, or --objective input-gradient or spectral");
        requireWith("--jacobian-projections", jac, "--jacobian-reg l2 or l1");
        requireWith("--beta", kind.equals("trades"), "--objective trades");
        requireWith("--trades-steps", kind.equals("trades"), "--objective trades");
        requireWith("--trades-step-size", kind.equals("trades"), "--objective trades");
        requireWith("--adv-step-size", kind.equals("adversarial"), "--adversarial-training");
        requireWith("--spectral-bound", kind.equals("spectral"), "--objective spectral");
        return switch (kind) {
            case "adversarial" -> adversarial(attack);
            case "trades" -> {
                ThreatModel t = attack.threat();
                yield OptionErrors.named("--epsilon", () -> new ObjectiveSpec.Trades(beta, norm(t), t.epsilon(), tradesSteps,
                        tradesStepSize != null ? tradesStepSize : Double.NaN));
            }
            case "input-gradient" -> new ObjectiveSpec.InputGradient(lambda);
            case "spectral" -> new ObjectiveSpec.Spectral(lambda, spectralBound != null ? spectralBound : Double.NaN);
            case "l2-jacobian" -> new ObjectiveSpec.JacobianL2(lambda, projections);
            case "l1-jacobian" -> {
                if (projections > 0) {
                    throw new IllegalArgumentException("--jacobian-projections: random projections estimate ‖J‖_F² only; use exact gradients (projections 0) for the l1 regularizer");
                }
                yield new ObjectiveSpec.JacobianL1(lambda);
            }
            default -> new ObjectiveSpec.Plain();
        };
    }

    private void requireWith(String option, boolean applies, String with) {
        if (!applies && given(option)) throw new IllegalArgumentException(option + " applies only with " + with);
    }

    private ObjectiveSpec adversarial(AttackOptions attack) {
        String a = attack.attackName();
        if (!a.equals("pgd") && !a.equals("apgd")) {
            throw new IllegalArgumentException("--adversarial-training trains with PGD; --attack " + a + " names only the evaluation attack with it, use pgd or apgd");
        }
        if (attack.customPgd()) {
            throw new IllegalArgumentException("--adversarial-training uses PGD with a random start; drop --step-size/--no-random-start (they set the evaluation attack), use --adv-step-size");
        }
        ThreatModel t = attack.threat();
        int steps = attack.steps() != null ? attack.steps() : Defaults.Cli.PGD_STEPS;
        if (steps < 1) throw new IllegalArgumentException("--steps: (A)PGD steps must be ≥ 1, got " + steps);
        return OptionErrors.named("--epsilon", () -> new ObjectiveSpec.Adversarial(norm(t), t.epsilon(), steps, advStepSize != null ? advStepSize : Double.NaN));
    }

    private static String norm(ThreatModel t) {
        return t.norm() == AttackNorm.LINF ? "linf" : "l2";
    }
}
