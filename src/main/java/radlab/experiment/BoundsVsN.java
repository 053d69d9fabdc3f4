package radlab.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import radlab.bounds.Bound;
import radlab.bounds.BoundRegistry;
import radlab.experiment.sweep.Engine;
import radlab.experiment.sweep.Grid;
import radlab.experiment.sweep.MeanInterval;
import radlab.experiment.sweep.PointRunner;
import radlab.experiment.sweep.ResultRow;
import radlab.experiment.sweep.ResultTable;
import radlab.experiment.sweep.Sweep;
import radlab.measures.LogLogSlope;
import radlab.spec.DataSpec;
import radlab.spec.EvaluationSpec;

/**
 * Figure {@code bounds-vs-n} (Nagarajan & Kolter 2019; docs/theory.md §11): one network trained on training sets of
 * growing size n, several seeds each, run as a {@link Grid} through {@link Sweep#run} (so points are cached, resumable
 * and may run on Spark). Per n: mean ± 95 % t-interval over seeds of the measured gaps (standard and robust) and of
 * every registered bound; per quantity: the log–log slope fitted on the per-n means of ln value, with its 95 % interval
 * on #n − 2 degrees of freedom ({@link LogLogSlope#fitMeans}: the seeds at one n share its subsample).
 */
public final class BoundsVsN {
    public static final String NAME = "bounds-vs-n";
    /** The measured gaps: test − train cross-entropy (clean, ℓ2 and ℓ∞ attacks) and the clean 0–1 error gap. */
    public static final List<String> GAPS = List.of("gap.standard_loss", "gap.standard_error", "gap.robust_l2_loss", "gap.robust_linf_loss");

