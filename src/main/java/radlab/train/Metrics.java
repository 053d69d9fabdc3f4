package radlab.train;

/**
 * Mean loss and accuracy of a model on a sample.
 *
 * @param loss     mean cross-entropy
 * @param accuracy fraction of correct predictions in [0,1]
 * @param n        sample size
 */
public record Metrics(double loss, double accuracy, int n) {
    public double error() {
        return 1.0 - accuracy;
    }

    @Override
    public String toString() {
        return String.format("loss %.4f, accuracy %.2f%% (n=%d)", loss, 100 * accuracy, n);
    }
}
