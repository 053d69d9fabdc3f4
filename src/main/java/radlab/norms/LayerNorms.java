package radlab.norms;

/**
 * Norms of one layer's weight operator A (math convention, out × in; radlab stores a dense W = Aᵀ) and of its
 * distance from initialisation A − A₀. For a convolution A is the convolution operator on the layer's input shape
 * (the matrix of the linear map, not the kernel): ‖A‖_σ by power iteration through the convolution and its
 * transpose (Miyato et al. 2018; Gouk et al. 2021), the entry-wise norms from its exact row sums.
 *
 * <p>Group norms follow one convention (docs/theory.md §5.2): ‖M‖_{p,q} is the ℓq norm of the vector of ℓp norms of
 * M's columns, and both group norms below are taken of Aᵀ, whose columns are A's rows (one per output unit).
 *
 * @param spectral          ‖A‖_σ by power iteration
 * @param spectralIterations power iterations used
 * @param spectralConverged whether power iteration reached its tolerance
 * @param frobenius         ‖A‖_F
 * @param l21               ‖Aᵀ‖_{2,1} = Σ_rows ‖A_i,:‖₂ (sum over output units of incoming-weight norms; the BFT norm)
 * @param l1Inf             ‖Aᵀ‖_{1,∞} = max_i Σ_j |A_ij| (largest ℓ1 norm of an output unit's incoming weights), the ℓ∞→ℓ∞
 *                          operator norm of A (Lipschitz constant in ‖·‖∞); same (p,q) convention as {@code l21}
 * @param spectralFromInit  ‖A − A₀‖_σ
 * @param frobeniusFromInit ‖A − A₀‖_F
 * @param l21FromInit       ‖(A − A₀)ᵀ‖_{2,1}
 * @param l1InfFromInit     ‖(A − A₀)ᵀ‖_{1,∞}
 * @param layer             the layer's description, e.g. "dense 784→256" or "conv 32×5×5 s1 p0 1×28×28→32×24×24"
 * @param dense             whether A is a dense layer; bounds whose theorems assume fully connected layers are
 *                          flagged when it is not
 */
public record LayerNorms(int rows, int columns, double spectral, int spectralIterations, boolean spectralConverged,
                         double frobenius, double l21, double l1Inf,
                         double spectralFromInit, double frobeniusFromInit, double l21FromInit, double l1InfFromInit,
                         String layer, boolean dense) {
    /** A dense layer (the constructor of the MLP-only days). */
    public LayerNorms(int rows, int columns, double spectral, int spectralIterations, boolean spectralConverged,
                      double frobenius, double l21, double l1Inf,
                      double spectralFromInit, double frobeniusFromInit, double l21FromInit, double l1InfFromInit) {
        this(rows, columns, spectral, spectralIterations, spectralConverged, frobenius, l21, l1Inf, spectralFromInit, frobeniusFromInit,
                l21FromInit, l1InfFromInit, "dense " + columns + "→" + rows, true);
    }
}
