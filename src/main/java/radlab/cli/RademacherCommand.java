package radlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.Splits;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.plot.Charts;
import radlab.plot.RademacherCharts;
import radlab.rademacher.FunctionClass;
import radlab.rademacher.KernelBall;
import radlab.rademacher.LinearL1Ball;
import radlab.rademacher.LinearL2Ball;
import radlab.rademacher.NetworkSignFitting;
import radlab.rademacher.RademacherEstimate;
import radlab.rademacher.RademacherEstimator;
import radlab.rademacher.RandomLabelFit;
import radlab.report.CsvTable;
import radlab.report.Json;
import radlab.report.Provenance;
import radlab.report.StagedDirectory;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;

@Command(name = "rademacher", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimate the empirical Rademacher complexity R̂_S(F) of a function class on n training images by Monte Carlo",
                "random-sign fitting, with a confidence interval, McDiarmid bound (exact classes only) and the class's closed-form bound. Writes",
                "reports/RUN/{rademacher.json, draws.csv, convergence.png[, vs-n.csv, vs-n.png]}."})
final class RademacherCommand implements Callable<Integer> {
    @Option(names = "--class", defaultValue = "linear-l2", paramLabel = "NAME",
            description = "linear-l2 (‖w‖₂ ≤ B), linear-l1 (‖w‖₁ ≤ B), kernel-rbf (RKHS ball ‖f‖_H ≤ B), mlp (norm-constrained ReLU "
                    + "network, suprema by projected-gradient sign fitting: a lower estimate), random-labels (fit an unconstrained "
                    + "network to random ±1 labels), loss (a loss class around a saved model: see --model, --loss) (default: ${DEFAULT-VALUE}).")
    String functionClass;

    @Option(names = "--n", defaultValue = "1000", description = "Sample size n, a stratified subsample of the training data (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--draws", defaultValue = "200", description = "Monte Carlo sign draws m ≥ 2 (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--bound", defaultValue = "1.0", paramLabel = "B", description = "Norm bound B of the linear and kernel classes (default: ${DEFAULT-VALUE}).")
    double bound;

    @Option(names = "--rbf-width", defaultValue = "5.0", description = "RBF kernel width (default: ${DEFAULT-VALUE}).")
    double rbfWidth;

