package radlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.data.Splits;
import radlab.nn.Model;
import radlab.rademacher.LossClassStudy;
import radlab.rademacher.LossTerm.Kind;

/**
 * The numbers of figure {@code rademacher-vs-bounds}: the loss-class study of every model of the plain + ℓ2-Jacobian λ
 * sweep, on the reproduction's split (radlab.plot.RademacherVsBoundsPlot draws them).
 */
public final class RademacherVsBounds {
    public static final String NAME = "rademacher-vs-bounds";
    /** The classes the figure measures. */
    public static final List<Kind> CLASSES = List.of(Kind.CE, Kind.RAMP, Kind.JACOBIAN, Kind.SURROGATE, Kind.ROBUST);

    private RademacherVsBounds() {}

    /** A model of the sweep. */
    public record SweepModel(String key, double lambda, Model model) {}

    /** One model of the sweep: its key (e.g. "l2-0.01"), λ (0 for the plain network) and its study. */
    public record Entry(String key, double lambda, LossClassStudy.Result study) {}

    /**
     * Sign-fitting settings per profile: quick subsamples n and draws to stay within its time budget; paper uses more.
     * Each class's draws run on {@code threads} Java threads; the estimates do not depend on the count.
     */
    public static LossClassStudy.Settings settings(ReproductionProfile p, int threads) {
        ThreatModel l2 = new ThreatModel(AttackNorm.L2, p.epsilonL2());
        return switch (p.budget()) {
            case "paper" -> new LossClassStudy.Settings(500, 20, 2, 20, 0.1, l2, 1.0, 10, 1, threads, 0);
            case "quick" -> new LossClassStudy.Settings(100, 4, 1, 6, 0.1, l2, 1.0, 5, 1, threads, 0);
            default -> new LossClassStudy.Settings(20, 2, 1, 2, 0.1, l2, 1.0, 2, 1, threads, 0);
        };
    }

    /** The study of each model, in the given order. */
    public static List<Entry> run(List<SweepModel> models, Dataset train, Dataset test, LossClassStudy.Settings s, Consumer<String> log) {
        List<Entry> entries = new ArrayList<>();
        Dataset sample = Splits.subsample(train, s.n(), s.seed());
        for (SweepModel m : models) {
            log.accept("rademacher-vs-bounds: " + m.key());
            entries.add(new Entry(m.key(), m.lambda(), LossClassStudy.run(m.model(), sample, train, test, s, CLASSES, log)));
        }
        return entries;
    }

    /** The plain and ℓ2-regularized models of a finished reproduction (the first seed of each configuration), from the sweep's kept models. */
    public static List<SweepModel> fromSweep(ReproductionRun run) {
        List<SweepModel> out = new ArrayList<>();
        for (ReproductionRun.Config c : run.configs()) {
            if (!c.regularizer().equals("none") && !c.regularizer().equals("l2")) continue;
            out.add(new SweepModel(c.key(), c.lambda(), run.model(c.specs().get(0))));
        }
        return out;
    }
}
