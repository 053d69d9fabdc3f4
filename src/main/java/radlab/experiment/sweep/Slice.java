package radlab.experiment.sweep;

/**
 * Which points of a grid one run of {@link Sweep#run} computes, by 0-based position in the grid's order. A run of a
 * slice writes no tables (they need every point): a {@link Shard} of a job array, or the {@link Subset} a figure reads.
 */
public interface Slice {
    /** Whether the point at {@code position} belongs to this slice. */
    boolean owns(int position);

    /** A few words for the progress line, e.g. "shard 0/4". */
    String describe();

    /** What the log says once the slice is done (e.g. how to get the tables). */
    String whenDone();
}