    /**
     * What to train and how to evaluate it.
     *
     * @param trainSizes      the n axis
     * @param seeds           seeds per n
     * @param dataset         "mnist" (the shipped 10,000 digits: n + testSize ≤ 10,000) or "fashion-mnist" (n ≤ 60,000)
     * @param testSize        test examples (the same for every n)
     * @param splitSeed       seed of the train/test split
     * @param arch            architecture, e.g. "mlp:128,128"
     * @param examplesPerPoint training budget E: epochs(n) = max(minEpochs, ⌈E/n⌉), the same number of examples seen for every n
     * @param minEpochs       e_min
     * @param batchSize       minibatch size (Adam, learning rate 1e-3)
     * @param evaluation      robust evaluation: ε, attack steps and subsample size (the cost of each point's measurement)
     * @param dataDir         null, or a directory of the four standard IDX files (e.g. full MNIST): its own train/test split,
     *                        subsampled to each n; sizes beyond it fail when the sweep reads it, before any training
     */
    public record Settings(String profile, List<Integer> trainSizes, List<Long> seeds, String dataset, int testSize, long splitSeed, String arch,
            int examplesPerPoint, int minEpochs, int batchSize, EvaluationSpec evaluation, String dataDir) {
        public Settings {
            trainSizes = List.copyOf(trainSizes);
            seeds = List.copyOf(seeds);
            if (trainSizes.size() < 2) throw new IllegalArgumentException("bounds-vs-n needs at least two training-set sizes, got " + trainSizes);
            if (seeds.isEmpty()) throw new IllegalArgumentException("bounds-vs-n needs at least one seed");
            if (examplesPerPoint < 1 || minEpochs < 1 || batchSize < 1) throw new IllegalArgumentException("training budget must be positive");
            for (int n : trainSizes) new DataSpec(dataset, n, testSize, splitSeed, dataDir); // every size is a valid split: checked before any work
            int smallest = trainSizes.stream().mapToInt(Integer::intValue).min().orElseThrow();
            if (evaluation.evalSize() > Math.min(smallest, testSize)) {
                throw new IllegalArgumentException("bounds-vs-n: evaluation size " + evaluation.evalSize() + " exceeds the smallest n or the test size ("
                        + Math.min(smallest, testSize) + ")");
            }
        }

        /** Settings on data at its standard location (no directory). */
        public Settings(String profile, List<Integer> trainSizes, List<Long> seeds, String dataset, int testSize, long splitSeed, String arch,
                int examplesPerPoint, int minEpochs, int batchSize, EvaluationSpec evaluation) {
            this(profile, trainSizes, seeds, dataset, testSize, splitSeed, arch, examplesPerPoint, minEpochs, batchSize, evaluation, null);
        }

        /** ~1 minute of CPU on 2 cores: n ∈ {250, …, 4000} of the shipped digits, 2 seeds, 16,000 examples seen, PGD-3 on 200 samples. */
        public static Settings quick() {
            return new Settings("quick", List.of(250, 500, 1000, 2000, 4000), List.of(1L, 2L), "mnist", 1000, 42, "mlp:128,128", 16_000, 4, 64,
                    new EvaluationSpec(1.0, 0.1, 3, 200));
        }

        /**
         * n up to 8,000 of the shipped digits, 3 seeds, 80,000 examples seen (≥ 10 epochs), APGD-10 on 250 samples (a
         * point's evaluation subsample is at most its n: 1,000 made the smallest point invalid).
         */
        public static Settings paper() {
            return new Settings("paper", List.of(250, 500, 1000, 2000, 4000, 8000), List.of(1L, 2L, 3L), "mnist", 2000, 42, "mlp:128,128", 80_000,
                    10, 64, new EvaluationSpec(1.0, 0.1, 10, 250));
        }

        /**
         * The paper settings on Fashion-MNIST (Debian's dataset-fashion-mnist package), n from 500 up to all 60,000 training
         * images, 3 seeds, 120,000 examples seen (≥ 2 epochs), APGD-10 on 500 samples (at most the smallest n). One thread:
         * about 20 minutes (docs/theory.md §11).
         */
        public static Settings paperFashion() {
            return new Settings("paper-fashion", List.of(500, 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000), List.of(1L, 2L, 3L), "fashion-mnist",
                    10_000, 42, "mlp:128,128", 120_000, 2, 64, new EvaluationSpec(1.0, 0.1, 10, 500));
        }

        /** Quick settings for a large training set: n ∈ {500, 2000, 8000, 32000} and all of it, 2 seeds, 16,000 examples seen, APGD-3 on 200. */
        static Settings quickLarge() {
            return new Settings("quick", List.of(500, 2000, 8000, 32_000), List.of(1L, 2L), "fashion-mnist", 2000, 42, "mlp:128,128", 16_000, 1, 64,
                    new EvaluationSpec(1.0, 0.1, 3, 200));
        }

        /** Seconds on tiny sizes (the smoke profile): n ∈ {100, 200, 400}, 2 seeds, PGD-2 on 50 samples. */
        public static Settings smoke() {
            return new Settings("smoke", List.of(100, 200, 400), List.of(1L, 2L), "mnist", 100, 42, "mlp:16", 400, 1, 50,
                    new EvaluationSpec(1.0, 0.1, 2, 50));
        }

        /** The settings of a reproduction profile: paper, quick, or smoke for any other. */
        public static Settings forProfile(String profile) {
            return switch (profile) {
                case "paper" -> paper();
                case "quick" -> quick();
                default -> smoke();
            };
        }

        /**
         * The settings of a profile on some data: the shipped digits ({@link #forProfile}), or a directory of
         * {@code trainImages}/{@code testImages} images — Debian's Fashion-MNIST when {@code dir} is null, else a user's
         * (e.g. full MNIST) — where the profile's sizes below {@code trainImages} are followed by all of them (paper:
         * {@link #paperFashion}'s 500 … 32,000, then 60,000 for Fashion-MNIST).
         */
        public static Settings forData(String profile, String dataset, String dir, int trainImages, int testImages) {
            if (dir == null && dataset.equals("mnist")) return forProfile(profile);
            Settings base = switch (profile) {
                case "paper" -> paperFashion();
                case "quick" -> quickLarge();
                default -> smoke();
            };
            List<Integer> sizes = new ArrayList<>(base.trainSizes().stream().filter(n -> n < trainImages).toList());
            sizes.add(trainImages);
            if (sizes.size() < 2) {
                throw new IllegalArgumentException((dir == null ? radlab.data.MnistLoader.DEBIAN_FASHION_MNIST.toString() : dir) + ": " + trainImages
                        + " training images are too few for bounds-vs-n (the " + base.profile() + " sizes start at " + base.trainSizes().get(0) + ")");
            }
            int test = Math.min(base.testSize(), testImages);
            EvaluationSpec e = base.evaluation();
            int evalSize = Math.min(e.evalSize(), Math.min(sizes.get(0), test));
            EvaluationSpec eval = new EvaluationSpec(e.epsilonL2(), e.epsilonLinf(), e.attackSteps(), evalSize, e.attackTargets(), e.baselineSteps(),
                    Math.min(e.certifySize(), evalSize));
            String name = base.profile().equals("paper-fashion") ? "paper" : base.profile();
            return new Settings(name + "-" + (dir == null ? dataset : "data"), sizes, base.seeds(), dataset, test, base.splitSeed(), base.arch(),
                    base.examplesPerPoint(), base.minEpochs(), base.batchSize(), eval, dir);
        }

        /**
         * The settings of a reproduction profile on its architecture and dataset, or on a directory of IDX files
         * ({@code dir}, null for the profile's own data; read here for its sizes, so a bad directory fails before work).
         */
        public static Settings of(ReproductionProfile p, String dir) {
            radlab.spec.DataSpec d = new radlab.spec.DataSpec(p.dataset(), 1, 1, 0, dir);
            Path read = radlab.spec.SpecFactory.directory(d);
            if (read == null) return forProfile(p.budget()).withArch(p.arch());
            radlab.data.DataSplit full = radlab.experiment.sweep.SweepData.directory(read, p.dataset());
            return forData(p.budget(), p.dataset(), dir, full.train().size(), full.test().size()).withArch(p.arch());
        }

        /** The same settings on another architecture. */
        public Settings withArch(String architecture) {
            return new Settings(profile, trainSizes, seeds, dataset, testSize, splitSeed, architecture, examplesPerPoint, minEpochs, batchSize, evaluation,
                    dataDir);
        }

        public int epochs(int n) {
            return Math.max(minEpochs, (examplesPerPoint + n - 1) / n);
        }
    }

