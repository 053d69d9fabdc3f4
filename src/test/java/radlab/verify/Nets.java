package radlab.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.util.Gaussian;

/** Small random networks and samples for the verification tests. */
final class Nets {
    private Nets() {}

    /** A double-precision MLP with He-normal weights and N(0, 0.1²) biases (so that no bias is 0). */
    static Mlp random(int[] sizes, Activation act, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<INDArray> ws = new ArrayList<>(), bs = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            double[] w = new double[sizes[i] * sizes[i + 1]], b = new double[sizes[i + 1]];
            double std = Math.sqrt(2.0 / sizes[i]);
            for (int k = 0; k < w.length; k++) w[k] = std * Gaussian.next(rnd);
            for (int k = 0; k < b.length; k++) b[k] = 0.1 * Gaussian.next(rnd);
            ws.add(Nd4j.create(w, new long[] {sizes[i], sizes[i + 1]}, DataType.DOUBLE));
            bs.add(Nd4j.create(b, new long[] {1, sizes[i + 1]}, DataType.DOUBLE));
        }
        return new Mlp(new MlpSpec(sizes, act), ws, bs);
    }

    /** n uniform points of [0,1]^d labelled with the model's own prediction (so every sample is clean-correct). */
    static Dataset predictedSample(Mlp model, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] x = new double[n][model.inputDim()];
        for (double[] row : x) for (int i = 0; i < row.length; i++) row[i] = rnd.nextDouble();
        INDArray f = Nd4j.create(x);
        return new Dataset("random", f, model.predict(f), model.outputDim());
    }
}
