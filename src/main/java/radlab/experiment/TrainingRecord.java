package radlab.experiment;

import java.util.Map;
import java.util.Optional;
import radlab.nn.Model;
import radlab.nn.ModelIO;

/**
 * What a saved model's training record says about how it was trained: models written by {@code radlab train} record
 * {@code training.model.seed} and {@code training.data.trainSize}, models in the reproduction cache
 * {@code training.profile.seed} and {@code training.profile.trainSize}, models kept by a sweep ({@code --keep-models})
 * {@code training.spec.seed} (the seed their network was initialised with).
 *
 * <p>Initialisation is a deterministic function of (architecture, seed, precision) ({@link Model#initialized}), so the
 * recorded seed recovers the exact initial weights without storing them.
 */
public final class TrainingRecord {
    private TrainingRecord() {}

    /** The recorded initialisation seed, if any. */
    public static Optional<Long> seed(ModelIO.SavedModel saved) {
        return number(saved, "seed", "model", "profile", "spec").map(Number::longValue);
    }

    /** The recorded number of training examples, if any (absent when the whole training set of a --data directory was used). */
    public static Optional<Integer> trainSize(ModelIO.SavedModel saved) {
        return number(saved, "trainSize", "data", "profile").map(Number::intValue);
    }

    /** The initial weights of {@code saved}, if its seed was recorded. */
    public static Optional<Model> initialWeights(ModelIO.SavedModel saved) {
        return seed(saved).map(s -> saved.model().initialized(s));
    }

    private static Optional<Number> number(ModelIO.SavedModel saved, String key, String... sections) {
        for (String section : sections) {
            if (saved.training().get(section) instanceof Map<?, ?> m && m.get(key) instanceof Number v) return Optional.of(v);
        }
        return Optional.empty();
    }
}
