package radlab.plot;

import java.util.List;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import radlab.attack.AttackNorm;
import radlab.attack.RobustEvaluator;
import radlab.attack.SurrogateComparison;
import radlab.experiment.ReproductionRun;
import radlab.experiment.ReproductionRun.Config;
import radlab.experiment.sweep.PointRunner;
import radlab.nn.Model;
import radlab.report.CsvTable;
import radlab.spec.ExperimentSpec;

/** Figure {@code surrogate}: per test sample of one model, the Jacobian surrogate of the robust loss against the APGD-ℓ2 loss. */
public final class SurrogateFigure {
    public static final String NAME = "surrogate";

    private SurrogateFigure() {}

    /** The ℓ2-regularized configuration of the middle λ (the plain one if there is none) and its first seed. */
    public static ExperimentSpec surrogateSpec(ReproductionRun r) {
        List<Config> l2 = r.configs().stream().filter(c -> c.regularizer().equals("l2")).toList();
        Config c = l2.isEmpty() ? r.configs().get(0) : l2.get(l2.size() / 2);
        return c.specs().get(0);
    }

    public static Figure build(ReproductionRun r) {
        ExperimentSpec spec = surrogateSpec(r);
        Model net = r.model(spec);
        var testEval = PointRunner.testEval(spec, r.data());
        SurrogateComparison s = SurrogateComparison.measure(net, testEval, PointRunner.suite(AttackNorm.L2, spec, net), RobustEvaluator.DEFAULT_BATCH);
        String model = radlab.experiment.ReproductionProfile.key(spec.objective()) + ", seed " + spec.seed();
        CsvTable t = radlab.attack.AttackTables.surrogate(s);
        Predicate<List<Object>> all = row -> true;
        XYChart c = Charts.scatterAgainstDiagonal("Surrogate vs APGD-ℓ2 loss per test sample (" + model + ")",
                "APGD-ℓ2 loss (nats)", "surrogate ℓ + √2·ε·‖J‖_F (nats)",
                String.format("test samples (%.1f%% on or above y = x)", 100 * s.fractionBounded()),
                Figure.column(t, "attack_loss", all), Figure.column(t, "surrogate", all));
        return new Figure(NAME, "Jacobian surrogate vs APGD robust loss", t, c,
                "Per test sample of ONE model, the ℓ2-regularized network " + model + " (the first seed of its configuration; the other "
                        + "seeds' fractions are in the summary table as surrogate_fraction_l2 ± its t-interval): the APGD-suite ℓ2 loss (x) "
                        + "against the surrogate ℓ(f(x),y) + √2·ε·‖∇ₓf(x)‖_F (y), which upper-bounds the first-order robust loss exactly "
                        + "and the true robust loss up to the second-order remainder (docs/theory.md §2.4). Points above the diagonal are "
                        + "samples the surrogate bounds. The model is the sweep's kept model, attacked again with the same seeded suite: the "
                        + r.profile().suiteSettings() + ".");
    }
}
