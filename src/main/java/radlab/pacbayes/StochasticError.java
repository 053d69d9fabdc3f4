package radlab.pacbayes;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.nn.Model;
import radlab.train.Evaluator;

/**
 * Monte Carlo estimate of the 0–1 error of the stochastic classifier Q on a data set: the mean, over m parameter
 * draws θ ~ Q, of the error rate of f_θ on all of the data. Draw k uses the seeded generator of {@code seed}, so a
 * run is reproducible and two calls with different seeds are independent.
 */
final class StochasticError {
    /** Per-draw error rates (copied on access) and their mean. */
    record Estimate(double mean, int draws, double[] perDraw) {
        Estimate {
            perDraw = perDraw.clone();
        }

        @Override
        public double[] perDraw() {
            return perDraw.clone();
        }

        @Override
        public boolean equals(Object o) {
            return radlab.util.RecordValues.equal(this, o);
        }

        @Override
        public int hashCode() {
            return radlab.util.RecordValues.hash(this);
        }
    }

    private StochasticError() {}

    static Estimate estimate(Model model, DiagonalGaussian q, Dataset data, int draws, long seed) {
        double[][] e = perDraw(model, q, draws, seed, (net, k) -> new double[] {Evaluator.evaluate(net, data).error()});
        return column(e, 0);
    }

    /** What is measured on one sampled network (draw k): one or more error rates. */
    interface Measure {
        double[] on(Model sampled, int draw);
    }

    /**
     * The draws θ_k = μ + s ⊙ ε_k, ε_k ~ N(0, I) from the generator of {@code seed}, each measured by {@code m}: row k is
     * m(f_θ_k). Several quantities measured on the same draws (clean and attacked error) are comparable draw by draw.
     */
    static double[][] perDraw(Model model, DiagonalGaussian q, int draws, long seed, Measure m) {
        if (draws <= 0) throw new IllegalArgumentException("Monte Carlo draws must be positive, got " + draws);
        Model work = model.copy();
        double[][] out = new double[draws][];
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed)) {
            INDArray eps = Nd4j.create(DataType.DOUBLE, q.dimension());
            INDArray std = q.std(), mean = q.mean();
            for (int k = 0; k < draws; k++) {
                Nd4j.randn(eps, rng);
                ParameterVector.assign(work, eps.muli(std).addi(mean)); // θ = μ + s ⊙ ε, in place
                out[k] = m.on(work, k);
                NativeMemory.release(k);
            }
        } catch (Exception e) {
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Column {@code c} of per-draw measurements as an estimate. */
    static Estimate column(double[][] perDraw, int c) {
        double[] v = Arrays.stream(perDraw).mapToDouble(r -> r[c]).toArray();
        return new Estimate(Arrays.stream(v).average().orElseThrow(), v.length, v);
    }
}
