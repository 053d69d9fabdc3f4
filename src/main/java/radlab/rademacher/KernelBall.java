package radlab.rademacher;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.util.Broadcasts;

/**
 * F = {f ∈ H : ‖f‖_H ≤ B} for a reproducing kernel with Gram matrix K on the sample: sup = (B/n)·√(σᵀKσ)
 * exactly (Mohri Thm 6.12's proof); Jensen gives R̂ ≤ (B/n)·√(tr K).
 */
public final class KernelBall implements FunctionClass {
    private final INDArray gram;
    private final double bound;

    public KernelBall(INDArray gram, double bound) {
        Samples.checkMatrix(gram, "Gram matrix");
        if (gram.rows() != gram.columns()) throw new IllegalArgumentException("Gram matrix must be square, got " + gram.rows() + "×" + gram.columns());
        this.gram = gram.castTo(DataType.DOUBLE);
        this.bound = Samples.checkBound(bound);
    }

    /** Gaussian RBF Gram matrix exp(−‖x_i − x_j‖²/(2·width²)). */
    public static KernelBall rbf(INDArray x, double width, double bound) {
        if (!(width > 0)) throw new IllegalArgumentException("RBF width must be positive, got " + width);
        INDArray a = Samples.checkMatrix(x, "sample").castTo(DataType.DOUBLE);
        INDArray sq = a.mul(a).sum(1).reshape(a.rows(), 1);
        INDArray d2 = Broadcasts.addiRow(Broadcasts.addiColumn(a.mmul(a.transpose()).muli(-2), sq), sq.reshape(1, a.rows()));
        return new KernelBall(Transforms.exp(d2.muli(-1.0 / (2 * width * width)), false), bound);
    }

    @Override
    public int sampleSize() {
        return (int) gram.rows();
    }

    @Override
    public double[] suprema(INDArray signs) {
        INDArray s = Samples.checkSigns(signs, sampleSize(), 1);
        INDArray quad = s.mmul(gram).muli(s).sum(1);
        return Transforms.sqrt(Transforms.max(quad, 0.0, false), false).muli(bound / sampleSize()).toDoubleVector();
    }

    @Override
    public boolean exact() {
        return true;
    }

    @Override
    public double[] valueBounds() {
        INDArray diag = org.nd4j.linalg.factory.Nd4j.diag(gram);
        return Transforms.sqrt(diag, true).muli(bound).toDoubleVector();
    }

    /** (B/n)·√(tr K). */
    public double traceUpperBound() {
        return bound * Math.sqrt(org.nd4j.linalg.factory.Nd4j.diag(gram).sumNumber().doubleValue()) / sampleSize();
    }

    @Override
    public String describe() {
        return String.format("kernel ball ‖f‖_H ≤ %s (n=%d)", bound, sampleSize());
    }
}
