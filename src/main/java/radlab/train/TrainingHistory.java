package radlab.train;

import java.util.List;

/**
 * Per-epoch statistics of one training run, in order, and the objective's forward+backward passes per example per
 * step ({@link Objective#passesPerExample(radlab.nn.Model)}), from which {@link #cost} follows.
 */
public record TrainingHistory(List<EpochStats> epochs, double passesPerExample) {
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** A history of plain cross-entropy training (1 pass per example per step). */
    public TrainingHistory(List<EpochStats> epochs) {
        this(epochs, 1);
    }

    /** The run's cost: wall seconds of the optimisation steps and passes per example (docs/theory.md §2.5). */
    public TrainingCost cost() {
        return new TrainingCost(epochs.stream().mapToDouble(EpochStats::trainSeconds).sum(), passesPerExample, epochs.size());
    }

    public EpochStats last() {
        return epochs.get(epochs.size() - 1);
    }

    /** Mean wall time per epoch of the optimisation steps. */
    public double meanEpochSeconds() {
        return epochs.stream().mapToDouble(EpochStats::trainSeconds).average().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("epoch  objective  train-loss  train-acc  test-loss  test-acc  seconds\n");
        for (EpochStats e : epochs) {
            sb.append(String.format("%5d  %9.4f  %10.4f  %8.2f%%  %9.4f  %7.2f%%  %7.2f%n", e.epoch(), e.objective(),
                    e.train().loss(), 100 * e.train().accuracy(), e.test().loss(), 100 * e.test().accuracy(), e.trainSeconds()));
        }
        return sb.toString();
    }
}
