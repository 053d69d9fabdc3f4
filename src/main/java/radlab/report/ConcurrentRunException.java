package radlab.report;

/**
 * Another process wrote the same report directory while this run was working: this run lost the race and its
 * results were not saved (exit code 1). Never a partial report: the winner's directory is left as it is.
 */
public final class ConcurrentRunException extends RuntimeException {
    public ConcurrentRunException(String message) {
        super(message);
    }
}
