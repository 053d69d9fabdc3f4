package radlab.experiment;

import radlab.plot.Figure;

/**
 * One figure of {@code reproduce}: a name (its directory under the report directory and its {@code --figure} value)
 * and how to build it from a finished {@link ReproductionRun}. A new figure is one class implementing this,
 * added to the list {@code radlab.plot.ReproductionFigures.ALL}.
 */
public interface ReproductionFigure {
    String name();

    Figure build(ReproductionRun run);
}
