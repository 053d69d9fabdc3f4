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

    /**
     * The data a model was trained on, as far as its record says: {@code training.data} (radlab train),
     * {@code training.spec.data} (a sweep's kept model) or {@code training.profile} (the former reproduction cache, on
     * the shipped MNIST subset split with seed 42). Each field is null when not recorded.
     *
     * @param dataDir null for the data shipped in the jar (or Debian's Fashion-MNIST)
     */
    public record RecordedData(String dataset, String dataDir, Integer trainSize, Integer testSize, Long splitSeed) {}

    public static Optional<RecordedData> data(ModelIO.SavedModel saved) {
        Map<String, Object> t = saved.training();
        Map<?, ?> d = t.get("data") instanceof Map<?, ?> m ? m
                : t.get("spec") instanceof Map<?, ?> spec && spec.get("data") instanceof Map<?, ?> m2 ? m2 : null;
        if (d != null) {
            String dir = d.get("dataDir") instanceof String s && !s.equals("shipped") ? s : null;
            return Optional.of(new RecordedData(d.get("dataset") instanceof String s ? s : null, dir, integer(d.get("trainSize")),
                    integer(d.get("testSize")), d.get("splitSeed") instanceof Number n ? n.longValue() : null));
        }
        if (t.get("profile") instanceof Map<?, ?> p) {
            return Optional.of(new RecordedData("mnist", null, integer(p.get("trainSize")), integer(p.get("testSize")), 42L));
        }
        return Optional.empty();
    }

    private static Integer integer(Object o) {
        return o instanceof Number n ? n.intValue() : null;
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
