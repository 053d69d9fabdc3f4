package radlab.train;

/**
 * One epoch's record.
 *
 * @param epoch            1-based epoch number
 * @param objective        mean training objective over the epoch's minibatches (includes any regularizer)
 * @param train            clean train metrics after the epoch
 * @param test             clean test metrics after the epoch
 * @param trainSeconds     wall time of the epoch's optimisation steps (evaluation excluded)
 */
public record EpochStats(int epoch, double objective, Metrics train, Metrics test, double trainSeconds) {
    @Override
    public String toString() {
        return String.format("epoch %3d  objective %.4f  train %s  test %s  %.2fs", epoch, objective, train, test, trainSeconds);
    }
}
