package radlab.train;

/**
 * What a training run cost (docs/theory.md §2.5): the wall time of its optimisation steps (evaluation after each
 * epoch excluded) and the machine-independent count of forward+backward passes per training example
 * ({@link Objective#passesPerExample(radlab.nn.Model)}) per visit and over all epochs.
 *
 * @param wallSeconds       wall time of all epochs' optimisation steps
 * @param passesPerExample  passes per example in one training step ({@link Objective#passesPerExample(radlab.nn.Model)})
 * @param epochs            epochs trained (each visits every training example once)
 */
public record TrainingCost(double wallSeconds, double passesPerExample, int epochs) {
    /** Passes per training example over the whole run: epochs × passes per step. */
    public double totalPassesPerExample() {
        return epochs * passesPerExample;
    }
}
