package radlab.spec;

import static radlab.spec.SpecException.nonNegativeFinite;
import static radlab.spec.SpecException.positive;
import static radlab.spec.SpecException.positiveFinite;
import static radlab.spec.SpecException.require;

/**
 * How to train: "adam" or "sgd" (Nesterov momentum when momentum &gt; 0), learning rate, momentum (SGD only: must be 0
 * for Adam, which has none), minibatch size, epochs, weight decay on the weight matrices, and random-shift augmentation
 * of the training images by up to {@code augmentShift} pixels (0 = off).
 */
public record OptimizerSpec(String kind, double learningRate, double momentum, int batchSize, int epochs, double weightDecay,
                            int augmentShift) {
    /** Without augmentation. */
    public OptimizerSpec(String kind, double learningRate, double momentum, int batchSize, int epochs, double weightDecay) {
        this(kind, learningRate, momentum, batchSize, epochs, weightDecay, Defaults.AUGMENT_SHIFT);
    }

    public OptimizerSpec {
        // below the image side too, which only the data know (radlab.data.ShiftAugmentation#requireFits)
        require(augmentShift >= 0, "augmentShift", "must be ≥ 0 pixels, got " + augmentShift);
        require("adam".equals(kind) || "sgd".equals(kind), "kind", "expected adam or sgd, got '" + kind + "'");
        positiveFinite(learningRate, "learningRate");
        require(momentum >= 0 && momentum < 1, "momentum", "must be in [0,1), got " + momentum);
        require(momentum == 0 || kind.equals("sgd"), "momentum", "is an SGD setting; Adam needs momentum 0, got " + momentum);
        positive(batchSize, "batchSize");
        positive(epochs, "epochs");
        nonNegativeFinite(weightDecay, "weightDecay");
    }
}
