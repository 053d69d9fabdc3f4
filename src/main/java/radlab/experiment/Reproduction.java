package radlab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import radlab.experiment.sweep.Engine;
import radlab.experiment.sweep.PointStore;
import radlab.experiment.sweep.Sweep;
import radlab.experiment.sweep.SweepData;
import radlab.nn.ModelIO;
import radlab.spec.ExperimentSpec;

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
        Sweep.Options o = new Sweep.Options(dir, true, 0, null);
        List<Sweep.Planned> plan = Sweep.plan(profile.grid(), o);
        forgetPointsWithoutModel(dir, plan, log);
        Sweep.Summary s = Sweep.run(profile.grid(), engine, o, log);
        ExperimentSpec first = plan.get(0).spec();
        return new ReproductionRun(profile, dir, plan, s.rows(), SweepData.load(first.data()).split(), engine, log);
    }

    /**
     * A row is only a cache hit for reproduce if its kept model is there too (figures reload models): a row whose
     * model directory was removed is dropped, so that its point is trained again.
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
