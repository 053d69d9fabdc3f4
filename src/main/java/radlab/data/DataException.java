package radlab.data;

/**
 * A data file is missing, unreadable or not what radlab expected. The message is one line naming the file and the
 * problem, fit to show a user as is.
 */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
