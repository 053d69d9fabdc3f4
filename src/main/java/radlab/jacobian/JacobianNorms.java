package radlab.jacobian;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Norms of per-sample Jacobians J(x_b) ∈ ℝ^{K×d}, one value per sample:
 * <ul>
 *   <li>{@code frobenius}: ‖J‖_F = (Σ_kj J_kj²)^½ — the ℓ2 regularizer is its square;</li>
 *   <li>{@code l11}: ‖J‖_{1,1} = Σ_kj |J_kj| — the ℓ1 regularizer, an upper bound on ‖J‖_{∞→1};</li>
 *   <li>{@code operator}: ‖J‖_2 = σ_max(J), the ℓ2→ℓ2 operator norm (≤ ‖J‖_F);</li>
 *   <li>{@code infTo2Bound}: (Σ_k ‖J_k,:‖₁²)^½ ≥ ‖J‖_{∞→2} = max_{‖δ‖∞≤1} ‖Jδ‖₂, the quantity an ℓ∞ attack
 *       on a loss that is Lipschitz in ‖·‖₂ actually needs (≤ ‖J‖_{1,1}).</li>
 * </ul>
 */
public record JacobianNorms(double[] frobenius, double[] l11, double[] operator, double[] infTo2Bound) {
    /** Copies the arrays, so a result never changes after it is made (the accessors return copies too). */
    public JacobianNorms {
        frobenius = frobenius.clone();
        l11 = l11.clone();
        operator = operator.clone();
        infTo2Bound = infTo2Bound.clone();
        if (l11.length != frobenius.length || operator.length != frobenius.length || infTo2Bound.length != frobenius.length) {
            throw new IllegalArgumentException("per-sample norm arrays of different lengths");
        }
    }

    @Override
    public double[] frobenius() {
        return frobenius.clone();
    }

    @Override
    public double[] l11() {
        return l11.clone();
    }

    @Override
    public double[] operator() {
        return operator.clone();
    }

    @Override
    public double[] infTo2Bound() {
        return infTo2Bound.clone();
    }

    /** ‖J(x_i)‖_F without copying the array. */
    public double frobenius(int i) {
        return frobenius[i];
    }

    public double l11(int i) {
        return l11[i];
    }

    public double operator(int i) {
        return operator[i];
    }

    public double infTo2Bound(int i) {
        return infTo2Bound[i];
    }

    public int size() {
        return frobenius.length;
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

    /** Norms of an n × K × d Jacobian array. */
    public static JacobianNorms of(INDArray jac) {
        Builder b = new Builder((int) jac.size(0));
        b.add(0, jac);
        return b.build();
    }

    public static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    public static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    public double meanFrobenius() {
        return mean(frobenius);
    }

    /** Mean of ‖J‖_F², the ℓ2 regularizer's value. */
    public double meanSquaredFrobenius() {
        return Arrays.stream(frobenius).map(f -> f * f).average().orElse(Double.NaN);
    }

    public double meanL11() {
        return mean(l11);
    }

    public double meanOperator() {
        return mean(operator);
    }

    /** The empirical local Lipschitz constant of f over the sample: max_b ‖J(x_b)‖_2. */
    public double maxOperator() {
        return max(operator);
    }

    @Override
    public String toString() {
        return String.format("JacobianNorms[n=%d]%n%-12s %12s %12s %12s%n%-12s %12.4g %12.4g %12.4g%n%-12s %12.4g %12.4g %12.4g%n%-12s %12.4g %12.4g %12.4g%n%-12s %12.4g %12.4g %12.4g%n",
                size(), "norm", "mean", "median", "max",
                "‖J‖_F", mean(frobenius), median(frobenius), max(frobenius),
                "‖J‖_{1,1}", mean(l11), median(l11), max(l11),
                "‖J‖_2", mean(operator), median(operator), max(operator),
                "‖J‖_{∞→2}≤", mean(infTo2Bound), median(infTo2Bound), max(infTo2Bound));
    }

    private static double median(double[] v) {
        return new DescriptiveStatistics(v).getPercentile(50);
    }

    /** Accumulates norms batch by batch. */
    static final class Builder {
        final double[] fro, l11, op, inf2;

        Builder(int n) {
            fro = new double[n];
            l11 = new double[n];
            op = new double[n];
            inf2 = new double[n];
        }

        void add(int offset, INDArray jac) {
            int n = (int) jac.size(0), k = (int) jac.size(1);
            INDArray j = jac.castTo(DataType.DOUBLE);
            copy(Transforms.sqrt(j.mul(j).sum(1, 2), false), fro, offset);
            INDArray abs = Transforms.abs(j, true);
            copy(abs.sum(1, 2), l11, offset);
            INDArray rowL1 = abs.sum(2);
            copy(Transforms.sqrt(rowL1.muli(rowL1).sum(1), false), inf2, offset);
            // σ_max(J) = sqrt(λ_max(J Jᵀ)); the K×K Grams come from one batched matmul, and their eigenvalues from
            // Commons Math per sample (K is ~10, so this loop is negligible next to the matmul).
            double[] gram = Nd4j.matmul(j, j.permute(0, 2, 1)).dup('c').data().asDouble();
            for (int b = 0; b < n; b++) {
                double[][] g = new double[k][k];
                for (int r = 0; r < k; r++) System.arraycopy(gram, b * k * k + r * k, g[r], 0, k);
                double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(g, false)).getRealEigenvalues();
                op[offset + b] = Math.sqrt(Math.max(0, Arrays.stream(ev).max().orElse(0)));
            }
        }

        private static void copy(INDArray v, double[] dst, int offset) {
            double[] src = v.dup('c').data().asDouble();
            System.arraycopy(src, 0, dst, offset, src.length);
        }

        JacobianNorms build() {
            return new JacobianNorms(fro, l11, op, inf2);
        }
    }
}
