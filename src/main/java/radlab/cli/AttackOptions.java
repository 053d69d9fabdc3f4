package radlab.cli;

import picocli.CommandLine.Option;
import radlab.attack.Attack;
import radlab.attack.AttackNorm;
import radlab.attack.Fgsm;
import radlab.attack.Pgd;
import radlab.attack.ThreatModel;

/** Threat model and attack settings, shared by {@code attack} and by {@code train}'s robust evaluation / adversarial training. */
public final class AttackOptions {
    @Option(names = "--attack", defaultValue = "pgd", paramLabel = "fgsm|pgd", description = "Attack (default: ${DEFAULT-VALUE}).")
    String attack;

    @Option(names = "--norm", defaultValue = "linf", paramLabel = "l2|linf", description = "Threat-model norm (default: ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--epsilon", paramLabel = "EPS",
            description = "Attack radius ε ≥ 0 in [0,1]-scaled pixels (default: 0.1 for linf, 1.0 for l2).")
    Double epsilon;

    @Option(names = "--steps", defaultValue = "20", description = "PGD steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--step-size", paramLabel = "ALPHA", description = "PGD step size α (default: 2.5·ε/steps).")
    Double stepSize;

    @Option(names = "--no-random-start", description = "Start PGD at x instead of a uniform random point of the ε-ball.")
    boolean noRandomStart;

    @Option(names = "--attack-seed", defaultValue = "0", description = "Seed of PGD's random starts (default: ${DEFAULT-VALUE}).")
    long attackSeed;

    ThreatModel threat() {
        AttackNorm n = OptionErrors.named("--norm", () -> AttackNorm.parse(norm));
        double eps = epsilon != null ? epsilon : n == AttackNorm.LINF ? 0.1 : 1.0;
        return OptionErrors.named("--epsilon", () -> new ThreatModel(n, eps));
    }

    /** Builds (and so validates) the attack. */
    Attack build() {
        ThreatModel t = threat();
        if (steps < 1) throw new IllegalArgumentException("--steps: PGD steps must be ≥ 1, got " + steps);
        if (stepSize != null) OptionErrors.named("--step-size", () -> new Pgd(t, steps, stepSize, !noRandomStart, attackSeed));
        return switch (attack.trim().toLowerCase()) {
            case "fgsm" -> new Fgsm(t);
            case "pgd" -> new Pgd(t, steps, stepSize != null ? stepSize : Pgd.defaultStepSize(t.epsilon(), Math.max(steps, 1)),
                    !noRandomStart, attackSeed);
            default -> throw new IllegalArgumentException("unknown --attack '" + attack + "'; expected fgsm or pgd");
        };
    }
}
