package radlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.data.Splits;
import radlab.nn.Model;
import radlab.plot.Figure;
import radlab.plot.RademacherVsBoundsPlot;
import radlab.rademacher.LossClassStudy;
import radlab.rademacher.LossTerm.Kind;

/**
 * Library entry point of figure {@code rademacher-vs-bounds} (issue #17): the loss-class study of every model of the
 * plain + ℓ2-Jacobian λ sweep, on the reproduction's split, as one {@link Figure}.
 */
public final class RademacherVsBounds implements ReproductionFigure {
    public static final String NAME = "rademacher-vs-bounds";
    /** The classes the figure measures. */
    public static final List<Kind> CLASSES = List.of(Kind.CE, Kind.RAMP, Kind.JACOBIAN, Kind.SURROGATE, Kind.ROBUST);

    public RademacherVsBounds() {}

    /** A model of the sweep. */
    public record SweepModel(String key, double lambda, Model model) {}

    /** Sign-fitting settings per profile: quick subsamples n and draws to stay within its time budget; paper uses more. */
    public static LossClassStudy.Settings settings(ReproductionProfile p) {
        ThreatModel l2 = new ThreatModel(AttackNorm.L2, p.epsilonL2());
        return switch (p.name()) {
            case "paper" -> new LossClassStudy.Settings(500, 20, 2, 20, 0.1, l2, 1.0, 10, 1, 1, 0);
            case "quick" -> new LossClassStudy.Settings(100, 4, 1, 6, 0.1, l2, 1.0, 5, 1, 1, 0);
            default -> new LossClassStudy.Settings(20, 2, 1, 2, 0.1, l2, 1.0, 2, 1, 1, 0);
        };
    }

    /** The study of each model and the figure. */
    public static Figure run(List<SweepModel> models, Dataset train, Dataset test, LossClassStudy.Settings s, Consumer<String> log) {
        List<RademacherVsBoundsPlot.Entry> entries = new ArrayList<>();
        Dataset sample = Splits.subsample(train, s.n(), s.seed());
        for (SweepModel m : models) {
            log.accept("rademacher-vs-bounds: " + m.key());
            entries.add(new RademacherVsBoundsPlot.Entry(m.key(), m.lambda(), LossClassStudy.run(m.model(), sample, train, test, s, CLASSES, log)));
        }
        return RademacherVsBoundsPlot.build(entries);
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

    @Override
    public String name() {
        return NAME;
    }

    /** The figure for a finished reproduction's kept models (first seed of each configuration) and split. */
    @Override
    public Figure build(ReproductionRun run) {
        Figure f = run(fromSweep(run), run.data().train(), run.data().test(), settings(run.profile()), run.log());
        return new Figure(f.name(), f.title(), f.table(), f.chart(), f.description() + " The models are the sweep's kept models of seed "
                + run.profile().seeds()[0] + " of each configuration (one model per λ: a loss-class study per seed would multiply the "
                + "figure's cost; its Monte Carlo intervals are over random-sign draws, not seeds).");
    }
}
