package radlab.cli;

import picocli.CommandLine.Option;
import radlab.attack.Apgd;
import radlab.attack.Attack;
import radlab.attack.AttackLoss;
import radlab.attack.AttackNorm;
import radlab.attack.AttackSuite;
import radlab.attack.Fgsm;
import radlab.attack.Pgd;
import radlab.attack.ThreatModel;

/** Threat model and attack settings, shared by {@code attack} and by {@code train}'s robust evaluation / adversarial training. */
public final class AttackOptions {
    static final int PGD_DEFAULT_STEPS = 20;

    @Option(names = "--attack", defaultValue = "apgd", paramLabel = "apgd|apgd-ce|apgd-dlr|apgd-t|pgd|fgsm",
            description = "Robust evaluation: apgd = the APGD suite (APGD-CE → APGD-DLR → targeted APGD-DLR; a sample is robust only if it "
                    + "survives all three), one APGD attack alone, PGD or FGSM (default: ${DEFAULT-VALUE}).")
    String attack;

    @Option(names = "--norm", defaultValue = "linf", paramLabel = "l2|linf", description = "Threat-model norm (default: ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--epsilon", paramLabel = "EPS",
            description = "Attack radius ε ≥ 0 in [0,1]-scaled pixels (default: 0.1 for linf, 1.0 for l2).")
    Double epsilon;

    @Option(names = "--steps", paramLabel = "N", description = "Steps per attack run (default: 100 for APGD, 20 for PGD).")
    Integer steps;

    @Option(names = "--restarts", defaultValue = "1", paramLabel = "R", description = "APGD random restarts per attack (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--target-classes", defaultValue = "9", paramLabel = "K",
            description = "Targeted APGD-DLR tries the K classes ranked highest after the true one (default: ${DEFAULT-VALUE}).")
    int targets;

    @Option(names = "--step-size", paramLabel = "ALPHA", description = "PGD step size α (default: 2.5·ε/steps).")
    Double stepSize;

    @Option(names = "--no-random-start", description = "Start PGD at x instead of a uniform random point of the ε-ball.")
    boolean noRandomStart;

    @Option(names = "--attack-seed", defaultValue = "0", description = "Seed of the attacks' random starts (default: ${DEFAULT-VALUE}).")
    long attackSeed;

    ThreatModel threat() {
        AttackNorm n = OptionErrors.named("--norm", () -> AttackNorm.parse(norm));
        double eps = epsilon != null ? epsilon : n == AttackNorm.LINF ? 0.1 : 1.0;
        return OptionErrors.named("--epsilon", () -> new ThreatModel(n, eps));
    }

    /** Builds (and so validates) the evaluation attack. */
    Attack build() {
        ThreatModel t = threat();
        if (steps != null && steps < 1) throw new IllegalArgumentException("--steps: (A)PGD steps must be ≥ 1, got " + steps);
        if (stepSize != null) OptionErrors.named("--step-size", () -> pgd(t));
        int apgdSteps = steps != null ? steps : AttackSuite.DEFAULT_STEPS;
        return switch (attack.trim().toLowerCase()) {
            case "fgsm" -> new Fgsm(t);
            case "pgd" -> pgd(t);
            case "apgd", "apgd-suite" -> {
                new Apgd(t, AttackLoss.DLR_TARGETED, apgdSteps, restarts, targets, attackSeed); // validates all settings
                yield new AttackSuite(t, apgdSteps, restarts, targets, attackSeed);
            }
            case "apgd-ce" -> new Apgd(t, AttackLoss.CE, apgdSteps, restarts, targets, attackSeed);
            case "apgd-dlr" -> new Apgd(t, AttackLoss.DLR, apgdSteps, restarts, targets, attackSeed);
            case "apgd-t" -> new Apgd(t, AttackLoss.DLR_TARGETED, apgdSteps, restarts, targets, attackSeed);
            default -> throw new IllegalArgumentException("unknown --attack '" + attack + "'; expected apgd, apgd-ce, apgd-dlr, apgd-t, pgd or fgsm");
        };
    }

    /**
     * The attack adversarial training uses: the chosen one, except that the default evaluation suite stands for PGD
     * (training on the suite would multiply the cost of every step by its restarts and targets).
     */
    Attack buildForTraining() {
        Attack a = build();
        return a instanceof AttackSuite ? pgd(threat()) : a;
    }

    private Pgd pgd(ThreatModel t) {
        int s = steps != null ? steps : PGD_DEFAULT_STEPS;
        return new Pgd(t, s, stepSize != null ? stepSize : Pgd.defaultStepSize(t.epsilon(), Math.max(s, 1)), !noRandomStart, attackSeed);
    }
}
