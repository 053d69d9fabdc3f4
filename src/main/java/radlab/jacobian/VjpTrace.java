package radlab.jacobian;

import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.ForwardPass;
import radlab.nn.Mlp;

/**
 * Batched vector–Jacobian products of an MLP's logits w.r.t. its input, with every intermediate kept for a second
 * (weight-gradient) pass. For a batch of n inputs and R seed vectors per input (rows of {@code seeds}, laid out
 * sample-major: row b·R + r is seed r of sample b), the trace runs the backward recursion of
 * J(x) = W_L D_{L−1} W_{L−1} ⋯ D_1 W_1 on all n·R rows at once as plain 2-D matmuls:
 * <pre>
 *   G_{L−1} = seeds;   U_i = G_i W_iᵀ;   G_{i−1} = U_i ⊙ σ′(z_i)  (broadcast over the R seeds of a sample)
 * </pre>
 * so that {@code inputGradient()} = U_0 holds the rows vᵀJ(x_b). With the K one-hot seeds these are the full
 * Jacobians; with random unit seeds they are the projections of Hoffman et al. (2019).
 */
public final class VjpTrace {
    final ForwardPass forward;
    final int seedsPerSample;
    /** G_i: gradient w.r.t. z_{i+1} (output of layer i) per seed row. */
    final INDArray[] g;
    /** U_i: gradient w.r.t. h_i (input of layer i) per seed row. */
    final INDArray[] u;

    private VjpTrace(ForwardPass forward, int seedsPerSample, INDArray[] g, INDArray[] u) {
        this.forward = forward;
        this.seedsPerSample = seedsPerSample;
        this.g = g;
        this.u = u;
    }

    /**
     * @param fp    forward pass of n inputs
     * @param seeds (n·R) × K seed rows
     * @param r     seeds per sample R
     */
    public static VjpTrace run(ForwardPass fp, INDArray seeds, int r) {
        return run(fp, seeds, r, true);
    }

    /**
     * As {@link #run(ForwardPass, INDArray, int)}; with {@code inputRows} false the last product U_0 = G_0 W_0ᵀ — the
     * largest one, (n·R) × d — is skipped, for callers that only need G_0 (see the ℓ2 regularizer's Gram-matrix form).
     */
    static VjpTrace run(ForwardPass fp, INDArray seeds, int r, boolean inputRows) {
        Mlp m = fp.model();
        int L = fp.depth(), n = fp.batchSize();
        if (seeds.rows() != (long) n * r || seeds.columns() != m.spec().outputDim()) {
            throw new IllegalArgumentException(String.format("seeds must be %d×%d (n·R × K), got %d×%d",
                    (long) n * r, m.spec().outputDim(), seeds.rows(), seeds.columns()));
        }
        INDArray[] g = new INDArray[L], u = new INDArray[L];
        g[L - 1] = seeds.dataType() == m.dataType() ? seeds : seeds.castTo(m.dataType());
        for (int i = L - 1; i >= 0; i--) {
            if (i == 0 && !inputRows) break;
            u[i] = g[i].mmul(m.weight(i).transpose());
            if (i > 0) g[i - 1] = mulPerSample(u[i], fp.slope(i - 1), n, r);
        }
        return new VjpTrace(fp, r, g, u);
    }

    /** The rows vᵀJ(x_b) ((n·R) × d). */
    public INDArray inputGradient() {
        return u[0];
    }

    public int seedsPerSample() {
        return seedsPerSample;
    }

    /** rows ⊙ perSample, where each of the R consecutive rows of a sample is scaled by that sample's row. */
    static INDArray mulPerSample(INDArray rows, INDArray perSample, int n, int r) {
        long w = rows.columns();
        if (r == 1) return rows.mul(perSample);
        return rows.reshape('c', n, r, w).mul(perSample.reshape('c', n, 1, w)).reshape('c', (long) n * r, w);
    }

    /** Σ_r (a ⊙ b) over the R seeds of each sample: (n·R) × w → n × w. */
    static INDArray sumPerSample(INDArray a, INDArray b, int n, int r) {
        INDArray prod = a.mul(b);
        if (r == 1) return prod;
        return prod.reshape('c', n, r, prod.columns()).sum(1);
    }
}
