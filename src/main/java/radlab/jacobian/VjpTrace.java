package radlab.jacobian;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.ForwardPass;
import radlab.nn.Model;
import radlab.nn.layer.Layer;

/**
 * Batched vector–Jacobian products of a model's logits w.r.t. its input, with every intermediate kept for a second
 * (weight-gradient) pass. For a batch of n inputs and R seed vectors per input (rows of {@code seeds}, laid out
 * sample-major: row b·R + r is seed r of sample b), the trace runs the backward recursion of
 * J(x) = A_L D_{L−1} A_{L−1} ⋯ D_1 A_1 on all n·R rows at once, layer by layer ({@link Layer#inputVjp}):
 * <pre>
 *   g_last = seeds;   g_j = inputVjp_j(g_{j+1})   (masks broadcast over the R seeds of a sample)
 * </pre>
 * so that {@code inputGradient()} = g_0 holds the rows vᵀJ(x_b). With the K one-hot seeds these are the full
 * Jacobians; with random unit seeds they are the projections of Hoffman et al. (2019).
 */
public final class VjpTrace {
    final ForwardPass forward;
    final int seedsPerSample;
    /** g[j]: gradient w.r.t. value j (the input of layer j) per seed row; g[layers] = seeds. */
    final INDArray[] g;

    private VjpTrace(ForwardPass forward, int seedsPerSample, INDArray[] g) {
        this.forward = forward;
        this.seedsPerSample = seedsPerSample;
        this.g = g;
    }

    /**
     * @param fp    forward pass of n inputs
     * @param seeds (n·R) × K seed rows
     * @param r     seeds per sample R
     */
    public static VjpTrace run(ForwardPass fp, INDArray seeds, int r) {
        return run(fp, seeds, r, 0);
    }

    /**
     * As {@link #run(ForwardPass, INDArray, int)}, stopping at g[{@code stop}]: with stop = 1 the first layer's VJP —
     * for an MLP the largest product, (n·R) × d — is skipped, for callers that only need g_1 (see the ℓ2
     * regularizer's Gram-matrix form).
     */
    static VjpTrace run(ForwardPass fp, INDArray seeds, int r, int stop) {
        Model m = fp.model();
        List<Layer> layers = m.layers();
        int n = fp.batchSize();
        if (seeds.rows() != (long) n * r || seeds.columns() != m.outputDim()) {
            throw new IllegalArgumentException(String.format("seeds must be %d×%d (n·R × K), got %d×%d",
                    (long) n * r, m.outputDim(), seeds.rows(), seeds.columns()));
        }
        INDArray[] g = new INDArray[layers.size() + 1];
        g[layers.size()] = seeds.dataType() == m.dataType() ? seeds : seeds.castTo(m.dataType());
        for (int j = layers.size() - 1; j >= stop; j--) g[j] = layers.get(j).inputVjp(g[j + 1], fp.local(j), r);
        return new VjpTrace(fp, r, g);
    }

    /** The rows vᵀJ(x_b) ((n·R) × d). */
    public INDArray inputGradient() {
        return g[0];
    }

    public int seedsPerSample() {
        return seedsPerSample;
    }
}
