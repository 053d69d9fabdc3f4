package radlab.jacobian;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.ForwardPass;
import radlab.nn.Model;

/**
 * Per-sample input–output Jacobians J(x) = ∂f(x)/∂x ∈ ℝ^{K×d} of a model's logits, for a whole batch at once
 * (K one-hot seeds per sample through {@link VjpTrace}; no per-sample loop).
 */
public final class InputJacobians {
    private InputJacobians() {}

    /** Jacobians of the logits for every row of {@code x}, as an n × K × d array. */
    public static INDArray compute(Model model, INDArray x) {
        return compute(model.forward(x));
    }

    public static INDArray compute(ForwardPass fp) {
        int n = fp.batchSize(), k = fp.model().outputDim(), d = fp.model().inputDim();
        VjpTrace t = VjpTrace.run(fp, oneHotSeeds(n, k, fp.model().dataType()), k);
        return t.inputGradient().reshape('c', n, k, d);
    }

    /** (n·K) × K seeds: sample b's K rows are e_1 … e_K. */
    static INDArray oneHotSeeds(int n, int k, DataType type) {
        return Nd4j.tile(Nd4j.eye(k).castTo(type), n, 1);
    }

    /** Per-sample Jacobians in batches of {@code batch}, reduced to their norms (memory stays O(batch·K·d)). */
    public static JacobianNorms norms(Model model, INDArray x, int batch) {
        int n = (int) x.rows();
        JacobianNorms.Builder b = new JacobianNorms.Builder(n);
        for (int start = 0; start < n; start += batch) {
            int end = Math.min(n, start + batch);
            INDArray xb = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end), org.nd4j.linalg.indexing.NDArrayIndex.all());
            b.add(start, compute(model, xb));
        }
        return b.build();
    }
}
