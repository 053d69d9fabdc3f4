package radlab.spec;

/**
 * A specification field with a bad value: {@code path} names the field (e.g. {@code optimizer.learningRate}) and the
 * message reads "PATH: problem" on one line. An {@link IllegalArgumentException}, so the CLI reports it with exit
 * code 2.
 */
public final class SpecException extends IllegalArgumentException {
    private final String path;
    private final String problem;

    public SpecException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }

    /** The same problem with {@code prefix} prepended to the path ({@code data} + {@code trainSize} → {@code data.trainSize}). */
    public SpecException within(String prefix) {
        if (prefix == null || prefix.isEmpty()) return this;
        return new SpecException(path.isEmpty() ? prefix : path.startsWith("[") ? prefix + path : prefix + "." + path, problem);
    }

    static void require(boolean ok, String path, String problem) {
        if (!ok) throw new SpecException(path, problem);
    }

    static void positive(int v, String path) {
        require(v > 0, path, "must be a positive integer, got " + v);
    }

    static void positiveFinite(double v, String path) {
        require(v > 0 && Double.isFinite(v), path, "must be positive and finite, got " + v);
    }

    static void nonNegativeFinite(double v, String path) {
        require(v >= 0 && Double.isFinite(v), path, "must be a finite number ≥ 0, got " + v);
    }
}
