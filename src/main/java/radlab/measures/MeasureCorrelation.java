package radlab.measures;

import java.util.List;

/**
 * How one measure ranks the models against one gap: Kendall's τ and the granulated Ψ, each with a percentile bootstrap
 * 95 % interval over models (docs/theory.md §10).
 *
 * @param measure    measure column
 * @param gap        gap column
 * @param models     models with both values present
 * @param tau        Jiang et al.'s Kendall τ over all models (ties count 0)
 * @param psi        granulated Kendall Ψ, seed held fixed in its groups (NaN when no group has two models)
 * @param psiPerAxis ψ_i per hyper-parameter axis, in the table's axis order
 * @param resamples  bootstrap resamples
 */
public record MeasureCorrelation(String measure, String gap, int models, double tau, double tauLow, double tauHigh, double psi, double psiLow,
        double psiHigh, List<Double> psiPerAxis, int resamples) {
    public MeasureCorrelation {
        psiPerAxis = List.copyOf(psiPerAxis);
    }

    @Override
    public String toString() {
        return String.format("%s vs %s (n=%d): τ = %.3f [%.3f, %.3f], Ψ = %.3f [%.3f, %.3f]", measure, gap, models, tau, tauLow, tauHigh, psi, psiLow,
                psiHigh);
    }
}
