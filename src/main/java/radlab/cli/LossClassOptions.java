package radlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.rademacher.LossTerm;

/** Options of {@code radlab rademacher --class loss}: a loss class around a saved model (docs/theory.md §4.5). */
final class LossClassOptions {
    @Option(names = "--model", paramLabel = "DIR", description = "--class loss: the trained model f̂ the class is built around (a saved model directory).")
    Path model;

    @Option(names = "--loss", split = ",", paramLabel = "G,…", defaultValue = "ce",
            description = "--class loss: ce, ramp, robust, surrogate, jacobian (‖J‖_F for l2, ‖J‖_{1,1} for linf), jacobian-sq (‖J‖_F²); "
                    + "several separated by commas, or all (default: ${DEFAULT-VALUE}).")
    String[] loss;

    @Option(names = "--norm", defaultValue = "l2", description = "--class loss: threat norm l2 or linf (default: ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--epsilon", defaultValue = "1.0", description = "--class loss: attack radius ε of the surrogate and robust losses (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--gamma", defaultValue = "1.0", description = "--class loss: ramp-loss margin γ (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--attack-steps", defaultValue = "10", description = "--class loss: PGD steps of the robust loss (default: ${DEFAULT-VALUE}).")
    int attackSteps;

    @Option(names = "--step-size", defaultValue = "0.1", description = "--class loss: relative ascent step η (default: ${DEFAULT-VALUE}).")
    double stepSize;

    @Option(names = "--check-draws", defaultValue = "0",
            description = "--class loss: re-run this many draws with twice the steps and restarts and report the relative increase (default: ${DEFAULT-VALUE}).")
    int checkDraws;

    /** The classes asked for; every option is checked here, before any work. */
    List<LossTerm.Kind> validate() {
        if (model == null) throw new IllegalArgumentException("--class loss needs --model DIR");
        if (!Files.isDirectory(model)) throw new IllegalArgumentException("--model " + model + " is not a directory");
        AttackNorm.parse(norm);
        if (!(epsilon > 0 && Double.isFinite(epsilon))) throw new IllegalArgumentException("--epsilon must be a finite number > 0, got " + epsilon);
        if (!(gamma > 0 && Double.isFinite(gamma))) throw new IllegalArgumentException("--gamma must be a finite number > 0, got " + gamma);
        if (attackSteps < 1) throw new IllegalArgumentException("--attack-steps must be ≥ 1, got " + attackSteps);
        if (!(stepSize > 0 && stepSize <= 1)) throw new IllegalArgumentException("--step-size must be in (0, 1], got " + stepSize);
        if (checkDraws < 0) throw new IllegalArgumentException("--check-draws must be ≥ 0, got " + checkDraws);
        List<LossTerm.Kind> kinds = new ArrayList<>();
        for (String s : loss) {
            if (s.trim().equalsIgnoreCase("all")) kinds.addAll(List.of(LossTerm.Kind.values()));
            else kinds.add(LossTerm.Kind.parse(s));
        }
        return kinds.stream().distinct().toList();
    }

    ThreatModel threat() {
        return new ThreatModel(AttackNorm.parse(norm), epsilon);
    }
}
