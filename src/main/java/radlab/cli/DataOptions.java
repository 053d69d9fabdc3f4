package radlab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.spec.DataSpec;
import radlab.spec.Defaults;
import radlab.spec.SpecFactory;

/** Which data to use, shared by every command that reads data. */
public final class DataOptions {
    @Option(names = "--dataset", defaultValue = Defaults.DATASET, paramLabel = "NAME",
            description = "mnist (default) or fashion-mnist. Without --data, mnist is the 10,000-digit subset shipped in "
                    + "the jar and fashion-mnist is read from " + "/usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist).")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory with the four standard IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
                    + "t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]), e.g. full MNIST; its own train/test split is used.")
    Path dataDir;

    @Option(names = "--train-size", paramLabel = "N",
            description = "Training examples: stratified subsample (default: " + Defaults.Cli.TRAIN_SIZE + " of the shipped subset, all of a --data directory; "
                    + "commands reading a --model default every data option to what the model was trained on).")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N",
            description = "Test examples (default: " + Defaults.Cli.TEST_SIZE + " of the shipped subset, all of a --data directory; with --model, the model's own).")
    Integer testSize;

    @Option(names = "--split-seed", defaultValue = "" + Defaults.SPLIT_SEED, paramLabel = "SEED",
            description = "Seed of the stratified train/test split and subsampling (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    /** Where the data settings came from: the options (and their defaults), or the model's training record. */
    private String source = "options";

    /**
     * The data {@code saved} was trained on, for every data option not given on the command line. Without this, a
     * command analysing a model trained on 4,000 of the shipped digits read the default 8,000/2,000 split, whose test
     * part overlaps that model's training digits: its "test" accuracy and generalization gaps were wrong.
     */
    DataSplit loadFor(radlab.nn.ModelIO.SavedModel saved) {
        radlab.experiment.TrainingRecord.data(saved).ifPresent(r -> {
            boolean any = false;
            if (!given("--dataset") && !given("--data") && r.dataset() != null) {
                dataset = r.dataset();
                dataDir = r.dataDir() == null ? null : Path.of(r.dataDir());
                any = true;
            }
            if (!given("--train-size") && r.trainSize() != null) {
                trainSize = r.trainSize();
                any = true;
            }
            if (!given("--test-size") && r.testSize() != null) {
                testSize = r.testSize();
                any = true;
            }
            if (!given("--split-seed") && r.splitSeed() != null) {
                splitSeed = r.splitSeed();
                any = true;
            }
            if (any) source = "recorded with the model (data options given on the command line take precedence)";
        });
        return load();
    }

    private boolean given(String option) {
        return command != null && command.commandLine() != null && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The data as a spec and the split it describes. */
    record Resolved(DataSpec spec, DataSplit split) {}

    private DataSpec resolved;

    /** Loads and splits the data, with one-line errors for bad values. */
    DataSplit load() {
        return resolve().split();
    }

    Resolved resolve() {
        Resolved r = read();
        resolved = r.spec();
        return r;
    }

    /**
     * The data spec of these options and its split, through {@link SpecFactory}: sizes left out take the defaults
     * (the whole of a directory), and a directory is recorded as an absolute path.
     */
    private Resolved read() {
        if (trainSize != null && trainSize <= 0) throw new IllegalArgumentException("--train-size must be positive, got " + trainSize);
        if (testSize != null && testSize <= 0) throw new IllegalArgumentException("--test-size must be positive, got " + testSize);
        if (dataDir != null && dataDir.toString().isBlank()) throw new IllegalArgumentException("--data must name a directory, got ''");
        String name = dataset.trim().toLowerCase();
        if (!name.equals("mnist") && !name.equals("fashion-mnist")) {
            throw new IllegalArgumentException("unknown --dataset '" + dataset + "'; expected mnist or fashion-mnist");
        }
        // null for the shipped digits; Debian's Fashion-MNIST (checked to exist) for fashion-mnist without --data
        Path dir = dataDir != null ? dataDir : SpecFactory.directory(new DataSpec(name, 1, 1, splitSeed));
        if (dir == null) {
            int tr = trainSize == null ? Defaults.Cli.TRAIN_SIZE : trainSize, te = testSize == null ? Defaults.Cli.TEST_SIZE : testSize;
            DataSpec spec = OptionErrors.named("--train-size/--test-size", () -> new DataSpec(name, tr, te, splitSeed));
            return new Resolved(spec, OptionErrors.named("--train-size/--test-size", () -> SpecFactory.data(spec)));
        }
        DataSplit full = MnistLoader.fromDirectory(dir, name);
        // Asking for more than there is used to train silently on all of it while results.json recorded the request.
        if (trainSize != null && trainSize > full.train().size()) {
            throw new IllegalArgumentException("--train-size " + trainSize + " exceeds the " + full.train().size() + " training images in " + dir);
        }
        if (testSize != null && testSize > full.test().size()) {
            throw new IllegalArgumentException("--test-size " + testSize + " exceeds the " + full.test().size() + " test images in " + dir);
        }
        DataSpec spec = new DataSpec(name, trainSize == null ? full.train().size() : trainSize, testSize == null ? full.test().size() : testSize,
                splitSeed, dataDir == null ? null : dir.toAbsolutePath().normalize().toString());
        return new Resolved(spec, SpecFactory.select(spec, full));
    }

    /** The data that were loaded, as their canonical spec (the sizes actually used; {@code dir} only for --data). */
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> describe() {
        if (resolved == null) throw new IllegalStateException("describe() before load()");
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(
                radlab.report.Json.MAPPER.convertValue(radlab.spec.SpecJson.data(resolved), java.util.Map.class));
        if (!source.equals("options")) m.put("source", source);
        return m;
    }
}
