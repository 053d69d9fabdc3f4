package radlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import radlab.data.DataSplit;
import radlab.nn.ModelIO;
import radlab.report.Json;
import radlab.report.Provenance;
import radlab.report.StagedDirectory;
import radlab.train.Evaluator;
import radlab.train.Metrics;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a saved model's loss and accuracy on train and test data; writes reports/RUN/eval.json."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model directory written by 'radlab train' (reports/RUN/model).")
    Path modelDir;

    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    @Override
    public Integer call() {
        try (StagedDirectory staged = output.open("eval")) { // checks the destination before any work
            ModelIO.SavedModel saved = ModelIO.load(modelDir);
            DataSplit split = data.loadFor(saved);
            Metrics train = Evaluator.evaluate(saved.model(), split.train());
            Metrics test = Evaluator.evaluate(saved.model(), split.test());
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("model", modelDir.toString());
            config.put("data", data.describe());
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("model", saved.model().describe());
            results.put("train", train);
            results.put("test", test);
            results.put("provenance", Provenance.of("eval", config, split.train(), split.test()));
            Json.write(staged.path().resolve("eval.json"), results);
            Path runDir = staged.commit();
            System.out.printf("%s: train %s, test %s; report in %s%n", saved.model().describe(), train, test, runDir);
            return 0;
        }
    }
}
