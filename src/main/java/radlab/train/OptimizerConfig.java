package radlab.train;

/**
 * Optimizer choice and its hyper-parameters.
 *
 * @param kind         SGD (with momentum) or Adam
 * @param learningRate step size &gt; 0
 * @param momentum     SGD momentum in [0,1) (ignored by Adam)
 */
public record OptimizerConfig(Kind kind, double learningRate, double momentum) {
    public enum Kind { SGD, ADAM }

    public OptimizerConfig {
        if (kind == null) throw new IllegalArgumentException("optimizer kind is required");
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0,1), got " + momentum);
    }

    public static OptimizerConfig adam(double lr) {
        return new OptimizerConfig(Kind.ADAM, lr, 0.0);
    }

    public static OptimizerConfig sgd(double lr, double momentum) {
        return new OptimizerConfig(Kind.SGD, lr, momentum);
    }
}
