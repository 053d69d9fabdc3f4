package radlab.experiment;

import java.util.Map;
import java.util.Optional;
import radlab.nn.Model;
import radlab.nn.ModelIO;

/**
 * What a saved model's training record says about how it was trained: models written by {@code radlab train} record
 * their {@link radlab.spec.TrainSpec} ({@code training.spec.experiment.seed}, {@code training.spec.experiment.data.trainSize}),
 * kept sweep points their {@link radlab.spec.ExperimentSpec} ({@code training.spec.seed}), models of earlier versions
 * {@code training.model.seed} and {@code training.data.trainSize}, models in the reproduction cache
 * {@code training.profile.seed} and {@code training.profile.trainSize}.
 *
 * <p>Initialisation is a deterministic function of (architecture, seed, precision) ({@link Model#initialized}), so the
 * recorded seed recovers the exact initial weights without storing them.
 */
public final class TrainingRecord {
    private TrainingRecord() {}

    /** The recorded initialisation seed, if any. */
    public static Optional<Long> seed(ModelIO.SavedModel saved) {
        return number(saved, "seed", "model", "profile").map(Number::longValue);
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
        if (saved.training().get("spec") instanceof Map<?, ?> spec) {
            Map<?, ?> experiment = spec.get("experiment") instanceof Map<?, ?> e ? e : spec;
            Object v = key.equals("seed") ? experiment.get("seed") : experiment.get("data") instanceof Map<?, ?> d ? d.get(key) : null;
            if (v instanceof Number n) return Optional.of(n);
        }
        for (String section : sections) {
            if (saved.training().get(section) instanceof Map<?, ?> m && m.get(key) instanceof Number v) return Optional.of(v);
        }
        return Optional.empty();
    }
}
