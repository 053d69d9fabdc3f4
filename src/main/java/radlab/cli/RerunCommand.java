package radlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import radlab.data.DataSplit;
import radlab.experiment.RunComparison;
import radlab.experiment.TrainRun;
import radlab.nn.Model;
import radlab.nn.ModelIO;
import radlab.report.Json;
import radlab.report.StagedDirectory;
import radlab.spec.AttackRunSpec;
import radlab.spec.ExperimentSpec;
import radlab.spec.SpecFactory;
import radlab.spec.SpecJson;
import radlab.spec.TrainSpec;
import radlab.train.Trainer;

@Command(name = "rerun", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Repeat a recorded run from its specification and check that it reproduces: re-trains with the same seeds, prints every",
                "recorded value old vs new and whether it is identical bit for bit, and compares the weights. RUN_DIR is a train report",
                "(its spec.json) or a sweep point's kept model directory (its model.json's training.spec; weights only); an attack report",
                "or norms report (kind \"attack\" or \"norms\" in its spec.json) is re-run on its recorded model and data and its values compared.",
                "Exit code 0 when everything is identical, 1 when something differs, 2 when RUN_DIR has no readable spec."})
final class RerunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A train report directory (with spec.json) or a kept sweep-point model directory.")
    Path runDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write the rerun's full report (as radlab train would) to DIR, plus comparison.csv.")
    Path out;

    @Option(names = "--overwrite", description = "Replace DIR even if it is not a radlab report.")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "No progress; only the comparison.")
    boolean quiet;

    @Override
    public Integer call() {
        Path specFile = runDir.resolve(TrainingReport.SPEC_JSON);
        if (Files.isRegularFile(specFile) && AttackRunSpec.KIND.equals(kind(specFile))) return rerunAttack(specFile);
        if (Files.isRegularFile(specFile) && radlab.spec.NormsSpec.KIND.equals(kind(specFile))) return rerunNorms(specFile);
        if (Files.isRegularFile(specFile)) return rerunTrain(specFile);
        if (Files.isRegularFile(runDir.resolve(ModelIO.MODEL_JSON))) return rerunModel();
        throw new IllegalArgumentException(runDir + ": no recorded specification (neither " + TrainingReport.SPEC_JSON + " nor a model directory's "
                + ModelIO.MODEL_JSON + ")");
    }

    private int rerunTrain(Path specFile) {
        TrainSpec spec = inFile(specFile, () -> TrainSpec.parse(read(specFile)));
        Path resultsFile = runDir.resolve(TrainingReport.RESULTS_JSON);
        JsonNode recorded = readTree(resultsFile);
        Model recordedModel = ModelIO.load(runDir.resolve("model")).model();
        inFile(specFile, () -> {
            TrainRun.checkSpec(spec); // objective and attack, before any work
            return spec;
        });
        try (StagedDirectory staged = out == null ? null : StagedDirectory.create(out, overwrite)) {
            DataSplit split = SpecFactory.data(spec.experiment().data());
            TrainRun.Result r = TrainRun.run(spec, split, ConsoleProgress.create(quiet), line -> {
                if (!quiet) System.err.println(line);
            });
            JsonNode rerun = roundTrip(TrainingReport.results(r));
            RunComparison c = RunComparison.of(recorded, rerun, recordedModel, r.model());
            System.out.print(table(c));
            recordedDataHashes(recorded, r);
            if (staged != null) {
                comparisonTable(c).write(staged.path().resolve("comparison.csv"));
                TrainingReport.write(staged, r, TrainingReport.provenance("rerun", r));
            }
            System.out.println(verdict(c));
            return c.identical() ? 0 : RadlabCli.EXIT_FAILURE;
        }
    }

    /**
     * An attack report: the attack of its spec.json on the model and data its attack.json records (config.model, an
     * absolute path, and config.data, the data's canonical spec), every attack.json value compared bit for bit.
     */
    private int rerunAttack(Path specFile) {
        AttackRunSpec spec = inFile(specFile, () -> AttackRunSpec.parse(read(specFile)));
        Path resultsFile = runDir.resolve("attack.json");
        JsonNode recorded = readTree(resultsFile);
        radlab.attack.Attack attack = inFile(specFile, () -> AttackOptions.build(spec.attack()));
        ModelIO.SavedModel saved = ModelIO.load(recordedModel(resultsFile, recorded));
        AttackCommand.Run r = AttackCommand.run(saved.model(), SpecFactory.data(recordedData(resultsFile, recorded)), spec, attack);
        return compare(recorded, r.results());
    }

    /** A norms report: the measurement of its spec.json on the model and data its norms.json records. */
    private int rerunNorms(Path specFile) {
        radlab.spec.NormsSpec spec = inFile(specFile, () -> radlab.spec.NormsSpec.parse(read(specFile)));
        Path resultsFile = runDir.resolve("norms.json");
        JsonNode recorded = readTree(resultsFile);
        ModelIO.SavedModel saved = ModelIO.load(recordedModel(resultsFile, recorded));
        NormsCommand.Run r = NormsCommand.run(saved, SpecFactory.data(recordedData(resultsFile, recorded)), spec, !quiet);
        Map<String, Object> results = NormsCommand.header(saved);
        results.putAll(NormsReport.results(r.analysis()));
        return compare(recorded, results);
    }

    private static int compare(JsonNode recorded, Object rerun) {
        RunComparison c = RunComparison.of(recorded, roundTrip(rerun), null, null);
        System.out.print(table(c));
        System.out.println(verdict(c));
        return c.identical() ? 0 : RadlabCli.EXIT_FAILURE;
    }

    /** config.model of an attack or norms report: the model's absolute path. */
    private static Path recordedModel(Path resultsFile, JsonNode recorded) {
        JsonNode m = recorded.path("config").path("model");
        if (!m.isTextual()) throw new IllegalArgumentException(resultsFile + ": no recorded model (config.model)");
        return Path.of(m.asText());
    }

    /** config.data of an attack or norms report: the data's canonical spec (its "source" note left out). */
    private static radlab.spec.DataSpec recordedData(Path resultsFile, JsonNode recorded) {
        JsonNode d = recorded.path("config").path("data");
        if (!d.isObject()) throw new IllegalArgumentException(resultsFile + ": no recorded data (config.data)");
        com.fasterxml.jackson.databind.node.ObjectNode data = d.deepCopy();
        data.remove("source"); // where the settings came from, not a setting
        return inFile(resultsFile, () -> {
            try {
                return SpecJson.data(data);
            } catch (radlab.spec.SpecException e) {
                throw e.within("config.data");
            }
        });
    }

    /** A kept sweep point: its model.json records the ExperimentSpec; re-train and compare the weights. */
    private int rerunModel() {
        ModelIO.SavedModel saved = ModelIO.load(runDir);
        Path modelJson = runDir.resolve(ModelIO.MODEL_JSON);
        if (!(saved.training().get("spec") instanceof Map<?, ?> tree)) {
            throw new IllegalArgumentException(modelJson + ": no recorded specification (training.spec)");
        }
        if (tree.containsKey("experiment")) {
            throw new IllegalArgumentException(runDir + ": a train report's model directory; rerun its report directory " + runDir.getParent());
        }
        ExperimentSpec spec = inFile(modelJson, () -> SpecJson.fromTree(Json.MAPPER.valueToTree(tree)));
        DataSplit split = SpecFactory.data(spec.data());
        Model net = SpecFactory.network(spec, split.train());
        new Trainer(SpecFactory.trainConfig(spec), SpecFactory.objective(spec), ConsoleProgress.create(quiet)).fit(net, split);
        RunComparison c = RunComparison.of(Json.MAPPER.createObjectNode(), Json.MAPPER.createObjectNode(), saved.model(), net);
        System.out.print(table(c));
        System.out.println(verdict(c));
        return c.identical() ? 0 : RadlabCli.EXIT_FAILURE;
    }

    private static void recordedDataHashes(JsonNode recorded, TrainRun.Result r) {
        JsonNode hashes = recorded.path("provenance").path("dataSha256");
        String train = radlab.report.Provenance.sha256(r.split().train());
        if (hashes.isObject() && !hashes.path(r.split().train().name()).asText(train).equals(train)) {
            System.out.println("note: the training data's hash differs from the recorded one (different data files?)");
        }
    }

    static String table(RunComparison c) {
        StringBuilder b = new StringBuilder();
        int w = Math.max(6, c.values().stream().mapToInt(v -> v.path().length()).max().orElse(6));
        b.append(String.format("%-" + w + "s  %-24s  %-24s  %s%n", "value", "recorded", "rerun", "bit for bit"));
        for (RunComparison.Value v : c.values()) {
            b.append(String.format("%-" + w + "s  %-24s  %-24s  %s%n", v.path(), v.recorded(), v.rerun(), v.identical() ? "identical" : "DIFFERS"));
        }
        b.append(String.format("%-" + w + "s  %-24s  %-24s  %s%n", "weights", c.weights() + " values", c.weightsDiffering() + " differ",
                c.weightsDiffering() == 0 ? "identical" : "DIFFERS (max |Δ| " + c.maxWeightDifference() + ")"));
        return b.toString();
    }

    static String verdict(RunComparison c) {
        return c.identical()
                ? String.format("rerun: identical bit for bit (%d values, %d weights)", c.values().size(), c.weights())
                : String.format("rerun: DIFFERS: %d of %d values, %d of %d weights", c.valuesDiffering(), c.values().size(), c.weightsDiffering(), c.weights());
    }

    static radlab.report.CsvTable comparisonTable(RunComparison c) {
        radlab.report.CsvTable t = new radlab.report.CsvTable("value", "recorded", "rerun", "identical");
        for (RunComparison.Value v : c.values()) t.add(v.path(), v.recorded(), v.rerun(), v.identical());
        t.add("weights", c.weights(), c.weights() - c.weightsDiffering(), c.weightsDiffering() == 0);
        return t;
    }

    /** The new results as they would read back from results.json (the same serialisation as the recorded ones). */
    private static JsonNode roundTrip(Object results) {
        try {
            return Json.MAPPER.readTree(Json.toString(results));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T inFile(Path file, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": " + e.getCause().getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec's "kind", or "" when the file is not a JSON object (the train path then reports the problem). */
    private static String kind(Path specFile) {
        try {
            return Json.MAPPER.readTree(specFile.toFile()).path("kind").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static JsonNode readTree(Path file) {
        try {
            JsonNode n = Json.MAPPER.readTree(file.toFile());
            if (n == null || !n.isObject()) throw new IllegalArgumentException(file + ": expected a JSON object");
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + (e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("")), e);
        }
    }
}
