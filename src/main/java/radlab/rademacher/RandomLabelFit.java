package radlab.rademacher;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.train.CrossEntropyObjective;
import radlab.train.Evaluator;
import radlab.train.TrainConfig;
import radlab.train.Trainer;
import radlab.train.TrainingListener;

/**
 * The "fit random labels" protocol (Zhang et al. 2017): train an unconstrained network on uniformly random ±1
 * labels with cross-entropy and report how well it fits them. The achieved correlation (1/n)Σσ_i·ŷ_i = 2·acc − 1 with
 * ŷ ∈ {±1} the predicted sign is one draw of sup_f (1/n)Σσ_i f(x_i) over sign-valued f, found by training.
 */
public final class RandomLabelFit {
    /** @param correlation (1/n)Σσ_i ŷ_i in [−1, 1]; @param trainAccuracy fraction of random labels fitted */
    public record Result(double correlation, double trainAccuracy, int n, int epochs, long seed) {
        @Override
        public String toString() {
            return String.format("random-label fit: correlation %.4f (accuracy on random labels %.2f%%), n=%d, %d epochs", correlation,
                    100 * trainAccuracy, n, epochs);
        }
    }

    private RandomLabelFit() {}

    public static Result fit(INDArray x, int[] hidden, radlab.nn.layer.Activation activation, TrainConfig cfg, long labelSeed) {
        Samples.checkMatrix(x, "sample");
        int n = (int) x.rows();
        SplittableRandom rnd = new SplittableRandom(labelSeed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = rnd.nextBoolean() ? 1 : 0;
        Dataset d = new Dataset("random-labels", x, labels, 2);
        Mlp net = Mlp.initialize(MlpSpec.of((int) x.columns(), hidden, 2, activation), cfg.seed(), DataType.FLOAT);
        new Trainer(cfg, new CrossEntropyObjective(), TrainingListener.SILENT).fit(net, new DataSplit(d, d));
        double acc = Evaluator.evaluate(net, d).accuracy();
        return new Result(2 * acc - 1, acc, n, cfg.epochs(), labelSeed);
    }
}
