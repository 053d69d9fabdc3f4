package radlab.experiment.sweep;

import java.util.Set;

/** Named positions of a grid, e.g. the first seed of every configuration, which is all some figures read. */
public record Subset(Set<Integer> positions, String description) implements Slice {
    public Subset {
        positions = Set.copyOf(positions);
    }

    @Override
    public boolean owns(int position) {
        return positions.contains(position);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String whenDone() {
        return description + " done; the grid's tables are written once every point is";
    }
}
