package radlab.experiment;

import java.util.Map;
import java.util.Optional;
import radlab.nn.Mlp;
import radlab.nn.ModelIO;

/**
 * Rebuilds a saved model's initial weights from the seed recorded with it. Initialisation is a deterministic function
 * of (architecture, seed, precision) ({@link Mlp#initialize}), so the recorded seed recovers the exact initial
 * weights without storing them: {@code training.model.seed} for models written by {@code radlab train},
 * {@code training.profile.seed} for models in the reproduction cache.
 */
public final class InitialWeights {
    private InitialWeights() {}

    /** The recorded initialisation seed, if the model's training record has one. */
    public static Optional<Long> recordedSeed(ModelIO.SavedModel saved) {
        for (String section : new String[] {"model", "profile"}) {
            if (saved.training().get(section) instanceof Map<?, ?> m && m.get("seed") instanceof Number seed) return Optional.of(seed.longValue());
        }
        return Optional.empty();
    }

    /** The initial weights of {@code saved}, if its seed was recorded. */
    public static Optional<Mlp> of(ModelIO.SavedModel saved) {
        return recordedSeed(saved).map(seed -> Mlp.initialize(saved.model().spec(), seed, saved.model().dataType()));
    }
}
