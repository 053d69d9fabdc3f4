package radlab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import radlab.data.DataSplit;
import radlab.experiment.sweep.Engine;
import radlab.experiment.sweep.Grid;
import radlab.experiment.sweep.PointStore;
import radlab.experiment.sweep.Subset;
import radlab.experiment.sweep.Sweep;
import radlab.experiment.sweep.SweepData;
import radlab.nn.ModelIO;
import radlab.spec.ExperimentSpec;
import radlab.spec.ObjectiveSpec;

/**
 * Runs a reproduction profile's grid ({@link ReproductionProfile#grid()}) through the sweep engine, keeping every
 * trained model. The sweep directory is the cache: each point is stored under the hash of its spec, data and code
 * version with a checksummed row, so a re-run trains nothing and a killed run resumes with the missing points.
 */
public final class Reproduction {
    private Reproduction() {}

    /**
     * The sweep directory of a profile under a report directory: OUT/.sweeps/PROFILE, plus the architecture and the
     * dataset where they are not the profile's (e.g. OUT/.sweeps/baselines-cnn_c16k5-p2-c32k5-p2-d64-fashion-mnist).
     */
    public static Path sweepDir(Path out, ReproductionProfile p) {
        return out.resolve(".sweeps").resolve(p.name() + (p.defaultArch() ? "" : "-" + p.arch().replaceAll("[^a-z0-9,-]", "_"))
                + (p.defaultDataset() ? "" : "-" + p.dataset()) + (p.verifyBudget() == 0 ? "" : "-verify" + p.verifyBudgetText()));
    }

    /** Runs (or resumes, or just loads) the profile's sweep in {@code dir} on {@code engine}. */
    public static ReproductionRun run(ReproductionProfile profile, Path dir, Engine engine, Consumer<String> log) {
        return run(profile, dir, engine, log, false, true);
    }

    /**
     * Runs (or resumes, or just loads) the profile's sweep; with {@code firstSeedsOnly}, only the first seed of each
     * configuration — all that the figures reading kept models look at (e.g. 14 of the paper profile's 70 networks) —
     * unless every point is done already, when the whole run is loaded. The points are the same either way (same
     * hashes), so a later full run trains only the rest. A run of the first seeds is not {@link ReproductionRun#complete}.
     *
     * @param readsModels whether a figure of this run loads kept models (those of the first seeds): only then is a
     *                    first seed's row whose model is missing trained again. Figures drawn from the rows alone resume
     *                    from rows without models, e.g. rows copied from another machine.
     */
    public static ReproductionRun run(ReproductionProfile profile, Path dir, Engine engine, Consumer<String> log, boolean firstSeedsOnly,
            boolean readsModels) {
        Sweep.Options all = new Sweep.Options(dir, true, 0, null);
        List<Sweep.Planned> plan = Sweep.plan(profile.grid(), all);
        if (readsModels) {
            Subset first = firstSeeds(plan.stream().map(Sweep.Planned::spec).toList());
            forgetPointsWithoutModel(dir, IntStream.range(0, plan.size()).filter(first::owns).mapToObj(plan::get).toList(), log);
        }
        DataSplit data = SweepData.load(plan.get(0).spec().data()).split();
        PointStore store = new PointStore(dir);
        if (firstSeedsOnly && !plan.stream().allMatch(p -> store.status(p.task().hash()) instanceof PointStore.Status.Done)) {
            Subset first = firstSeeds(plan.stream().map(Sweep.Planned::spec).toList());
            Sweep.Summary s = Sweep.run(profile.grid(), engine, new Sweep.Options(dir, true, 0, null, first), log);
            List<Sweep.Planned> mine = IntStream.range(0, plan.size()).filter(first::owns).mapToObj(plan::get).toList();
            return new ReproductionRun(profile, dir, mine, s.rows(), data, engine, log);
        }
        Sweep.Summary s = Sweep.run(profile.grid(), engine, all, log);
        return new ReproductionRun(profile, dir, plan, s.rows(), data, engine, log);
    }

    /** The position of the first point of each configuration (equal specs but for the seed), in the grid's order. */
    public static Subset firstSeeds(List<ExperimentSpec> points) {
        Set<ObjectiveSpec> seen = new HashSet<>();
        Set<Integer> first = new HashSet<>();
        for (int i = 0; i < points.size(); i++) if (seen.add(points.get(i).objective())) first.add(i);
        return new Subset(first, "the first seed of each configuration");
    }

    /** The grid of the first seed of each configuration of {@code grid} (what {@code --estimate} counts for such figures). */
    public static Grid firstSeedGrid(Grid grid) {
        Subset first = firstSeeds(grid.points());
        return new Grid(grid.name(), IntStream.range(0, grid.points().size()).filter(first::owns).mapToObj(grid.points()::get).toList());
    }

    /**
     * For figures that reload models, a row is only a cache hit if its kept model is there too: a row whose model
     * directory was removed is dropped, so that its point is trained again.
     */
    private static void forgetPointsWithoutModel(Path dir, List<Sweep.Planned> plan, Consumer<String> log) {
        PointStore store = new PointStore(dir);
        for (Sweep.Planned p : plan) {
            Path row = store.file(p.task().hash());
            if (Files.isRegularFile(row) && !Files.isRegularFile(Path.of(p.task().modelDir()).resolve(ModelIO.MODEL_JSON))) {
                log.accept("kept model of point " + p.task().hash() + " is missing; training it again");
                try {
                    Files.deleteIfExists(row);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }
}
