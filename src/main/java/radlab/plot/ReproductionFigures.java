package radlab.plot;

import java.util.List;
import radlab.experiment.BoundsVsN;
import radlab.experiment.PacBayesFigure;
import radlab.experiment.RademacherVsBounds;
import radlab.experiment.ReproductionRun;

/** The figures of a reproduction, in one list ({@link #ALL}); each is drawn by its own class from the finished run. */
public final class ReproductionFigures {
    /** Every figure of {@code reproduce}, in the order they are written; a new figure is one more entry here. */
    public static final List<ReproductionFigure> ALL = List.of(
            ReproductionFigure.of(JacobianVsLambdaFigure.NAME, JacobianVsLambdaFigure::build),
            ReproductionFigure.of(AccuracyVsLambdaFigure.NAME, AccuracyVsLambdaFigure::build),
            ReproductionFigure.of(RobustnessVsCostFigure.NAME, RobustnessVsCostFigure::build),
            ReproductionFigure.of(BoundVsGapFigure.NAME, BoundVsGapFigure::build),
            ReproductionFigure.ofFirstSeeds(SurrogateFigure.NAME, SurrogateFigure::build),
            ReproductionFigure.ofFirstSeeds(RadiusBracketFigure.NAME, RadiusBracketFigure::build),
            ReproductionFigure.ofFirstSeeds(RademacherVsBounds.NAME, RademacherVsBoundsPlot::reproduce),
            ReproductionFigure.of(CorrelationFigure.NAME, r -> CorrelationFigure.build(r.table())),
            ReproductionFigure.ofFirstSeeds(PacBayesFigure.NAME, PacBayesChart::reproduce),
            ReproductionFigure.of(BoundsVsN.NAME, BoundsVsNChart::reproduce));
    public static final List<String> NAMES = ALL.stream().map(ReproductionFigure::name).toList();

    private ReproductionFigures() {}

    /** The figure named {@code name}. */
    public static ReproductionFigure named(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown --figure '" + name + "'; expected one of " + NAMES + " or all"));
    }

    public static Figure build(String name, ReproductionRun r) {
        return named(name).build(r);
    }
}
