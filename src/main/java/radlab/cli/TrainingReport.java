package radlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.data.DataSplit;
import radlab.nn.Model;
import radlab.nn.ModelIO;
import radlab.plot.Charts;
import radlab.report.CsvTable;
import radlab.report.Json;
import radlab.report.Provenance;
import radlab.report.StagedDirectory;
import radlab.train.EpochStats;
import radlab.train.TrainingHistory;

/** Writes a training run's report directory: history table, curves, final metrics, provenance and the model. */
final class TrainingReport {
    private TrainingReport() {}

    static CsvTable historyTable(TrainingHistory h) {
        CsvTable t = new CsvTable("epoch", "objective", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "train_seconds");
        for (EpochStats e : h.epochs()) {
            t.add(e.epoch(), e.objective(), e.train().loss(), e.train().accuracy(), e.test().loss(), e.test().accuracy(), e.trainSeconds());
        }
        return t;
    }

    /** Writes everything into the staged report directory and commits it; returns the committed path. */
    static Path write(StagedDirectory staged, String title, Model model, DataSplit data, TrainingHistory h, Map<String, Object> config,
                      Provenance provenance, Map<String, Object> extraResults) {
        Path p = staged.path();
        historyTable(h).write(p.resolve("history.csv"));
        Charts.savePngGrid(List.of(Charts.accuracyCurves(h, title + ": accuracy"), Charts.lossCurves(h, title + ": loss")), 2,
                p.resolve("training-curves.png"));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("model", model.describe());
        results.put("parameters", model.parameterCount());
        results.put("train", h.last().train());
        results.put("test", h.last().test());
        results.put("generalizationGap", Map.of("loss", h.last().test().loss() - h.last().train().loss(),
                "error", h.last().test().error() - h.last().train().error()));
        results.put("meanEpochSeconds", h.meanEpochSeconds());
        results.putAll(extraResults);
        results.put("config", config);
        results.put("provenance", provenance);
        Json.write(p.resolve("results.json"), results);
        ModelIO.save(model, config, provenance, p.resolve("model"));
        return staged.commit();
    }
}
