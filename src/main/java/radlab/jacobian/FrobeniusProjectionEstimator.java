package radlab.jacobian;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.ForwardPass;
import radlab.nn.Model;

/**
 * Random-projection estimator of ‖J(x)‖_F² (Hoffman, Roberts &amp; Yaida 2019): for v uniform on the unit sphere
 * S^{K−1}, E[vvᵀ] = I/K, so K·‖vᵀJ‖₂² is unbiased for ‖J‖_F². With R projections the estimate is the mean of R such
 * values; its standard error is their sample standard deviation over √R. Costs R vector–Jacobian products per
 * sample instead of K.
 */
public final class FrobeniusProjectionEstimator {
    /** Per-sample estimates of ‖J‖_F² and their standard errors. */
    public record Estimate(double[] squaredFrobenius, double[] standardError, int projections) {
        public Estimate {
            squaredFrobenius = squaredFrobenius.clone();
            standardError = standardError.clone();
        }

        @Override
        public double[] squaredFrobenius() {
            return squaredFrobenius.clone();
        }

        @Override
        public double[] standardError() {
            return standardError.clone();
        }

        /** By content: the generated equals compares arrays by identity. */
        @Override
        public boolean equals(Object o) {
            return radlab.util.RecordValues.equal(this, o);
        }

        @Override
        public int hashCode() {
            return radlab.util.RecordValues.hash(this);
        }
    }

    private FrobeniusProjectionEstimator() {}

    public static Estimate estimate(Model model, INDArray x, int projections, long seed) {
        if (projections < 1) throw new IllegalArgumentException("projections must be ≥ 1, got " + projections);
        ForwardPass fp = model.forward(x);
        int n = fp.batchSize(), k = model.outputDim();
        INDArray seeds = RandomSeeds.unitSphere(n * projections, k, new SplittableRandom(seed), model.dataType());
        INDArray q = VjpTrace.run(fp, seeds, projections).inputGradient();
        double[] perRow = q.mul(q).sum(1).castTo(DataType.DOUBLE).dup().data().asDouble();
        double[] est = new double[n], se = new double[n];
        for (int b = 0; b < n; b++) {
            double s = 0, s2 = 0;
            for (int r = 0; r < projections; r++) {
                double y = k * perRow[b * projections + r];
                s += y;
                s2 += y * y;
            }
            double mean = s / projections;
            est[b] = mean;
            se[b] = projections > 1 ? Math.sqrt(Math.max(0, (s2 - projections * mean * mean) / (projections - 1)) / projections) : Double.NaN;
        }
        return new Estimate(est, se, projections);
    }
}
