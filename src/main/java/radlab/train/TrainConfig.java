package radlab.train;

/**
 * How to train: epochs, minibatch size, optimizer, L2 weight decay (on weight matrices, not biases: adds
 * {@code weightDecay·W} to each weight gradient, i.e. (weightDecay/2)·Σ‖W_i‖_F² to the objective) and the seed for
 * shuffling. {@code augmentShift} &gt; 0 trains on images randomly translated by up to that many pixels
 * ({@link radlab.data.ShiftAugmentation}); 0 trains on the data as is. The seed for weight initialisation is
 * passed to {@link radlab.nn.Network#initialize} separately so one can vary either alone.
 */
public record TrainConfig(int epochs, int batchSize, OptimizerConfig optimizer, double weightDecay, int augmentShift, long seed) {
    public TrainConfig {
        if (epochs <= 0) throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (optimizer == null) throw new IllegalArgumentException("optimizer is required");
        if (augmentShift < 0) throw new IllegalArgumentException("augmentation shift must be ≥ 0 pixels, got " + augmentShift);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a finite number ≥ 0, got " + weightDecay);
        }
    }

    /** Plain training: no weight decay, no augmentation. */
    public static TrainConfig of(int epochs, int batchSize, OptimizerConfig optimizer, long seed) {
        return new TrainConfig(epochs, batchSize, optimizer, 0.0, 0, seed);
    }
}
