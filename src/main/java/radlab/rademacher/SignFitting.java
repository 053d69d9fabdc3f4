package radlab.rademacher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.util.RecordValues;

/**
 * A real-valued class whose supremum is found by fitting one sign vector at a time (projected ascent with restarts),
 * so every value is a lower estimate of the true supremum.
 *
 * <p>Stateless: a fit depends only on σ and the seed passed with it ({@link #fit(double[], long)}); the restart values
 * a study reports come back with each fit ({@link Fit}) instead of accumulating inside the class between calls.
 */
public interface SignFitting extends FunctionClass {
    /**
     * One sign vector's fit.
     *
     * @param best     the best value of (1/n)Σσ_i g(z_i) over restarts
     * @param restarts the best value each restart reached, in restart order (copied in and out)
     */
    record Fit(double best, double[] restarts) {
        public Fit {
            restarts = restarts.clone();
        }

        public Fit(double[] restarts) {
            this(Arrays.stream(restarts).max().orElseThrow(), restarts);
        }

        @Override
        public double[] restarts() {
            return restarts.clone();
        }

        /** best − worst restart: how much the search depends on its start. */
        public double spread() {
            return best - Arrays.stream(restarts).min().orElseThrow();
        }

        /** best − the first restart's value (for loss classes, the search started at the trained network). */
        public double gainOverFirst() {
            return best - restarts[0];
        }

        @Override
        public boolean equals(Object o) {
            return RecordValues.equal(this, o);
        }

        @Override
        public int hashCode() {
            return RecordValues.hash(this);
        }
    }

    /** Fits σ from starts seeded by {@code seed} alone; no state is kept between calls. */
    Fit fit(double[] sigma, long seed);

    /** The seed {@link #suprema} fits σ with: derived from the class's construction seed and σ only. */
    long seedFor(double[] sigma);

    /** The best value of (1/n)Σσ_i g(z_i) found for one sign vector, with the seed {@link #seedFor} gives it. */
    default double fit(double[] sigma) {
        return fit(sigma, seedFor(sigma)).best();
    }

    /** One fit per row of {@code signs} (m × n), each with its {@link #seedFor} seed. */
    default List<Fit> fits(INDArray signs) {
        INDArray s = Samples.checkSigns(signs, sampleSize(), 1);
        List<Fit> out = new ArrayList<>((int) s.rows());
        for (int j = 0; j < s.rows(); j++) {
            double[] sigma = s.getRow(j).toDoubleVector();
            out.add(fit(sigma, seedFor(sigma)));
        }
        return out;
    }

    @Override
    default double[] suprema(INDArray signs) {
        return fits(signs).stream().mapToDouble(Fit::best).toArray();
    }

    @Override
    default boolean exact() {
        return false;
    }
}
