package radlab.rademacher;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Input checks shared by the function classes, with messages naming the offending value. */
final class Samples {
    private Samples() {}

    static INDArray checkMatrix(INDArray a, String what) {
        if (a == null) throw new IllegalArgumentException(what + " is required");
        if (a.rank() != 2) throw new IllegalArgumentException(what + " must be a matrix, got shape " + Arrays.toString(a.shape()));
        if (a.rows() == 0 || a.columns() == 0) throw new IllegalArgumentException(what + " is empty (shape " + Arrays.toString(a.shape()) + ")");
        if (a.isInfinite().any() || a.isNaN().any()) {
            throw new IllegalArgumentException(what + " contains NaN or infinite values");
        }
        return a;
    }

    static double checkBound(double b) {
        if (!(b >= 0) || Double.isInfinite(b)) throw new IllegalArgumentException("norm bound B must be a finite number ≥ 0, got " + b);
        return b;
    }

    static INDArray checkSigns(INDArray signs, int n, int k) {
        if (signs.rank() != 2 || signs.columns() != (long) n * k) {
            throw new IllegalArgumentException(String.format("sign draws must be m×%d (n=%d, K=%d), got shape %s", (long) n * k, n, k,
                    Arrays.toString(signs.shape())));
        }
        return signs.dataType() == DataType.DOUBLE ? signs : signs.castTo(DataType.DOUBLE);
    }
}
