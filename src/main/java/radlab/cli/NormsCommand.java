package radlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.Splits;
import radlab.experiment.TrainingRecord;
import radlab.experiment.NormsAnalysis;
import radlab.nn.Model;
import radlab.nn.ModelIO;
import radlab.report.Provenance;
import radlab.spec.NormsSpec;

@Command(name = "norms", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Every norm and every registered bound of a saved network.",
                "Per layer the spectral (power iteration), Frobenius, (2,1) and (1,∞) norms and distances from initialisation; products,",
                "path norm, the Lipschitz bound vs the empirical max ‖J(x)‖₂; per-sample input-Jacobian norms on train and test; every",
                "bound in radlab.bounds.BoundRegistry with its assumptions checked. Writes reports/RUN/{norms.json, layers.csv,",
                "jacobians.csv, jacobian-norms.png, jacobian-norms.svg}."})
final class NormsCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory written by 'radlab train' (reports/RUN/model).")
    Path modelDir;

    @Option(names = "--n", paramLabel = "N",
            description = "Measure Jacobians on N stratified examples of each of train and test (default: all). Bounds always use the whole training split.")
    Integer n;

    @Option(names = "--margin", paramLabel = "GAMMA",
            description = "Margin γ of the margin bounds, fixed in advance (default: the 10th percentile of the training margins, flagged as chosen on data).")
    Double margin;

    @Option(names = "--epsilon-l2", defaultValue = "" + radlab.spec.Defaults.EPSILON_L2, paramLabel = "EPS", description = "ℓ2 radius of the robust bound (default: ${DEFAULT-VALUE}).")
    double epsilonL2;

    @Option(names = "--epsilon-linf", defaultValue = "" + radlab.spec.Defaults.EPSILON_LINF, paramLabel = "EPS", description = "ℓ∞ radius of the robust bound (default: ${DEFAULT-VALUE}).")
    double epsilonLinf;

    @Option(names = "--spec", paramLabel = "FILE",
            description = "Settings as JSON ({\"kind\": \"norms\", \"n\": N (0 = all), \"margin\": γ or null, \"epsilonL2\": …, \"epsilonLinf\": …}, "
                    + "the form of a norms report's spec.json); excludes --n, --margin, --epsilon-l2 and --epsilon-linf.")
    Path specFile;

    @Spec CommandSpec command;

    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    /** The run's settings: from --spec, else from the options (checked either way before any work). */
    NormsSpec spec() {
        if (specFile != null) {
            List<String> given = Stream.of("--n", "--margin", "--epsilon-l2", "--epsilon-linf")
                    .filter(o -> command.commandLine().getParseResult().hasMatchedOption(o)).toList();
            if (!given.isEmpty()) throw new IllegalArgumentException("--spec gives the norms settings; drop " + String.join(", ", given));
            return SpecFiles.read(specFile, NormsSpec::parse);
        }
        if (n != null && n <= 0) throw new IllegalArgumentException("--n must be positive, got " + n);
        if (margin != null && !(margin > 0 && Double.isFinite(margin))) throw new IllegalArgumentException("--margin must be positive, got " + margin);
        for (double e : new double[] {epsilonL2, epsilonLinf}) {
            if (!(e >= 0 && Double.isFinite(e))) throw new IllegalArgumentException("--epsilon-l2 and --epsilon-linf must be finite numbers ≥ 0, got " + e);
        }
        return new NormsSpec(n == null ? 0 : n, margin == null ? Double.NaN : margin, epsilonL2, epsilonLinf);
    }

    /** One norms run: the samples the Jacobians were measured on and the analysis. */
    record Run(Dataset trainSample, Dataset testSample, NormsAnalysis analysis) {}

    /** The measurement of {@code spec} on a saved model and split: what {@code norms} and {@code rerun} both execute. */
    static Run run(ModelIO.SavedModel saved, DataSplit split, NormsSpec spec, boolean verbose) {
        int n = spec.n();
        if (n > split.train().size()) throw new IllegalArgumentException("--n " + n + " exceeds the " + split.train().size() + " training examples");
        if (n > split.test().size()) throw new IllegalArgumentException("--n " + n + " exceeds the " + split.test().size() + " test examples");
        radlab.train.Evaluator.requireCompatible(saved.model(), split.test());
        Model init = TrainingRecord.initialWeights(saved).orElse(null);
        TrainingRecord.trainSize(saved).filter(size -> size != split.train().size()).ifPresent(size -> System.err.printf(
                "radlab: warning: the model was trained on %d examples but the bounds use the %d of this training split; pass the data options "
                        + "the model was trained with (e.g. --train-size %d)%n", size, split.train().size(), size));
        Dataset trainSample = n == 0 ? split.train() : Splits.subsample(split.train(), n, 1);
        Dataset testSample = n == 0 ? split.test() : Splits.subsample(split.test(), n, 2);
        if (verbose) System.err.printf("measuring %s on %d train and %d test examples%n", saved.model().describe(), trainSample.size(), testSample.size());
        Double margin = Double.isNaN(spec.margin()) ? null : spec.margin();
        return new Run(trainSample, testSample,
                NormsAnalysis.of(saved.model(), init, split.train(), trainSample, testSample, margin, spec.epsilonL2(), spec.epsilonLinf()));
    }

    /** The part of norms.json before config and provenance: the model and where its initial weights came from. */
    static Map<String, Object> header(ModelIO.SavedModel saved) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("model", saved.model().describe());
        header.put("initialWeights", TrainingRecord.seed(saved).map(s -> "rebuilt from recorded seed " + s).orElse("unknown"));
        return header;
    }

    @Override
    public Integer call() {
        NormsSpec spec = spec();
        Integer n = spec.n() == 0 ? null : spec.n();
        Double margin = Double.isNaN(spec.margin()) ? null : spec.margin();
        double epsilonL2 = spec.epsilonL2(), epsilonLinf = spec.epsilonLinf();
        Path runDir = output.runDirectory("norms");
        ModelIO.SavedModel saved = ModelIO.load(modelDir);
        DataSplit split = data.loadFor(saved);
        Run r = run(saved, split, spec, !output.quiet);
        NormsAnalysis a = r.analysis();
        Dataset trainSample = r.trainSample(), testSample = r.testSample();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model", modelDir.toAbsolutePath().normalize().toString()); // rerun reads the model from here
        config.put("n", n == null ? "all" : n);
        config.put("margin", margin == null ? "10th percentile of training margins" : margin);
        config.put("epsilonL2", epsilonL2);
        config.put("epsilonLinf", epsilonLinf);
        config.put("data", data.describe());
        config.put("spec", spec.toTree());
        Map<String, Object> header = header(saved);
        header.put("config", config);
        header.put("provenance", Provenance.of("norms", config, trainSample, testSample));
        Path written = NormsReport.write(runDir, a, header, spec);
        System.out.print(NormsReport.table(a, saved.model().describe() + " from " + modelDir + (a.initKnown()
                ? ", initial weights rebuilt from seed " + TrainingRecord.seed(saved).orElseThrow() : "")));
        System.out.println("report in " + written);
        return 0;
    }
}
