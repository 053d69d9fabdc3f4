package radlab.rademacher;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A real-valued class whose supremum is found by fitting one sign vector at a time (projected ascent with restarts),
 * so every value is a lower estimate of the true supremum.
 */
public interface SignFitting extends FunctionClass {
    /** The best value of (1/n)Σσ_i g(z_i) found for one sign vector. */
    double fit(double[] sigma);

    @Override
    default double[] suprema(INDArray signs) {
        INDArray s = Samples.checkSigns(signs, sampleSize(), 1);
        double[] out = new double[(int) s.rows()];
        for (int j = 0; j < out.length; j++) out[j] = fit(s.getRow(j).toDoubleVector());
        return out;
    }

    @Override
    default boolean exact() {
        return false;
    }
}
