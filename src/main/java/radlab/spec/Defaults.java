package radlab.spec;

/**
 * Every default of an experiment specification, in one place. A field missing from a spec or grid file takes the
 * value here; the values are those of the quick reproduction profile (784-128-128-10 ReLU, 4,000/1,000 shipped MNIST
 * digits, Adam 1e-3, batch 64, 5 epochs, PGD-10 at ε = 1 (ℓ2) and 0.1 (ℓ∞) on 1,000 samples).
 */
public final class Defaults {
    public static final String DATASET = "mnist";
    public static final int TRAIN_SIZE = 4000;
    public static final int TEST_SIZE = 1000;
    public static final long SPLIT_SEED = 42;

    public static final String ARCH = "mlp:128,128";
    public static final String ACTIVATION = "relu";

    public static final double LAMBDA = 0.01;
    public static final int PROJECTIONS = 0;
    public static final String ADV_NORM = "linf";
    public static final double ADV_EPSILON = 0.1;
    public static final int ADV_STEPS = 5;
    /** TRADES's β: Zhang et al.'s 1/λ = 6 (their CIFAR-10 setting; their MNIST script uses 1). */
    public static final double TRADES_BETA = 6.0;
    /** Steps of TRADES's inner maximisation (the reference code's perturb_steps default). */
    public static final int TRADES_STEPS = 10;

    public static final String OPTIMIZER = "adam";
    public static final double LEARNING_RATE = 1e-3;
    public static final double MOMENTUM = 0.0;
    public static final int BATCH_SIZE = 64;
    public static final int EPOCHS = 5;
    public static final double WEIGHT_DECAY = 0.0;

    public static final double EPSILON_L2 = 1.0;
    public static final double EPSILON_LINF = 0.1;
    public static final int ATTACK_STEPS = 10;
    public static final int EVAL_SIZE = 1000;
    /** Target classes of APGD-T in the evaluation suite (capped at classes − 1). */
    public static final int ATTACK_TARGETS = 3;
    /** Steps of the PGD reference attack on the test subsample; 0 = not run. */
    public static final int BASELINE_STEPS = 0;
    /** Test-subsample prefix that IBP, CROWN and the Lipschitz margin certify; 0 = not run. */
    public static final int CERTIFY_SIZE = 0;
    /** Seconds of complete verification per certified sample; 0 = not run. */
    public static final double VERIFY_BUDGET = 0;

    public static final long SEED = 1;

    /** Weights and arithmetic in float32 ("double" for float64). */
    public static final String PRECISION = "float";
    /** No random-shift augmentation. */
    public static final int AUGMENT_SHIFT = 0;

    /** Side of the square single-channel images of every dataset radlab reads, and their number of classes. */
    public static final int IMAGE_SIDE = 28;
    public static final int INPUT_DIM = IMAGE_SIDE * IMAGE_SIDE;
    public static final int CLASSES = 10;

    /**
     * The defaults of the commands ({@code radlab train} and those that read data) where they differ from a spec file's: a wider network, longer training and
     * more data, an SGD momentum of 0.9 (Adam has none), and its post-training robust evaluation (the APGD suite, or
     * PGD-20, at ε = 0.1 in ℓ∞ / 1.0 in ℓ2, certificates on the first 500 attacked samples).
     */
    public static final class Cli {
        public static final String ARCH = "mlp:256,256";
        public static final int EPOCHS = 10;
        public static final int TRAIN_SIZE = 8000;
        public static final int TEST_SIZE = 2000;
        public static final double SGD_MOMENTUM = 0.9;
        public static final String ATTACK = "apgd";
        public static final String NORM = "linf";
        public static final int PGD_STEPS = 20;
        public static final int APGD_STEPS = 100;
        public static final int RESTARTS = 1;
        public static final int TARGET_CLASSES = 9;
        public static final long ATTACK_SEED = 0;
        public static final int CERTIFY_SIZE = 500;

        private Cli() {}
    }

    /**
     * The defaults of {@code radlab pac-bayes} and {@link radlab.pacbayes.PacBayesConfig#defaults()}: Dziugaite &amp; Roy's
     * δ = 0.025 and δ' = 0.01, and the posterior optimisation the README's pac-bayes figures were measured with.
     */
    public static final class PacBayes {
        public static final double DELTA = 0.025;
        public static final double DELTA_MC = 0.01;
        public static final int DRAWS = 500;
        public static final int SELECTION_DRAWS = 4;
        public static final int STEPS = 3000;
        public static final int BATCH_SIZE = 128;
        public static final double LEARNING_RATE = 0.01;
        public static final double VARIANCE_LEARNING_RATE = 0.01;
        /** "linear" or "mcallester" ({@link radlab.pacbayes.PacBayesConfig.Surrogate}). */
        public static final String SURROGATE = "linear";
        public static final long SEED = Defaults.SEED;
        /** PGD steps and training-set posterior draws of the robust bound (docs/theory.md §9.6); test draws are a fifth. */
        public static final int ROBUST_STEPS = 10;
        public static final int ROBUST_DRAWS = 50;

        private PacBayes() {}
    }

    private Defaults() {}

    /** The default specification: plain cross-entropy training with every other field at its default. */
    public static ExperimentSpec experiment() {
        return new ExperimentSpec(new DataSpec(DATASET, TRAIN_SIZE, TEST_SIZE, SPLIT_SEED), new ModelSpec(ARCH, ACTIVATION),
                new ObjectiveSpec.Plain(), new OptimizerSpec(OPTIMIZER, LEARNING_RATE, MOMENTUM, BATCH_SIZE, EPOCHS, WEIGHT_DECAY),
                new EvaluationSpec(EPSILON_L2, EPSILON_LINF, ATTACK_STEPS, EVAL_SIZE, ATTACK_TARGETS, BASELINE_STEPS, CERTIFY_SIZE), SEED);
    }
}
