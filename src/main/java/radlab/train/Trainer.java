package radlab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.ShiftAugmentation;
import radlab.nn.Model;
import radlab.nn.Workspaces;

/**
 * Minibatch training of an {@link Model} on any {@link Objective}. Shuffling uses {@code new Random(seed + epoch)},
 * so two runs with the same seeds produce identical weights.
 */
public final class Trainer {
    /**
     * A minibatch objective above this multiple of the first one (or of 1, if that is smaller) counts as diverged: a
     * loss can blow up to 1e19 and stay finite (seen with {@code --lr 1e10}), and a finite-only check then reported a
     * useless model as a success. No converging run comes near: objectives fall, or rise a few-fold at most.
     */
    static final double DIVERGENCE_FACTOR = 1e3;

    private final TrainConfig config;
    private final Objective objective;
    private final TrainingListener listener;

    public Trainer(TrainConfig config, Objective objective, TrainingListener listener) {
        this.config = config;
        this.objective = objective;
        this.listener = listener == null ? TrainingListener.SILENT : listener;
    }

    /** Trains {@code model} in place and returns the per-epoch history. */
    public TrainingHistory fit(Model model, DataSplit data) {
        Dataset train = data.train();
        Evaluator.requireCompatible(model, train);
        if (train.numClasses() != model.outputDim()) {
            throw new IllegalArgumentException(String.format("%s has %d classes but the model %s has %d outputs",
                    train.name(), train.numClasses(), model.describe(), model.outputDim()));
        }
        Optimizer optimizer = Optimizer.create(config.optimizer());
        ShiftAugmentation augmentation = new ShiftAugmentation(config.augmentShift());
        int n = train.size();
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        INDArray features = train.features().dataType() == model.dataType() ? train.features() : train.features().castTo(model.dataType());
        List<EpochStats> history = new ArrayList<>();
        double divergenceLimit = Double.NaN;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            listener.epochStarted(epoch, config.epochs(), batches);
            Random rnd = new Random(config.seed() + epoch);
            int[] order = permutation(n, rnd);
            long t0 = System.nanoTime();
            double objectiveSum = 0;
            for (int b = 0; b < batches; b++) {
                int[] rows = Arrays.copyOfRange(order, b * config.batchSize(), Math.min(n, (b + 1) * config.batchSize()));
                int[] y = train.labelsAt(rows);
                // the batch's temporaries (inputs, activations, gradients) live in a reused workspace block
                // (radlab.nn.Workspaces); only the parameters and the optimizer state, created outside, persist
                try (MemoryWorkspace ws = Workspaces.step("radlab-train")) {
                    INDArray x = augmentation.apply(Nd4j.pullRows(features, 1, rows), rnd);
                    Objective.Value v = objective.evaluate(model, x, y, (long) (epoch - 1) * batches + b);
                    if (Double.isNaN(divergenceLimit)) divergenceLimit = DIVERGENCE_FACTOR * Math.max(1, v.loss());
                    if (!Double.isFinite(v.loss()) || v.loss() > divergenceLimit) {
                        throw new TrainingDivergedException(String.format(
                                "training diverged: objective is %.4g at epoch %d, batch %d (limit %.4g) (%s, %s); lower the learning rate or λ",
                                v.loss(), epoch, b + 1, divergenceLimit, objective.describe(), config.optimizer()));
                    }
                    List<INDArray> params = model.parameters(), grads = v.gradients().parameters();
                    if (config.weightDecay() > 0) {
                        for (int i = 0; i < params.size(); i += 2) grads.get(i).addi(params.get(i).mul(config.weightDecay()));
                    }
                    optimizer.step(params, grads);
                    objectiveSum += v.loss();
                }
                objective.afterStep(model); // outside the step's workspace: a projection may keep state across steps
                listener.batchDone(objectiveSum / (b + 1));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            EpochStats stats = new EpochStats(epoch, objectiveSum / batches, Evaluator.evaluate(model, train),
                    Evaluator.evaluate(model, data.test()), seconds);
            history.add(stats);
            listener.epochDone(stats);
        }
        return new TrainingHistory(history, objective.passesPerExample(model));
    }

    static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
