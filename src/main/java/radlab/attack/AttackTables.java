package radlab.attack;

import java.util.Arrays;
import radlab.report.CsvTable;

/**
 * The per-sample tables and one-line headlines of attack results, kept out of the result records themselves
 * ({@link SurrogateComparison}, {@link AdversarialEvidence}), which only hold and compute numbers.
 */
public final class AttackTables {
    private AttackTables() {}

    /** One row per test sample: losses, the three Jacobian norms, the first-order loss and the surrogate (surrogate.csv). */
    public static CsvTable surrogate(SurrogateComparison c) {
        CsvTable t = new CsvTable("index", "label", "clean_loss", "attack_loss", "jacobian_frobenius", "jacobian_l11",
                "jacobian_operator", "loss_gradient_dual_norm", "first_order_loss", "surrogate", "surrogate_bounds_attack");
        int[] labels = c.labels();
        double[] clean = c.cleanLoss(), attack = c.attackLoss(), dual = c.lossGradientDualNorm(), s = c.surrogate(), f = c.firstOrderLoss();
        for (int i = 0; i < s.length; i++) {
            t.add(i, labels[i], clean[i], attack[i], c.jacobian().frobenius(i), c.jacobian().l11(i), c.jacobian().operator(i), dual[i], f[i], s[i],
                    s[i] >= attack[i]);
        }
        return t;
    }

    /** Means of the clean, attack, first-order and surrogate losses and the fraction of samples the surrogate bounds. */
    public static String headline(SurrogateComparison c) {
        return String.format("SurrogateComparison[%s, n=%d]: mean clean loss %.4f, mean attack loss %.4f, mean first-order loss %.4f, "
                        + "mean surrogate ℓ+√2·ε·%s %.4f, surrogate ≥ attack loss for %.1f%% of samples",
                c.attack(), c.labels().length, Arrays.stream(c.cleanLoss()).average().orElse(Double.NaN), c.meanAttackLoss(),
                Arrays.stream(c.firstOrderLoss()).average().orElse(Double.NaN), c.threat().norm() == AttackNorm.L2 ? "‖J‖_F" : "‖J‖_{1,1}",
                c.meanSurrogate(), 100 * c.fractionBounded());
    }

    /** One row per sample: the per-sample evidence that {@code --save-adversarial} writes. */
    public static CsvTable evidence(AdversarialEvidence e) {
        CsvTable t = new CsvTable("index", "label", "perturbation_norm_" + e.threat().norm(), "clean_loss", "adversarial_loss", "clean_prediction",
                "adversarial_prediction", "broken_by");
        int[] labels = e.labels(), cleanPred = e.cleanPrediction(), advPred = e.adversarialPrediction();
        double[] norm = e.perturbationNorm(), clean = e.cleanLoss(), adv = e.adversarialLoss();
        for (int i = 0; i < e.size(); i++) {
            t.add(i, labels[i], norm[i], clean[i], adv[i], cleanPred[i], advPred[i], e.brokenBy().get(i) == null ? "" : e.brokenBy().get(i));
        }
        return t;
    }
}
