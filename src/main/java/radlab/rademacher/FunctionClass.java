package radlab.rademacher;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A function class F restricted to a fixed sample S = (x_1 … x_n), seen through its supremum oracle:
 * given random signs σ, sup_{f∈F} (1/n) Σ_i Σ_k σ_ik f_k(x_i). Scalar classes have K = 1 output; vector-valued
 * classes use the sum-over-outputs reduction with σ ∈ {±1}^{n×K}.
 */
public interface FunctionClass {
    /** Sample size n. */
    int sampleSize();

    /** Outputs K (1 for real-valued classes); a sign draw has n·K entries, sample-major (σ_ik at i·K + k). */
    default int outputs() {
        return 1;
    }

    /**
     * Suprema for m sign draws at once.
     *
     * @param signs m × (n·K) matrix of ±1 (double)
     * @return m values sup_f (1/n)⟨σ, f(S)⟩, {@code exact} says whether they are exact or lower estimates
     */
    double[] suprema(INDArray signs);

    /** True when {@link #suprema} is exact (closed form); false when it is found by optimisation (a lower estimate). */
    boolean exact();

    /**
     * Per-sample bounds c_i ≥ sup_f ‖f(x_i)‖₁ (summed over outputs), used for McDiarmid's inequality: flipping σ_i
     * changes the supremum by at most 2c_i/n. Null when unknown (e.g. unconstrained networks).
     */
    double[] valueBounds();

    /** A short description for reports, e.g. "linear ‖w‖₂ ≤ 1 on 1000×784". */
    String describe();
}
