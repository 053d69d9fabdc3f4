package radlab.plot;

import java.util.function.Function;
import radlab.experiment.ReproductionRun;

/**
 * One figure of {@code reproduce}: a name (its directory under the report directory and its {@code --figure} value)
 * and how to draw it from a finished {@link ReproductionRun}. A new figure is one class drawing it, added to the list
 * {@link ReproductionFigures#ALL}.
 */
public interface ReproductionFigure {
    String name();

    Figure build(ReproductionRun run);

    /**
     * Whether the figure reads only the first seed of each configuration (the kept models it studies): a run of such
     * figures alone trains only those points.
     */
    default boolean firstSeedsOnly() {
        return false;
    }

    /** A figure from its name and the function that draws it. */
    static ReproductionFigure of(String name, Function<ReproductionRun, Figure> build) {
        return of(name, build, false);
    }

    /** A figure that reads only the first seed of each configuration ({@link #firstSeedsOnly}). */
    static ReproductionFigure ofFirstSeeds(String name, Function<ReproductionRun, Figure> build) {
        return of(name, build, true);
    }

    private static ReproductionFigure of(String name, Function<ReproductionRun, Figure> build, boolean firstSeeds) {
        return new ReproductionFigure() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Figure build(ReproductionRun run) {
                return build.apply(run);
            }

            @Override
            public boolean firstSeedsOnly() {
                return firstSeeds;
            }
        };
    }
}
