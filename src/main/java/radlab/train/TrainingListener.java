package radlab.train;

/** Callbacks for progress display; all default to doing nothing. */
public interface TrainingListener {
    TrainingListener SILENT = new TrainingListener() {};

    default void epochStarted(int epoch, int epochs, int batches) {}

    default void batchDone(double runningObjective) {}

    default void epochDone(EpochStats stats) {}
}
