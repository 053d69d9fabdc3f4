package radlab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of a λ-sweep reproduction. The paper's own setup (architecture, λ grid, ε, attack steps) is UNKNOWN
 * (docs/theory.md §7); {@link #paper()} is radlab's fuller MNIST setup "in the spirit of" the paper, {@link #quick()} a
 * reduced one that finishes in a few minutes on 2 cores.
 */
public record ReproductionProfile(String name, int trainSize, int testSize, int[] hidden, int epochs, int batchSize,
                                  double learningRate, double[] lambdasL2, double[] lambdasL1, double epsilonL2,
                                  double epsilonLinf, int evalSteps, int advTrainSteps, int evalSize, long seed, int suiteSteps,
                                  int suiteTargets, int certifySize, String arch) {
    /** A profile of the fully connected network with hidden widths {@code hidden} (arch mlp:…). */
    public ReproductionProfile(String name, int trainSize, int testSize, int[] hidden, int epochs, int batchSize, double learningRate,
                               double[] lambdasL2, double[] lambdasL1, double epsilonL2, double epsilonLinf, int evalSteps,
                               int advTrainSteps, int evalSize, long seed, int suiteSteps, int suiteTargets, int certifySize) {
        this(name, trainSize, testSize, hidden, epochs, batchSize, learningRate, lambdasL2, lambdasL1, epsilonL2, epsilonLinf, evalSteps,
                advTrainSteps, evalSize, seed, suiteSteps, suiteTargets, certifySize, mlpArch(hidden));
    }

    static String mlpArch(int[] hidden) {
        return "mlp:" + java.util.Arrays.stream(hidden).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
    }

    /** The same profile on another architecture (radlab's grammar, e.g. cnn:c16k5-p2-c32k5-p2-d64), checked on 1×28×28. */
    public ReproductionProfile withArch(String architecture) {
        radlab.nn.Architecture.parse(architecture, new radlab.nn.layer.ImageShape(1, 28, 28), 10, radlab.nn.Activation.RELU);
        return new ReproductionProfile(name, trainSize, testSize, hidden, epochs, batchSize, learningRate, lambdasL2, lambdasL1, epsilonL2,
                epsilonLinf, evalSteps, advTrainSteps, evalSize, seed, suiteSteps, suiteTargets, certifySize, architecture.trim().toLowerCase());
    }

    /** Whether the architecture is the profile's own MLP (models cached before architectures existed stay valid). */
    public boolean defaultArch() {
        return arch.equals(mlpArch(hidden));
    }

    public static ReproductionProfile quick() {
        return new ReproductionProfile("quick", 4000, 1000, new int[] {128, 128}, 5, 64, 1e-3,
                new double[] {1e-3, 1e-2, 1e-1}, new double[] {3e-4, 1e-3, 1e-2}, 1.0, 0.1, 10, 5, 1000, 1, 20, 3, 200);
    }

    public static ReproductionProfile paper() {
        return new ReproductionProfile("paper", 8000, 2000, new int[] {256, 256}, 20, 64, 1e-3,
                new double[] {1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1}, new double[] {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2}, 1.0, 0.1, 20, 10, 2000, 1, 100, 9, 500);
    }

    /** A seconds-long run of the whole pipeline on tiny data, for tests and notebooks; its numbers mean little. */
    public static ReproductionProfile smoke() {
        return new ReproductionProfile("smoke", 600, 200, new int[] {16}, 1, 50, 2e-3,
                new double[] {1e-3, 1e-1}, new double[] {1e-3, 1e-2}, 1.0, 0.1, 2, 1, 100, 1, 3, 2, 20);
    }

    public static ReproductionProfile named(String name) {
        return switch (name.trim().toLowerCase()) {
            case "smoke" -> smoke();
            case "quick" -> quick();
            case "paper" -> paper();
            default -> throw new IllegalArgumentException("unknown --profile '" + name + "'; expected quick, paper or smoke");
        };
    }

    /** The trained configurations: λ = 0, the ℓ2 and ℓ1 sweeps, and PGD-ℓ∞ adversarial training. */
    public List<SweepPoint> points() {
        List<SweepPoint> p = new ArrayList<>();
        p.add(new SweepPoint("none", 0));
        for (double l : lambdasL2) p.add(new SweepPoint("l2", l));
        for (double l : lambdasL1) p.add(new SweepPoint("l1", l));
        p.add(new SweepPoint("adv", 0));
        return p;
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", name);
        m.put("trainSize", trainSize);
        m.put("testSize", testSize);
        m.put("hidden", hidden);
        m.put("arch", arch);
        m.put("activation", "relu");
        m.put("epochs", epochs);
        m.put("batchSize", batchSize);
        m.put("optimizer", "adam");
        m.put("learningRate", learningRate);
        m.put("lambdasL2", lambdasL2);
        m.put("lambdasL1", lambdasL1);
        m.put("epsilonL2", epsilonL2);
        m.put("epsilonLinf", epsilonLinf);
        m.put("evalAttack", "APGD suite (APGD-CE → APGD-DLR → APGD-T), " + suiteSteps + " steps, 1 restart, " + suiteTargets + " target classes");
        m.put("baselineAttack", "PGD-" + evalSteps + ", α = 2.5ε/steps, random start (test sample only)");
        m.put("certificates", "IBP, CROWN, Lipschitz (ℓ2) on the first " + certifySize + " test evaluation samples");
        m.put("adversarialTraining", "PGD-" + advTrainSteps + " ℓ∞, ε = " + epsilonLinf);
        m.put("evalSize", evalSize);
        m.put("seed", seed);
        return m;
    }

    /** One trained configuration: regularizer "none", "l2", "l1" or "adv" (adversarial training) and λ. */
    public record SweepPoint(String regularizer, double lambda) {
        public String key() {
            return regularizer.equals("none") || regularizer.equals("adv") ? regularizer : regularizer + "-" + lambda;
        }
    }
}
