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

    public static final long SEED = 1;

    private Defaults() {}

    /** The default specification: plain cross-entropy training with every other field at its default. */
    public static ExperimentSpec experiment() {
        return new ExperimentSpec(new DataSpec(DATASET, TRAIN_SIZE, TEST_SIZE, SPLIT_SEED), new ModelSpec(ARCH, ACTIVATION),
                new ObjectiveSpec.Plain(), new OptimizerSpec(OPTIMIZER, LEARNING_RATE, MOMENTUM, BATCH_SIZE, EPOCHS, WEIGHT_DECAY),
                new EvaluationSpec(EPSILON_L2, EPSILON_LINF, ATTACK_STEPS, EVAL_SIZE, ATTACK_TARGETS, BASELINE_STEPS, CERTIFY_SIZE), SEED);
    }
}