    /** One quantity at one n: its mean over seeds with the 95 % t-interval. */
    public record AtSize(String quantity, int n, MeanInterval value) {}

    /** A quantity's log–log fit on its per-n means of ln value ({@link LogLogSlope#fitMeans}). */
    public record Fit(String quantity, boolean gap, LogLogSlope slope) {}

    /**
     * @param gaps    the gap columns found in the table
     * @param bounds  the bound columns ({@code bound.ID.total}) found
     * @param points  per quantity, per n (ascending)
     * @param fits    per quantity (gaps first, then bounds in registry order)
     * @param models  trained models (status ok)
     * @param verdict one sentence: does the standard gap shrink while bounds grow?
     */
    public record Result(Settings settings, List<String> gaps, List<String> bounds, List<AtSize> points, List<Fit> fits, int models, String verdict) {
        public Result {
            gaps = List.copyOf(gaps);
            bounds = List.copyOf(bounds);
            points = List.copyOf(points);
            fits = List.copyOf(fits);
        }

        public Fit fit(String quantity) {
            return fits.stream().filter(f -> f.quantity().equals(quantity)).findFirst().orElseThrow(() -> new IllegalArgumentException("no fit for " + quantity));
        }
    }

    /** The analysis and the sweep's table it came from (radlab.plot.BoundsVsNChart draws both). */
    public record Run(Result result, ResultTable table) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BoundsVsN() {}

    /** Runs (or resumes) the sweep in {@code sweepDir}, then analyses it. */
    public static Run run(Settings s, Engine engine, Path sweepDir, Consumer<String> log) {
        Sweep.Summary sum = Sweep.run(grid(s), engine, new Sweep.Options(sweepDir, false, 0, null), log);
        ResultTable table = ResultTable.of(sum.rows());
        Result r = analyze(table, s);
        return new Run(r, table);
    }

    /** The sweep's grid: one point per n (with its epochs), crossed with the seeds. */
    public static Grid grid(Settings s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", NAME + "-" + s.profile());
        ObjectNode base = root.putObject("base");
        ObjectNode data = base.putObject("data");
        data.put("dataset", s.dataset()).put("testSize", s.testSize()).put("splitSeed", s.splitSeed());
        if (s.dataDir() != null) data.put("dir", s.dataDir());
        base.putObject("model").put("arch", s.arch());
        base.putObject("optimizer").put("kind", "adam").put("learningRate", 1e-3).put("batchSize", s.batchSize());
        EvaluationSpec e = s.evaluation();
        base.putObject("evaluation").put("epsilonL2", e.epsilonL2()).put("epsilonLinf", e.epsilonLinf()).put("attackSteps", e.attackSteps())
                .put("evalSize", e.evalSize());
        ArrayNode points = root.putArray("points");
        for (int n : s.trainSizes()) {
            ObjectNode p = points.addObject();
            p.putObject("data").put("trainSize", n);
            p.putObject("optimizer").put("epochs", s.epochs(n));
        }
        ArrayNode seeds = root.putObject("axes").putArray("seed");
        s.seeds().forEach(seeds::add);
        return Grid.parse(root.toString());
    }

