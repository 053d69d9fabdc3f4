package radlab.experiment.sweep;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Runs point tasks somewhere and hands each encoded row back to the driver as soon as it is done, so the driver can
 * store it before the next one finishes (a killed sweep loses at most the points in flight). The callback is never
 * called concurrently. The first failing task ends the run with its exception.
 */
public interface Engine extends AutoCloseable {
    void run(List<PointTask> tasks, BiConsumer<PointTask, String> onRow);

    /** e.g. "local (2 workers × 1 ND4J thread)". */
    String describe();

    @Override
    default void close() {}
}
