package radlab.train;

/** The training objective became NaN or infinite; the message names the epoch, batch and settings to change. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
