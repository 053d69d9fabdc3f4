package radlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.experiment.TrainRun;
import radlab.jacobian.JacobianNorms;
import radlab.nn.ModelIO;
import radlab.plot.Charts;
import radlab.report.CsvTable;
import radlab.report.Json;
import radlab.report.Provenance;
import radlab.report.StagedDirectory;
import radlab.train.EpochStats;
import radlab.train.TrainingCost;
import radlab.train.TrainingHistory;

/**
 * Writes a training run's report directory: history table, curves, final metrics, the canonical spec
 * ({@code spec.json}, also in the provenance and the model's training record), provenance and the model.
 */
final class TrainingReport {
    static final String SPEC_JSON = "spec.json";
    static final String RESULTS_JSON = "results.json";

    private TrainingReport() {}

    static CsvTable historyTable(TrainingHistory h) {
        CsvTable t = new CsvTable("epoch", "objective", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "train_seconds");
        for (EpochStats e : h.epochs()) {
            t.add(e.epoch(), e.objective(), e.train().loss(), e.train().accuracy(), e.test().loss(), e.test().accuracy(), e.trainSeconds());
        }
        return t;
    }

    /** The provenance of a run: the command, its canonical spec and the hashes of its data. */
    static Provenance provenance(String command, TrainRun.Result r) {
        return Provenance.of(command, Map.of("spec", r.spec().toTree()), r.split().train(), r.split().test());
    }

    /** The measured results of a run, as written to results.json (without spec and provenance). */
    static Map<String, Object> results(TrainRun.Result r) {
        TrainingHistory h = r.history();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("model", r.model().describe());
        results.put("parameters", r.model().parameterCount());
        results.put("train", h.last().train());
        results.put("test", h.last().test());
        results.put("generalizationGap", Map.of("loss", h.last().test().loss() - h.last().train().loss(),
                "error", h.last().test().error() - h.last().train().error()));
        results.put("meanEpochSeconds", h.meanEpochSeconds());
        // docs/theory.md §2.5: wall seconds of the optimisation steps and forward+backward passes per training example
        TrainingCost c = h.cost();
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("wallSeconds", c.wallSeconds());
        cost.put("passesPerExample", c.passesPerExample());
        cost.put("totalPassesPerExample", c.totalPassesPerExample());
        results.put("cost", cost);
        JacobianNorms jn = r.testJacobian();
        results.put("testJacobianNorms", Map.of("meanFrobenius", jn.meanFrobenius(), "meanSquaredFrobenius", jn.meanSquaredFrobenius(),
                "meanL11", jn.meanL11(), "meanOperator", jn.meanOperator(), "maxOperator", jn.maxOperator()));
        if (r.robust() != null) {
            results.put("testRobust", r.robust().metrics());
            results.put("testRobustBracket", r.bracket().summary());
        }
        return results;
    }

    /** Writes everything into the staged report directory and commits it; returns the committed path. */
    static Path write(StagedDirectory staged, TrainRun.Result r, Provenance provenance) {
        Path p = staged.path();
        String title = r.model().describe() + ", " + r.objective().describe();
        historyTable(r.history()).write(p.resolve("history.csv"));
        Charts.savePngGrid(List.of(Charts.accuracyCurves(r.history(), title + ": accuracy"), Charts.lossCurves(r.history(), title + ": loss")), 2,
                p.resolve("training-curves.png"));
        ObjectNode spec = r.spec().toTree();
        Json.write(p.resolve(SPEC_JSON), spec);
        Map<String, Object> results = results(r);
        results.put("spec", spec);
        results.put("provenance", provenance);
        Json.write(p.resolve(RESULTS_JSON), results);
        ModelIO.save(r.model(), Map.of("spec", spec), provenance, p.resolve("model"));
        return staged.commit();
    }
}