    @Option(names = "--hidden", split = ",", defaultValue = "32", paramLabel = "W1,…", description = "Hidden widths of the mlp and random-labels classes (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(names = "--spectral", split = ",", paramLabel = "S1,…", description = "Per-layer spectral-norm bounds of the mlp class (default: 1 for every layer).")
    double[] spectral;

    @Option(names = "--frobenius", split = ",", paramLabel = "B1,…", description = "Per-layer Frobenius-norm bounds of the mlp class (default: none).")
    double[] frobenius;

    @Option(names = "--jacobian-bound", paramLabel = "TAU",
            description = "mlp class: also constrain the mean input-gradient norm over the sample, (1/n)Σ‖∇ₓf(x_i)‖₂ ≤ TAU (the paper's Jacobian-constrained class).")
    Double jacobianBound;

    @Option(names = "--restarts", defaultValue = "3", description = "Random restarts per draw for mlp sign fitting (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--steps", defaultValue = "100", description = "Projected-gradient steps per restart for mlp sign fitting (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--epochs", defaultValue = "100", description = "Training epochs of the random-labels class (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--sweep-n", split = ",", paramLabel = "N1,…", description = "Also estimate at these sample sizes and plot R̂_S vs n (linear and kernel classes).")
    int[] sweepN;

    @Option(names = "--threads", description = "Worker threads (default: available processors). Results do not depend on it.")
    Integer threads;

    @Option(names = "--seed", defaultValue = "" + radlab.spec.Defaults.SEED, description = "Seed of the sign draws and restarts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--confidence", defaultValue = "0.95", description = "Confidence level of the interval and McDiarmid bound (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Mixin LossClassOptions lossClass;
    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    @Spec CommandSpec spec;

    /** The class on a sample and its closed-form bounds (name → value). */
    record Built(FunctionClass cls, Map<String, Double> bounds) {}

    Built build(INDArray x) {
        String c = functionClass.trim().toLowerCase();
        Map<String, Double> refs = new LinkedHashMap<>();
        switch (c) {
            case "linear-l2" -> {
                LinearL2Ball f = new LinearL2Ball(x, bound);
                refs.put("Jensen upper bound B‖X‖_F/n", f.jensenUpperBound());
                refs.put("Khintchine lower bound", f.khintchineLowerBound());
                return new Built(f, refs);
            }
            case "linear-l1" -> {
                LinearL1Ball f = new LinearL1Ball(x, bound);
                refs.put("Massart upper bound", f.massartUpperBound());
                return new Built(f, refs);
            }
            case "kernel-rbf" -> {
                KernelBall f = KernelBall.rbf(x, rbfWidth, bound);
                refs.put("trace upper bound B√tr(K)/n", f.traceUpperBound());
                return new Built(f, refs);
            }
            case "mlp" -> {
                int depth = hidden.length + 1;
                double[] s = spectral != null ? spectral : java.util.stream.DoubleStream.generate(() -> 1.0).limit(depth).toArray();
                double[] b = frobenius != null ? frobenius : new double[0];
                MlpSpec spec = MlpSpec.of((int) x.columns(), hidden, 1, Activation.RELU);
                NetworkSignFitting.Constraints cons = new NetworkSignFitting.Constraints(s, b, jacobianBound == null ? Double.NaN : jacobianBound);
                NetworkSignFitting f = new NetworkSignFitting(x, spec, cons, restarts, steps,
                        OptimizerConfig.sgd(0.5, 0.9), seed);
                if (b.length == depth) {
                    double prod = java.util.Arrays.stream(b).reduce(1, (p, q) -> p * q);
                    refs.put("Golowich–Rakhlin–Shamir upper bound", (Math.sqrt(2 * Math.log(2) * depth) + 1) * prod
                            * new LinearL2Ball(x, 1).jensenUpperBound());
                }
                return new Built(f, refs);
            }
            default -> throw new IllegalArgumentException("unknown --class '" + functionClass + "'; expected linear-l2, linear-l1, kernel-rbf, mlp or random-labels");
        }
    }

    /** Every check that needs no data, so that bad options fail before any work (issue #11). */
    private String validate() {
        String c = RademacherOptionRules.check(functionClass, o -> spec.commandLine().getParseResult().hasMatchedOption(o));
        if (n <= 0) throw new IllegalArgumentException("--n must be positive, got " + n);
        if (draws < 2) throw new IllegalArgumentException("--draws must be at least 2, got " + draws);
        if (!(bound >= 0) || Double.isInfinite(bound)) throw new IllegalArgumentException("--bound must be ≥ 0 and finite, got " + bound);
        if (!(rbfWidth > 0) || Double.isInfinite(rbfWidth)) throw new IllegalArgumentException("--rbf-width must be a finite number > 0, got " + rbfWidth);
        if (threads != null && (threads < 1 || threads > 1024)) throw new IllegalArgumentException("--threads must be in 1..1024, got " + threads);
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("--confidence must be in (0,1), got " + confidence);
        if (epochs <= 0) throw new IllegalArgumentException("--epochs must be positive, got " + epochs);
        if (restarts <= 0) throw new IllegalArgumentException("--restarts must be positive, got " + restarts);
        if (steps <= 0) throw new IllegalArgumentException("--steps must be positive, got " + steps);
        for (int h : hidden) if (h <= 0) throw new IllegalArgumentException("--hidden widths must be positive, got " + h);
        if (sweepN != null) for (int m : sweepN) if (m <= 0) throw new IllegalArgumentException("--sweep-n sizes must be positive, got " + m);
        int depth = hidden.length + 1;
        if (spectral != null && spectral.length != depth) throw new IllegalArgumentException("--spectral needs " + depth + " values (one per layer), got " + spectral.length);
        if (frobenius != null && frobenius.length != depth) throw new IllegalArgumentException("--frobenius needs " + depth + " values (one per layer), got " + frobenius.length);
        for (double v : spectral == null ? new double[0] : spectral) if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("--spectral bounds must be positive and finite, got " + v);
        for (double v : frobenius == null ? new double[0] : frobenius) if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("--frobenius bounds must be positive and finite, got " + v);
        if (jacobianBound != null && (!(jacobianBound > 0) || jacobianBound.isInfinite())) throw new IllegalArgumentException("--jacobian-bound must be positive and finite, got " + jacobianBound);
        return c;
    }

    @Override
    public Integer call() {
        if (functionClass.trim().equalsIgnoreCase("loss")) return LossClassRun.run(this);
        String c = validate();
        try (StagedDirectory staged = output.open("rademacher")) { // checks the destination before any work
            DataSplit split = data.load();
            int available = split.train().size();
            if (n > available) throw new IllegalArgumentException("--n " + n + " exceeds the " + available + " training examples");
            if (sweepN != null) for (int m : sweepN) if (m > available) throw new IllegalArgumentException("--sweep-n size " + m + " outside 1.." + available);
            Dataset sample = Splits.subsample(split.train(), n, seed);
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("class", c);
            config.put("n", n);
            config.put("data", data.describe());
            config.put("seed", seed);
            Map<String, Object> results = new LinkedHashMap<>();
            if (c.equals("random-labels")) {
                config.put("hidden", hidden);
                config.put("epochs", epochs);
                RandomLabelFit.Result r = RandomLabelFit.fit(sample.features(), hidden, Activation.RELU,
                        TrainConfig.of(epochs, 50, OptimizerConfig.adam(3e-3), seed), seed);
                results.put("randomLabelFit", r);
                results.put("config", config);
                results.put("provenance", Provenance.of("rademacher", config, sample));
                Json.write(staged.path().resolve("rademacher.json"), results);
                Path runDir = staged.commit();
                System.out.println(r + "; report in " + runDir.toAbsolutePath());
                return 0;
            }
            config.put("draws", draws);
            config.put("bound", bound);
            config.put("confidence", confidence);
            RademacherEstimator estimator = new RademacherEstimator(draws, seed, threads == null ? Runtime.getRuntime().availableProcessors() : threads, confidence);
            Built built = build(sample.features());
            RademacherEstimate e;
            if (built.cls() instanceof NetworkSignFitting nsf) { // the restart spread comes back with the fits
                RademacherEstimator.Fitted fitted = ConsoleProgress.counting(output.quiet, "R̂_S n=" + n, draws, p -> estimator.estimateFits(nsf, p));
                e = fitted.estimate();
                results.put("meanRestartSpread", fitted.meanRestartSpread());
            } else {
                e = run(estimator, built.cls(), "R̂_S n=" + n);
            }
            results.put("estimate", e);
            results.put("bounds", built.bounds());
            List<RademacherCharts.SizePoint> sweep = new ArrayList<>();
            if (sweepN != null) {
                for (int m : sweepN) {
                    Built b = build(Splits.subsample(split.train(), m, seed).features());
                    RademacherEstimate em = run(estimator, b.cls(), "R̂_S n=" + m);
                    sweep.add(new RademacherCharts.SizePoint(m, em.mean(), em.standardError(), b.bounds().values().iterator().next()));
                }
                results.put("sweep", sweep);
            }
            results.put("secondsPerDraw", e.seconds() / e.drawCount());
            results.put("config", config);
            results.put("provenance", Provenance.of("rademacher", config, sample));
            Path p = staged.path();
            Json.write(p.resolve("rademacher.json"), results);
            CsvTable t = new CsvTable("draw", "supremum");
            for (int i = 0; i < e.draws().length; i++) t.add(i + 1, e.draws()[i]);
            t.write(p.resolve("draws.csv"));
            Charts.savePng(RademacherCharts.convergence(e, built.bounds()), p.resolve("convergence.png"));
            if (!sweep.isEmpty()) {
                CsvTable s = new CsvTable("n", "estimate", "standard_error", "bound");
                for (var sp : sweep) s.add(sp.n(), sp.estimate(), sp.standardError(), sp.bound());
                s.write(p.resolve("vs-n.csv"));
                Charts.savePng(RademacherCharts.versusSampleSize(sweep, e.functionClass().replaceAll(" on .*", ""),
                        built.bounds().keySet().iterator().next()), p.resolve("vs-n.png"));
            }
            Path runDir = staged.commit();
            System.out.println(e);
            built.bounds().forEach((k, v) -> System.out.printf("  %s: %.6g%n", k, v));
            System.out.println("report in " + runDir.toAbsolutePath());
            return 0;
        }
    }

    private RademacherEstimate run(RademacherEstimator est, FunctionClass f, String task) {
        return ConsoleProgress.counting(output.quiet, task, draws, progress -> est.estimate(f, progress));
    }
}
