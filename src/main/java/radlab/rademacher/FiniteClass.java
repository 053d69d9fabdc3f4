package radlab.rademacher;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A finite class given by its value vectors on the sample, v_f = (f(x_1) … f(x_n)) (for K outputs, n·K entries,
 * sample-major): sup = max_f (1/n)⟨σ, v_f⟩, exact. Use it for a set of trained checkpoints, or for a loss class
 * ℓ∘F, robust-loss class or Jacobian-regularizer class R∘F evaluated on those checkpoints. Massart's lemma bounds it
 * by max_f‖v_f‖₂·√(2 ln|F|)/n (docs/theory.md §4.3).
 */
public final class FiniteClass implements FunctionClass {
    private final INDArray values; // |F| × (n·K)
    private final int n, k;
    private final String name;

    /**
     * @param values  |F| × (n·K) value vectors
     * @param outputs K
     */
    public FiniteClass(INDArray values, int outputs, String name) {
        Samples.checkMatrix(values, "value vectors");
        if (outputs < 1 || values.columns() % outputs != 0) {
            throw new IllegalArgumentException("value vectors have " + values.columns() + " entries, not a multiple of K=" + outputs);
        }
        this.values = values.castTo(DataType.DOUBLE);
        this.k = outputs;
        this.n = (int) (values.columns() / outputs);
        this.name = name;
    }

    /** A real-valued finite class from value vectors (one double[] of length n per function). */
    public static FiniteClass of(List<double[]> vectors, String name) {
        if (vectors.isEmpty()) throw new IllegalArgumentException("a finite class needs at least one function");
        int n = vectors.get(0).length;
        double[][] a = new double[vectors.size()][];
        for (int i = 0; i < a.length; i++) {
            if (vectors.get(i).length != n) throw new IllegalArgumentException("value vector " + i + " has length " + vectors.get(i).length + ", expected " + n);
            a[i] = vectors.get(i);
        }
        return new FiniteClass(Nd4j.create(a), 1, name);
    }

    @Override
    public int sampleSize() {
        return n;
    }

    @Override
    public int outputs() {
        return k;
    }

    public int size() {
        return (int) values.rows();
    }

    /** The value vectors, one row per function (a copy): |F| × (n·K), sample-major. */
    public double[][] valueVectors() {
        return values.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
    }

    @Override
    public double[] suprema(INDArray signs) {
        INDArray inner = Samples.checkSigns(signs, n, k).mmul(values.transpose()); // m × |F|
        return inner.max(1).divi(n).toDoubleVector();
    }

    @Override
    public boolean exact() {
        return true;
    }

    @Override
    public double[] valueBounds() {
        INDArray abs = Transforms.abs(values, true).reshape('c', values.rows(), n, k).sum(2); // |F| × n
        return abs.max(0).toDoubleVector();
    }

    /** Massart: max_f‖v_f‖₂·√(2 ln|F|)/n. */
    public double massartUpperBound() {
        return values.norm2(1).maxNumber().doubleValue() * Math.sqrt(2 * Math.log(size())) / n;
    }

    @Override
    public String describe() {
        return String.format("finite class '%s' (|F|=%d, n=%d, K=%d)", name, size(), n, k);
    }
}
