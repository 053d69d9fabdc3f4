package radlab.attack;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import radlab.data.Dataset;
import radlab.nn.Model;
import radlab.train.Evaluator;
import radlab.train.Metrics;

/** Robust loss and accuracy: the attack is run batch by batch and the model evaluated on its output. */
public final class RobustEvaluator {
    public static final int DEFAULT_BATCH = 500;

    private RobustEvaluator() {}

    public static RobustMetrics evaluate(Model model, Dataset data, Attack attack) {
        return evaluate(model, data, attack, DEFAULT_BATCH);
    }

    public static RobustMetrics evaluate(Model model, Dataset data, Attack attack, int batch) {
        return evaluateDetailed(model, data, attack, batch).metrics();
    }

    /** Robust metrics together with the per-sample attack losses they were computed from. */
    public record Detailed(RobustMetrics metrics, double[] attackLosses) {}

    public static Detailed evaluateDetailed(Model model, Dataset data, Attack attack, int batch) {
        Metrics clean = Evaluator.evaluate(model, data);
        boolean[] correct = new boolean[data.size()];
        double[] losses = adversarialLosses(model, data, attack, batch, correct);
        long right = 0;
        for (boolean c : correct) if (c) right++;
        Metrics adv = new Metrics(Arrays.stream(losses).average().orElse(Double.NaN), (double) right / data.size(), data.size());
        return new Detailed(new RobustMetrics(attack.describe(), clean, adv), losses);
    }

    /**
     * Per-sample attack losses; if {@code correct} is non-null it receives whether each attacked input is still
     * classified correctly.
     */
    public static double[] adversarialLosses(Model model, Dataset data, Attack attack, int batch, boolean[] correct) {
        int n = data.size();
        double[] out = new double[n];
        for (int start = 0; start < n; start += batch) {
            int end = Math.min(n, start + batch);
            INDArray x = data.features().get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            int[] y = Arrays.copyOfRange(data.labels(), start, end);
            INDArray adv = attack.perturb(model, x, y);
            INDArray logits = model.logits(adv);
            double[] l = LossGradient.losses(model, adv, y).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup().data().asDouble();
            System.arraycopy(l, 0, out, start, l.length);
            if (correct != null) {
                int[] pred = Nd4j.argMax(logits, 1).toIntVector();
                for (int i = 0; i < y.length; i++) correct[start + i] = pred[i] == y[i];
            }
        }
        return out;
    }
}
