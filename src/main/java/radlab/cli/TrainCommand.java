package radlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import radlab.data.DataSplit;
import radlab.nn.Mlp;
import radlab.report.Provenance;
import radlab.train.CrossEntropyObjective;
import radlab.train.Objective;
import radlab.train.Trainer;
import radlab.train.TrainingHistory;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a fully connected network with softmax cross-entropy and write a report:",
                "reports/RUN/{results.json, history.csv, training-curves.png, model/}."})
final class TrainCommand implements Callable<Integer> {
    @Mixin ModelOptions model;
    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    @Override
    public Integer call() {
        model.validate();
        Path runDir = output.runDirectory("train");
        DataSplit split = data.load();
        Mlp net = Mlp.initialize(model.spec(split.train().inputDim(), split.train().numClasses()), model.seed, model.dataType());
        Objective objective = new CrossEntropyObjective();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model", model.describe());
        config.put("data", data.describe());
        config.put("objective", objective.settings());
        Provenance prov = Provenance.of("train", config, split.train(), split.test());
        if (!output.quiet) System.err.println("training " + net + " on " + split.train());
        TrainingHistory h = new Trainer(model.trainConfig(), objective, ConsoleProgress.create(output.quiet)).fit(net, split);
        Path written = TrainingReport.write(runDir, net.spec().describe(), net, split, h, config, prov, Map.of());
        System.out.printf("train %s, test %s; report in %s%n", h.last().train(), h.last().test(), written);
        return 0;
    }
}
