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
        Map<?, ?> spec = spec(saved);
        if (spec != null && spec.get("seed") instanceof Number n) return Optional.of(n.longValue());
        for (String section : new String[] {"model", "profile"}) {
            if (saved.training().get(section) instanceof Map<?, ?> m && m.get("seed") instanceof Number v) return Optional.of(v.longValue());
        }
        return Optional.empty();
    }

    /** The recorded number of training examples, if any (absent when the whole training set of a --data directory was used). */
    public static Optional<Integer> trainSize(ModelIO.SavedModel saved) {
        return data(saved).map(RecordedData::trainSize);
    }

    /**
     * The data a model was trained on, as far as its record says: {@code training.spec.experiment.data} (radlab train),
     * {@code training.spec.data} (a sweep's kept model), {@code training.data} (radlab train before specs) or {@code training.profile} (the former reproduction cache, on
     * the shipped MNIST subset split with seed 42). Each field is null when not recorded.
     *
     * @param dataDir null for the data shipped in the jar (or Debian's Fashion-MNIST)
     */
    public record RecordedData(String dataset, String dataDir, Integer trainSize, Integer testSize, Long splitSeed) {}

    public static Optional<RecordedData> data(ModelIO.SavedModel saved) {
        Map<String, Object> t = saved.training();
        Map<?, ?> spec = spec(saved);
        Map<?, ?> d = t.get("data") instanceof Map<?, ?> m ? m : spec != null && spec.get("data") instanceof Map<?, ?> m2 ? m2 : null;
        if (d != null) {
            String dir = d.get("dir") instanceof String s0 ? s0 : d.get("dataDir") instanceof String s && !s.equals("shipped") ? s : null;
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

    /** The recorded experiment spec: a train run's {@code training.spec.experiment}, a sweep point's {@code training.spec}; null if none. */
    private static Map<?, ?> spec(ModelIO.SavedModel saved) {
        return saved.training().get("spec") instanceof Map<?, ?> sp ? (sp.get("experiment") instanceof Map<?, ?> e ? e : sp) : null;
    }
}
