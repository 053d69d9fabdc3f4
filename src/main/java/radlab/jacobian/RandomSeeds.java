package radlab.jacobian;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seed vectors uniform on the unit sphere S^{K−1}, drawn from an explicit seeded generator. */
final class RandomSeeds {
    private RandomSeeds() {}

    /** {@code rows} independent unit vectors in ℝ^K (normalised standard Gaussians), as a rows × K array. */
    static INDArray unitSphere(int rows, int k, SplittableRandom rnd, DataType type) {
        double[] v = new double[rows * k];
        for (int r = 0; r < rows; r++) {
            double norm2 = 0;
            for (int j = 0; j < k; j++) {
                double z = radlab.util.Gaussian.next(rnd);
                v[r * k + j] = z;
                norm2 += z * z;
            }
            double inv = 1.0 / Math.sqrt(norm2);
            for (int j = 0; j < k; j++) v[r * k + j] *= inv;
        }
        return Nd4j.create(v, new long[] {rows, k}, DataType.DOUBLE).castTo(type);
    }
}