    /** Per-n intervals and log–log fits of every gap and registered bound in a finished sweep's table. */
    public static Result analyze(ResultTable table, Settings s) {
        List<ResultRow> ok = table.rows().stream().filter(r -> "ok".equals(r.get(PointRunner.STATUS))).toList();
        if (ok.isEmpty()) throw new IllegalArgumentException("no trained model in the sweep (every point diverged)");
        List<String> gaps = GAPS.stream().filter(table.columns()::contains).toList();
        List<String> bounds = new ArrayList<>();
        for (Bound b : BoundRegistry.ALL) {
            String c = "bound." + b.id().replace('-', '_') + ".total";
            if (table.columns().contains(c)) bounds.add(c);
        }
        List<String> quantities = new ArrayList<>(gaps);
        quantities.addAll(bounds);
        List<AtSize> points = new ArrayList<>();
        List<Fit> fits = new ArrayList<>();
        for (String q : quantities) {
            Map<Integer, List<Double>> byN = new LinkedHashMap<>();
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (ResultRow r : ok) {
                if (!(r.get(q) instanceof Number v)) continue;
                int n = (int) r.number("spec.train_size");
                byN.computeIfAbsent(n, k -> new ArrayList<>()).add(v.doubleValue());
                xs.add((double) n);
                ys.add(v.doubleValue());
            }
            byN.keySet().stream().sorted().forEach(n -> points.add(new AtSize(q, n, MeanInterval.of(byN.get(n).stream().mapToDouble(Double::doubleValue).toArray()))));
            fits.add(new Fit(q, gaps.contains(q), LogLogSlope.fitMeans(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    ys.stream().mapToDouble(Double::doubleValue).toArray())));
        }
        return new Result(s, gaps, bounds, points, fits, ok.size(), verdict(fits) + underfitCaveat(ok));
    }

    /** Mean training accuracy below which a size counts as not fitting its training set (see {@link #underfitCaveat}). */
    static final double FIT_ACCURACY = 0.99;

    /**
     * Nagarajan & Kolter compare networks trained to the same fit of their training sets. With a fixed budget of
     * examples seen, large training sets are underfitted; then the margin γ of the margin bounds collapses and those
     * bounds grow for that reason, not because the weights' norms grow (measured on Fashion-MNIST, docs/theory.md §11).
     * The verdict says so whenever some size's mean training accuracy is below {@value #FIT_ACCURACY}.
     */
    static String underfitCaveat(List<ResultRow> ok) {
        TreeMap<Integer, List<Double>> byN = new TreeMap<>();
        for (ResultRow r : ok) {
            if (r.get("train_accuracy") instanceof Number a) byN.computeIfAbsent((int) r.number("spec.train_size"), k -> new ArrayList<>()).add(a.doubleValue());
        }
        for (Map.Entry<Integer, List<Double>> e : byN.entrySet()) {
            double mean = mean(e.getValue());
            if (mean < FIT_ACCURACY) {
                return String.format(Locale.ROOT, " Caveat: from n = %d the networks do not fit their training sets (mean training accuracy %.3f there, "
                        + "%.3f at the largest n; below %.2f), unlike Nagarajan & Kolter's, which were all trained to the same fit: growth of margin "
                        + "bounds there may come from a collapsing margin γ, not from the norms (docs/theory.md §11).", e.getKey(), mean,
                        mean(byN.lastEntry().getValue()), FIT_ACCURACY);
            }
        }
        return "";
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** "The standard gap shrinks with n (slope …) while k of m bounds grow (…)": each direction from the slope's 95 % interval. */
    static String verdict(List<Fit> fits) {
        Fit standard = fits.stream().filter(f -> f.quantity().equals("gap.standard_loss")).findFirst().orElse(null);
        List<Fit> bounds = fits.stream().filter(f -> !f.gap()).toList();
        List<String> grow = new ArrayList<>(), shrink = new ArrayList<>(), flat = new ArrayList<>();
        for (Fit b : bounds) {
            String label = b.quantity().replace("bound.", "").replace(".total", "") + " " + b.slope();
            switch (b.slope().direction()) {
                case 1 -> grow.add(label);
                case -1 -> shrink.add(label);
                default -> flat.add(label);
            }
        }
        String gap = standard == null ? "The standard gap was not measured"
                : "The standard (cross-entropy) gap " + word(standard.slope().direction()) + " with n (log–log slope " + standard.slope() + ")";
        String b = String.format("%d of the %d registered bounds grow with n%s, %d shrink%s and %d are flat within their 95 %% interval%s", grow.size(),
                bounds.size(), list(grow), shrink.size(), list(shrink), flat.size(), list(flat));
        boolean nk = standard != null && standard.slope().direction() < 0 && !grow.isEmpty();
        return gap + "; " + b + "." + (nk ? " As Nagarajan & Kolter (2019) observed, bounds grow while the gap shrinks." : "");
    }

    private static String word(int direction) {
        return direction > 0 ? "grows" : direction < 0 ? "shrinks" : "is flat within its 95 % interval";
    }

    private static String list(List<String> l) {
        return l.isEmpty() ? "" : " (" + String.join("; ", l) + ")";
    }
}
