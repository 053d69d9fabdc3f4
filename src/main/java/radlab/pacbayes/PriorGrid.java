package radlab.pacbayes;

/**
 * The data-independent grid of prior standard deviations σ_j = σ_max·r^j, j = 0 … G−1, fixed before the data are seen.
 * Choosing the prior N(w₀, σ_j²I) after seeing the data is paid for by a union bound: each grid point gets confidence
 * δ/G, i.e. ln G is added to the complexity term (docs/theory.md §9.3).
 *
 * @param sigmaMax the largest σ
 * @param ratio    r ∈ (0, 1)
 * @param size     G ≥ 1
 */
public record PriorGrid(double sigmaMax, double ratio, int size) {
    /** σ from 0.5 down to 0.5·2^{−39/4} ≈ 5.9·10⁻⁴ in steps of 2^{1/4}: 40 points, ln 40 ≈ 3.7 nats. */
    public static PriorGrid standard() {
        return new PriorGrid(0.5, Math.pow(2, -0.25), 40);
    }

    public PriorGrid {
        if (!(sigmaMax > 0 && Double.isFinite(sigmaMax))) throw new IllegalArgumentException("grid σ_max must be positive, got " + sigmaMax);
        if (!(ratio > 0 && ratio < 1)) throw new IllegalArgumentException("grid ratio must lie in (0, 1), got " + ratio);
        if (size < 1) throw new IllegalArgumentException("grid size must be ≥ 1, got " + size);
    }

    public double sigma(int j) {
        if (j < 0 || j >= size) throw new IllegalArgumentException("grid index " + j + " outside [0, " + size + ")");
        return sigmaMax * Math.pow(ratio, j);
    }

    /** The grid point whose σ is nearest to {@code sigma} on a log scale. */
    public int nearest(double sigma) {
        long j = Math.round(Math.log(sigma / sigmaMax) / Math.log(ratio));
        return (int) Math.max(0, Math.min(size - 1, j));
    }
}
