package radlab.pacbayes;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A Gaussian N(μ, diag(s²)) over a model's flat parameter vector, stored as mean and log standard deviation
 * (log s keeps s positive during optimisation). Immutable: the arrays are copied in and never handed out mutably.
 */
final class DiagonalGaussian {
    private final INDArray mean;
    private final INDArray logStd;

    DiagonalGaussian(INDArray mean, INDArray logStd) {
        if (mean.length() != logStd.length()) throw new IllegalArgumentException("mean and log-std differ in length");
        // double precision: the KL sums ~10⁵ terms of size ~10 that largely cancel
        this.mean = mean.castTo(DataType.DOUBLE).dup();
        this.logStd = logStd.castTo(DataType.DOUBLE).dup();
    }

    /** N(μ, σ²I). */
    static DiagonalGaussian isotropic(INDArray mean, double sigma) {
        return new DiagonalGaussian(mean, mean.castTo(DataType.DOUBLE).like().assign(Math.log(sigma)));
    }

    long dimension() {
        return mean.length();
    }

    INDArray mean() {
        return mean.dup();
    }

    INDArray std() {
        return Transforms.exp(logStd, true);
    }

    /** ‖μ − w₀‖₂. */
    double distance(INDArray w0) {
        return mean.distance2(w0);
    }

    /** Root mean square of s. */
    double rmsStd() {
        return Math.sqrt(Transforms.exp(logStd.mul(2), false).meanNumber().doubleValue());
    }

    /**
     * KL(N(μ, diag s²) ‖ N(w₀, λI)) = ½ Σᵢ [ (sᵢ² + (μᵢ − w₀ᵢ)²)/λ − 1 + ln λ − ln sᵢ² ] (docs/theory.md §9.2).
     */
    double klToIsotropic(INDArray w0, double lambda) {
        double sumS2 = Transforms.exp(logStd.mul(2), false).sumNumber().doubleValue();
        double d2 = mean.squaredDistance(w0);
        double sumLogS2 = 2 * logStd.sumNumber().doubleValue();
        long n = dimension();
        return 0.5 * ((sumS2 + d2) / lambda - n + n * Math.log(lambda) - sumLogS2);
    }
}
