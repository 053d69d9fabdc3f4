package radlab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.data.Splits;
import radlab.nn.Model;
import radlab.spec.ExperimentSpec;
import radlab.rademacher.LossClassStudy;
import radlab.rademacher.LossTerm.Kind;
import radlab.report.Json;

/**
 * The numbers of figure {@code rademacher-vs-bounds}: the loss-class study of every model of the plain + ℓ2-Jacobian λ
 * sweep, on the reproduction's split (radlab.plot.RademacherVsBoundsPlot draws them).
 */
public final class RademacherVsBounds {
    public static final String NAME = "rademacher-vs-bounds";
    /** The classes the figure measures. */
    public static final List<Kind> CLASSES = List.of(Kind.CE, Kind.RAMP, Kind.JACOBIAN, Kind.SURROGATE, Kind.ROBUST);

    private RademacherVsBounds() {}

    /**
     * A model of the sweep.
     *
     * @param point the sweep point's content hash (spec, data, code version): with the settings it names the model's
     *              finished study on disk, so a stopped run keeps every model it finished; null keeps nothing
     */
    public record SweepModel(String key, double lambda, Model model, String point) {
        public SweepModel(String key, double lambda, Model model) {
            this(key, lambda, model, null);
        }
    }

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
        return run(models, train, test, s, log, null);
    }

    /**
     * The study of each model, in the given order. With a {@code studies} directory, each model's finished study is
     * written there (atomically) as soon as it ends and read back instead of recomputed on the next run: at paper
     * scale a study costs about half an hour per model, and a stopped run must not lose the ones it finished.
     */
    public static List<Entry> run(List<SweepModel> models, Dataset train, Dataset test, LossClassStudy.Settings s, Consumer<String> log,
                                  Path studies) {
        List<Entry> entries = new ArrayList<>();
        Dataset sample = Splits.subsample(train, s.n(), s.seed());
        for (SweepModel m : models) {
            Path file = studies == null || m.point() == null ? null : studies.resolve(m.key() + "-" + studyKey(m, train, test, s) + ".json");
            if (file != null && Files.isRegularFile(file)) {
                log.accept("rademacher-vs-bounds: " + m.key() + " (finished earlier: " + file.getFileName() + ")");
                entries.add(read(file));
                continue;
            }
            log.accept("rademacher-vs-bounds: " + m.key());
            Entry e = new Entry(m.key(), m.lambda(), LossClassStudy.run(m.model(), sample, train, test, s, CLASSES, log));
            if (file != null) Json.write(file, e);
            entries.add(e);
        }
        return entries;
    }

    /**
     * What a study depends on: the point (model, data, code), the split's contents, the settings but for the thread
     * count (the estimates do not depend on it) and the classes.
     */
    static String studyKey(SweepModel m, Dataset train, Dataset test, LossClassStudy.Settings s) {
        LossClassStudy.Settings oneThread = new LossClassStudy.Settings(s.n(), s.draws(), s.restarts(), s.steps(), s.stepSize(), s.threat(),
                s.gamma(), s.attackSteps(), s.seed(), 1, s.checkDraws());
        String text = String.join("\0", m.point(), String.valueOf(m.lambda()), train.name(), String.valueOf(train.size()), test.name(),
                String.valueOf(test.size()), oneThread.toString(), CLASSES.toString());
        return radlab.spec.SpecHash.sha256(text).substring(0, 16);
    }

    private static Entry read(Path file) {
        return Json.readKept(file, Entry.class, "finished study");
    }

    /** The plain and ℓ2-regularized models of a finished reproduction (the first seed of each configuration), from the sweep's kept models. */
    public static List<SweepModel> fromSweep(ReproductionRun run) {
        List<SweepModel> out = new ArrayList<>();
        for (ReproductionRun.Config c : run.configs()) {
            if (!c.regularizer().equals("none") && !c.regularizer().equals("l2")) continue;
            ExperimentSpec first = c.specs().get(0);
            out.add(new SweepModel(c.key(), c.lambda(), run.model(first), run.pointHash(first)));
        }
        return out;
    }
}
