package radlab.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import radlab.bounds.BoundResult;
import radlab.bounds.Term;
import radlab.norms.LayerNorms;
import radlab.pacbayes.PacBayesResult;

/**
 * A model's generalization measures as a flat dictionary of named scalars (one row of the table {@code radlab correlate}
 * reads), in the style of Jiang et al.'s public code: Jacobian-norm summaries, norm products, path norm, distance from
 * initialisation, the margin, every registered bound and its terms, and, when given, the PAC-Bayes quantities (the grid
 * σ is a sharpness measure: the largest isotropic noise the trained weights tolerate at the best bound). Names are
 * lower snake case; the lead aligns them with the sweep's columns.
 */
public final class MeasureSet {
    private MeasureSet() {}

    /** @param pacBayes may be null */
    public static Map<String, Double> of(NormsAnalysis a, PacBayesResult pacBayes) {
        Map<String, Double> m = new LinkedHashMap<>();
        summary(m, "train", a.trainSummary());
        summary(m, "test", a.testSummary());
        m.put("product_spectral", a.norms().productSpectral());
        m.put("product_frobenius", a.norms().productFrobenius());
        m.put("path_norm_l2", a.norms().pathNormL2());
        m.put("lipschitz_upper_bound", a.norms().lipschitzUpperBound());
        if (a.initKnown()) {
            double d2 = 0;
            for (LayerNorms l : a.norms().layers()) d2 += l.frobeniusFromInit() * l.frobeniusFromInit();
            m.put("distance_from_init", Math.sqrt(d2)); // weights only: ‖(A₁ − A₁⁰, …, A_L − A_L⁰)‖_F
        }
        m.put("margin_gamma", a.boundInputs().margin().gamma());
        m.put("margin_loss_train", a.boundInputs().margin().trainMarginLoss());
        for (BoundResult b : a.bounds()) {
            m.put("bound_" + b.id(), b.value());
            for (Term t : b.terms()) m.put("bound_" + b.id() + "_" + t.id(), t.value());
        }
        if (pacBayes != null) {
            m.put("pacbayes_sigma", pacBayes.grid().priorSigma());
            m.put("pacbayes_grid_kl", pacBayes.grid().kl());
            m.put("pacbayes_grid_bound", pacBayes.grid().bound());
            m.put("pacbayes_optimized_kl", pacBayes.optimized().kl());
            m.put("pacbayes_optimized_bound", pacBayes.optimized().bound());
        }
        return m;
    }

    private static void summary(Map<String, Double> m, String split, NormsAnalysis.JacobianSummary s) {
        m.put("jacobian_frobenius_" + split + "_mean", s.frobenius().mean());
        m.put("jacobian_frobenius_" + split + "_max", s.frobenius().max());
        m.put("jacobian_l11_" + split + "_mean", s.l11().mean());
        m.put("jacobian_l11_" + split + "_max", s.l11().max());
        m.put("jacobian_operator_" + split + "_mean", s.operator().mean());
        m.put("jacobian_operator_" + split + "_max", s.operator().max());
    }
}
