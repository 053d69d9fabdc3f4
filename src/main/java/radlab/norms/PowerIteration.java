package radlab.norms;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Largest singular value ‖W‖_σ by power iteration on WᵀW: v ← WᵀWv/‖WᵀWv‖, σ = ‖Wv‖, stopped when the relative
 * change of σ falls below the tolerance. Two matrix–vector products per iteration instead of a full SVD.
 */
public final class PowerIteration {
    /**
     * @param value      the estimate of σ_max
     * @param iterations iterations used
     * @param converged  whether the relative change fell below the tolerance before {@code maxIterations}
     */
    public record Result(double value, int iterations, boolean converged) {}

    private PowerIteration() {}

    public static Result spectralNorm(INDArray w, double tolerance, int maxIterations, long seed) {
        if (w.rank() != 2) throw new IllegalArgumentException("spectral norm needs a matrix, got rank " + w.rank());
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be ≥ 1, got " + maxIterations);
        INDArray a = w.castTo(DataType.DOUBLE);
        long cols = a.columns();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] init = new double[(int) cols];
        for (int i = 0; i < init.length; i++) init[i] = rnd.nextDouble() - 0.5;
        INDArray v = Nd4j.create(init, new long[] {cols, 1}, DataType.DOUBLE);
        v.divi(v.norm2Number());
        double sigma = 0;
        for (int it = 1; it <= maxIterations; it++) {
            INDArray av = a.mmul(v);
            double next = av.norm2Number().doubleValue();
            if (next == 0) return new Result(0, it, true);
            INDArray atav = a.transpose().mmul(av);
            double nrm = atav.norm2Number().doubleValue();
            if (nrm == 0) return new Result(next, it, true);
            v = atav.divi(nrm);
            if (it > 1 && Math.abs(next - sigma) <= tolerance * next) return new Result(a.mmul(v).norm2Number().doubleValue(), it, true);
            sigma = next;
        }
        return new Result(a.mmul(v).norm2Number().doubleValue(), maxIterations, false);
    }

    /**
     * ‖A‖_σ of a linear operator given only as x ↦ Ax and y ↦ Aᵀy on rows (1 × columns and 1 × rows), e.g. a
     * convolution and its transpose (Miyato et al. 2018, Gouk et al. 2021): the same iteration without forming A.
     */
    public static Result spectralNorm(UnaryOperator<INDArray> apply, UnaryOperator<INDArray> applyTranspose, int columns,
                                      double tolerance, int maxIterations, long seed) {
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be positive, got " + tolerance);
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be ≥ 1, got " + maxIterations);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] init = new double[columns];
        for (int i = 0; i < init.length; i++) init[i] = rnd.nextDouble() - 0.5;
        INDArray v = Nd4j.create(init, new long[] {1, columns}, DataType.DOUBLE);
        v.divi(v.norm2Number());
        double sigma = 0;
        for (int it = 1; it <= maxIterations; it++) {
            INDArray av = apply.apply(v);
            double next = av.norm2Number().doubleValue();
            if (next == 0) return new Result(0, it, true);
            INDArray atav = applyTranspose.apply(av);
            double nrm = atav.norm2Number().doubleValue();
            if (nrm == 0) return new Result(next, it, true);
            v = atav.divi(nrm);
            if (it > 1 && Math.abs(next - sigma) <= tolerance * next) return new Result(apply.apply(v).norm2Number().doubleValue(), it, true);
            sigma = next;
        }
        return new Result(apply.apply(v).norm2Number().doubleValue(), maxIterations, false);
    }
}
