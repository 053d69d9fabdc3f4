package radlab.experiment.sweep;

/**
 * One of {@code count} disjoint slices of a grid, for job-array schedulers (Slurm, PBS, LSF): shard {@code index}
 * owns the points whose position in the grid's canonical order is ≡ index (mod count). The assignment depends only
 * on that order, never on which points are already done or on the order shards start, so N processes given 0/N … N-1/N
 * cover every point exactly once, and slices differ in size by at most one point. {@code index} is 0-based, like
 * Slurm's {@code SLURM_ARRAY_TASK_ID} under {@code #SBATCH --array=0-(N-1)}.
 */
public record Shard(int index, int count) implements Slice {
    public Shard {
        if (count < 1) throw new IllegalArgumentException("--shard I/N needs N ≥ 1, got " + index + "/" + count);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard I/N needs 0 ≤ I < N (I is 0-based, like SLURM_ARRAY_TASK_ID), got " + index + "/" + count);
        }
    }

    /** Parses "I/N" (e.g. "0/4"), with a one-line error for anything else. */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(-?\\d{1,9})/(-?\\d{1,9})").matcher(t);
        if (!m.matches()) throw new IllegalArgumentException("--shard must be I/N with 0 ≤ I < N (e.g. 0/4), got '" + text + "'");
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Whether the point at {@code position} (0-based, in the grid's order) belongs to this shard. */
    public boolean owns(int position) {
        return position % count == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    @Override
    public String describe() {
        return "shard " + this;
    }

    @Override
    public String whenDone() {
        return "shard " + this + " done; once every shard is, 'sweep --collect' writes the tables";
    }
}
