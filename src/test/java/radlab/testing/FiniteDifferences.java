package radlab.testing;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite differences, the reference of every gradient test: one home instead of a copy per objective. */
public final class FiniteDifferences {
    private FiniteDifferences() {}

    /**
     * (f(a + h·e_k) − f(a − h·e_k)) / 2h for every entry k of {@code a}, which is changed in place and restored;
     * {@code loss} evaluates f at the current value of {@code a}. Error O(h²) plus rounding O(ε/h): use float64.
     */
    public static INDArray central(INDArray a, double h, DoubleSupplier loss) {
        INDArray numeric = a.ulike();
        for (long k = 0; k < a.length(); k++) {
            double old = a.getDouble(k);
            a.putScalar(k, old + h);
            double up = loss.getAsDouble();
            a.putScalar(k, old - h);
            double down = loss.getAsDouble();
            a.putScalar(k, old);
            numeric.putScalar(k, (up - down) / (2 * h));
        }
        return numeric;
    }
}
