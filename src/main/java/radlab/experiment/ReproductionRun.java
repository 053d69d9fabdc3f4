package radlab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import radlab.data.DataSplit;
import radlab.experiment.sweep.Engine;
import radlab.experiment.sweep.MeanInterval;
import radlab.experiment.sweep.PointRunner;
import radlab.experiment.sweep.ResultRow;
import radlab.experiment.sweep.ResultTable;
import radlab.experiment.sweep.SeedAggregation;
import radlab.experiment.sweep.Sweep;
import radlab.nn.Model;
import radlab.nn.ModelIO;
import radlab.report.CsvTable;
import radlab.spec.ExperimentSpec;
import radlab.spec.ObjectiveSpec;

/**
 * A finished reproduction sweep, as every figure of {@code reproduce} sees it: the profile, the planned points (spec and
 * content hash) with their result rows in plan order, the rows grouped by configuration with mean ± 95 % t-interval
 * over seeds, the kept model of every point, the data split, the sweep directory, and the engine (still open, for
 * figures that run a grid of their own through {@link Sweep#run}).
 */
public record ReproductionRun(ReproductionProfile profile, Path sweepDir, List<Sweep.Planned> plan, List<ResultRow> rows, DataSplit data,
                              Engine engine, Consumer<String> log) {
    public ReproductionRun {
        plan = List.copyOf(plan);
        rows = List.copyOf(rows);
        if (plan.size() != rows.size()) throw new IllegalArgumentException(plan.size() + " planned points but " + rows.size() + " rows");
    }

    /**
     * One configuration (equal specs but for the seed) with its seeds' specs and rows in seed order.
     *
     * @param key         none, adv, l2-λ or l1-λ
     * @param regularizer none, l2, l1 or adv
     */
    public record Config(String key, String regularizer, double lambda, ObjectiveSpec objective, List<ExperimentSpec> specs,
                         List<ResultRow> rows) {
        public Config {
            specs = List.copyOf(specs);
            rows = List.copyOf(rows);
        }

        /** The column's values over the seeds whose training did not diverge (and that have the column). */
        public double[] values(String column) {
            return rows.stream().filter(r -> "ok".equals(r.get(PointRunner.STATUS)) && r.get(column) instanceof Number)
                    .mapToDouble(r -> r.number(column)).toArray();
        }

        /** Mean over seeds with its 95 % t-interval ({@link MeanInterval}; NaN for a column no seed has). */
        public MeanInterval stat(String column) {
            return MeanInterval.of(values(column));
        }

        public double mean(String column) {
            return stat(column).mean();
        }

        /** Seeds that trained without diverging. */
        public int seeds() {
            return (int) rows.stream().filter(r -> "ok".equals(r.get(PointRunner.STATUS))).count();
        }
    }

    /**
     * Whether this run holds every point of the profile's grid; false for a run of the first seeds only
     * ({@link Reproduction#run(ReproductionProfile, Path, Engine, Consumer, boolean)}), whose intervals over seeds are
     * undefined.
     */
    public boolean complete() {
        return plan.size() == profile.grid().points().size();
    }

    /** The configurations in the profile's order (λ = 0, ℓ2 sweep, ℓ1 sweep, adversarial training). */
    public List<Config> configs() {
        Map<ObjectiveSpec, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < plan.size(); i++) groups.computeIfAbsent(plan.get(i).spec().objective(), k -> new ArrayList<>()).add(i);
        List<Config> out = new ArrayList<>();
        groups.forEach((o, idx) -> out.add(new Config(ReproductionProfile.key(o), ReproductionProfile.regularizer(o), ReproductionProfile.lambda(o), o,
                idx.stream().map(i -> plan.get(i).spec()).toList(), idx.stream().map(rows::get).toList())));
        return out;
    }

    /** The configuration with this key (e.g. "none", "l2-0.01"). */
    public Config config(String key) {
        return configs().stream().filter(c -> c.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no configuration '" + key + "' in " + configs().stream().map(Config::key).toList()));
    }

    /** All rows as one table (the sweep's results.csv). */
    public ResultTable table() {
        return ResultTable.of(rows);
    }

    /** One row per configuration: every numeric column X as mean X and half-width X± (the sweep's aggregated.csv). */
    public CsvTable aggregated() {
        return SeedAggregation.aggregate(table());
    }

    /** Where the sweep kept the trained model of {@code spec}. */
    public Path modelDir(ExperimentSpec spec) {
        for (Sweep.Planned p : plan) if (p.spec().equals(spec)) return Path.of(p.task().modelDir());
        throw new IllegalArgumentException("not a point of this reproduction: " + spec);
    }

    /** The content hash of {@code spec}'s point (spec, data, code version). */
    public String pointHash(ExperimentSpec spec) {
        for (Sweep.Planned p : plan) if (p.spec().equals(spec)) return p.task().hash();
        throw new IllegalArgumentException("not a point of this reproduction: " + spec);
    }

    /** The trained model of {@code spec}, loaded from the sweep's kept models. */
    public Model model(ExperimentSpec spec) {
        Path dir = modelDir(spec);
        if (!Files.isRegularFile(dir.resolve(ModelIO.MODEL_JSON))) {
            throw new IllegalStateException(dir + ": kept model missing; re-run reproduce to train it again");
        }
        return ModelIO.load(dir).model();
    }

    /** The sweep directory of another grid of this reproduction (a sibling of {@link #sweepDir}). */
    public Path sweepDir(String gridName) {
        return sweepDir.resolveSibling(gridName);
    }
}
