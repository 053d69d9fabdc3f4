package radlab.cli;

import picocli.CommandLine.Option;
import radlab.attack.Attack;
import radlab.attack.AttackNorm;
import radlab.attack.Square;
import radlab.attack.ThreatModel;
import radlab.spec.AttackSpec;
import radlab.spec.Defaults;
import radlab.spec.SpecFactory;

/** Threat model and attack settings, shared by {@code attack} and by {@code train}'s robust evaluation / adversarial training. */
public final class AttackOptions {
    @Option(names = "--attack", defaultValue = Defaults.Cli.ATTACK, paramLabel = "apgd|apgd-ce|apgd-dlr|apgd-t|square|pgd|fgsm|STAGES",
            description = "Robust evaluation: apgd = the APGD suite (APGD-CE → APGD-DLR → targeted APGD-DLR; a sample is robust only if it "
                    + "survives all three), one APGD attack alone, the black-box Square attack, PGD or FGSM; or a suite of stages in order, "
                    + "e.g. apgd,square = the APGD suite then Square on its survivors (default: ${DEFAULT-VALUE}).")
    String attack;

    @Option(names = "--norm", defaultValue = Defaults.Cli.NORM, paramLabel = "l2|linf", description = "Threat-model norm (default: ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--epsilon", paramLabel = "EPS",
            description = "Attack radius ε ≥ 0 in [0,1]-scaled pixels (default: 0.1 for linf, 1.0 for l2).")
    Double epsilon;

    @Option(names = "--steps", paramLabel = "N", description = "Steps per attack run (default: 100 for APGD, 20 for PGD).")
    Integer steps;

    @Option(names = "--restarts", defaultValue = "" + Defaults.Cli.RESTARTS, paramLabel = "R", description = "APGD random restarts per attack (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--target-classes", defaultValue = "" + Defaults.Cli.TARGET_CLASSES, paramLabel = "K",
            description = "Targeted APGD-DLR tries the K classes ranked highest after the true one (default: ${DEFAULT-VALUE}).")
    int targets;

    @Option(names = "--step-size", paramLabel = "ALPHA", description = "PGD step size α (default: 2.5·ε/steps).")
    Double stepSize;

    @Option(names = "--no-random-start", description = "Start PGD at x instead of a uniform random point of the ε-ball.")
    boolean noRandomStart;

    @Option(names = "--queries", paramLabel = "N",
            description = "Square: queries (forward passes) per sample and restart (default: " + Square.DEFAULT_QUERIES + ", AutoAttack's standard).")
    Integer queries;

    @Option(names = "--p-init", paramLabel = "P",
            description = "Square: fraction of the image its first windows cover, in (0, 1] (default: " + Square.DEFAULT_P_INIT + ").")
    Double pInit;

    @Option(names = "--attack-seed", defaultValue = "" + Defaults.Cli.ATTACK_SEED, description = "Seed of the attacks' random starts (default: ${DEFAULT-VALUE}).")
    long attackSeed;

    ThreatModel threat() {
        AttackNorm n = OptionErrors.named("--norm", () -> AttackNorm.parse(norm));
        double eps = epsilon != null ? epsilon : defaultEpsilon(n);
        return OptionErrors.named("--epsilon", () -> new ThreatModel(n, eps));
    }

    /** ε of a command-line attack in this norm when none is given. */
    static double defaultEpsilon(AttackNorm n) {
        return n == AttackNorm.LINF ? Defaults.EPSILON_LINF : Defaults.EPSILON_L2;
    }

    /** The attack's name, normalised ("apgd-suite" is "apgd"; a stage list is canonical, see {@link AttackSpec#canonicalAttack}). */
    String attackName() {
        return OptionErrors.named("--attack", () -> AttackSpec.canonicalAttack(attack));
    }

    /** The evaluation attack as data (checked: norm, ε, steps). */
    AttackSpec spec() {
        ThreatModel t = threat();
        if (steps != null && steps < 1) throw new IllegalArgumentException("--steps: (A)PGD steps must be ≥ 1, got " + steps);
        String a = attackName();
        int s = steps != null ? steps : a.equals("pgd") ? Defaults.Cli.PGD_STEPS : a.equals("fgsm") ? 1 : Defaults.Cli.APGD_STEPS;
        if (stepSize != null) OptionErrors.named("--step-size", () -> new radlab.attack.Pgd(t, s, stepSize, true, 0)); // NaN, ≤ 0
        int q = queries != null ? queries : Square.DEFAULT_QUERIES;
        double p = pInit != null ? pInit : Square.DEFAULT_P_INIT;
        if (queries != null || pInit != null) {
            String given = queries != null ? "--queries" : "--p-init";
            boolean square = a.equals("square") || a.contains(",") && a.contains("square");
            if (!square) throw new IllegalArgumentException(given + " applies only to the Square attack (--attack square or a suite with square)");
            OptionErrors.named("--queries", () -> new Square(t, q, 0.5, 1, 0));
            OptionErrors.named("--p-init", () -> new Square(t, 1, p, 1, 0));
        }
        return new AttackSpec(a, t.norm() == AttackNorm.LINF ? "linf" : "l2", t.epsilon(), s, restarts, targets,
                stepSize != null ? stepSize : Double.NaN, !noRandomStart, attackSeed, q, p);
    }

    /** Builds (and so validates) the evaluation attack. */
    Attack build() {
        return build(spec());
    }

    static Attack build(AttackSpec spec) {
        return SpecFactory.attack(spec);
    }

    /** Whether PGD-specific options were given (adversarial training uses the standard PGD of the spec). */
    boolean customPgd() {
        return stepSize != null || noRandomStart;
    }

    Integer steps() {
        return steps;
    }
}
