package radlab.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Batches;
import radlab.data.Dataset;
import radlab.nn.Model;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.nn.WorkingMemory;
import radlab.nn.Workspaces;
import radlab.util.EvaluationThreads;

/** Clean loss and accuracy, evaluated in batches so memory stays bounded on large samples. */
public final class Evaluator {
    public static final int DEFAULT_BATCH = 2000;

    private Evaluator() {}

    /** Fails with one line naming both when the data's width differs from the model's input. */
    public static void requireCompatible(Model model, Dataset data) {
        if (data.inputDim() != model.inputDim()) {
            throw new IllegalArgumentException(String.format("%s has %d features per example but the model %s expects %d",
                    data.name(), data.inputDim(), model.describe(), model.inputDim()));
        }
    }

    public static Metrics evaluate(Model model, Dataset data) {
        return evaluate(model, data, DEFAULT_BATCH);
    }

    public static Metrics evaluate(Model model, Dataset data, int batchSize) {
        requireCompatible(model, data);
        int n = data.size(), batch = WorkingMemory.evaluationBatch(model, batchSize);
        int batches = (n + batch - 1) / batch;
        double[] batchLoss = new double[batches];
        long[] batchCorrect = new long[batches];
        // the batches on radlab's evaluation threads (RADLAB_THREADS), each writing only its own slot; summed below in
        // batch order, so the result is the same for any thread count
        Batches.forEachParallel(n, batch, EvaluationThreads.get(), (start, end) -> {
            try (MemoryWorkspace ws = Workspaces.step("radlab-eval")) { // per-batch temporaries reuse one block
                int[] y = Batches.labels(data, start, end);
                INDArray logits = model.logits(Batches.rows(data.features(), start, end));
                SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluate(logits, Dataset.oneHot(y, data.numClasses(), model.dataType()));
                batchLoss[start / batch] = ce.perExample().sumNumber().doubleValue();
                int[] pred = Nd4j.argMax(logits, 1).toIntVector();
                long c = 0;
                for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) c++;
                batchCorrect[start / batch] = c;
            }
        });
        double lossSum = 0;
        long correct = 0;
        for (int b = 0; b < batches; b++) {
            lossSum += batchLoss[b];
            correct += batchCorrect[b];
        }
        return new Metrics(lossSum / n, (double) correct / n, n);
    }

    /**
     * Multi-class margins f_y(x) − max_{j≠y} f_j(x) per sample, in double precision: the one home of the margin that
     * the margin bounds (γ, R̂_γ) and the Lipschitz-margin certificate are built from. Evaluated in batches of
     * {@link WorkingMemory#evaluationBatch}, so a whole training set (60,000 images through a CNN) fits in memory.
     */
    public static double[] margins(Model model, Dataset data) {
        requireCompatible(model, data);
        return Batches.mapRowsParallel(data.size(), WorkingMemory.evaluationBatch(model, DEFAULT_BATCH), EvaluationThreads.get(), (start, end) -> {
            INDArray logits = model.logits(Batches.rows(data.features(), start, end)).castTo(DataType.DOUBLE);
            INDArray onehot = Dataset.oneHot(Batches.labels(data, start, end), data.numClasses(), DataType.DOUBLE);
            INDArray correct = logits.mul(onehot).sum(1);
            INDArray others = logits.add(onehot.mul(-1e30)).max(1);
            return correct.sub(others).toDoubleVector();
        });
    }
}
