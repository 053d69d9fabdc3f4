package radlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.Model;
import radlab.nn.layer.Activation;
import radlab.pacbayes.BoundEvaluation;
import radlab.pacbayes.PriorGrid;
import radlab.plot.PacBayesChart;
import radlab.report.CsvTable;
import radlab.train.CrossEntropyObjective;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;
import radlab.train.Trainer;

class PacBayesFigureTest {
    static PacBayesFigure.NamedModel trained(String name, int epochs, long seed, DataSplit data) {
        Model net = Mlp.initialize(MlpSpec.of(784, new int[] {16}, 10, Activation.RELU), seed, DataType.FLOAT);
        Model init = net.copy();
        new Trainer(TrainConfig.of(epochs, 50, OptimizerConfig.sgd(0.05, 0.9), seed), new CrossEntropyObjective(), null).fit(net, data);
        return new PacBayesFigure.NamedModel(name, net, init);
    }

    @Test
    void everyBoundLiesAboveItsMonteCarloStochasticTestErrorAndTheFigureIsFinite(@TempDir Path dir) throws Exception {
        DataSplit data = Splits.stratified(MnistLoader.shippedSubset(), 500, 200, 5);
        List<PacBayesFigure.NamedModel> models = List.of(trained("one-epoch", 1, 3, data), trained("three-epochs", 3, 4, data));
        PacBayesFigure.Budget budget = new PacBayesFigure.Budget("test", new PriorGrid(0.5, 0.5, 8), 10, 1, 50, 50, 50, 7, 3, 2);
        List<String> log = new ArrayList<>();
        PacBayesFigure.Result result = PacBayesFigure.compute(models, data, budget, 2, log::add);
        assertEquals(2, result.entries().size());
        assertEquals(2, log.size(), "one progress line per model");
        for (PacBayesFigure.Entry e : result.entries()) {
            for (BoundEvaluation b : List.of(e.pacBayes().grid(), e.pacBayes().optimized())) {
                assertTrue(b.bound() >= b.stochasticTestError(), e.name() + ": " + b);
                assertTrue(b.bound() <= 1 && b.bound() > 0, b.toString());
            }
            assertTrue(e.pacBayes().optimized().bound() <= e.pacBayes().grid().bound(), "optimized is never looser than grid");
            assertEquals(radlab.bounds.BoundRegistry.ALL.size(), e.normBounds().size());
        }
        PacBayesFigure.Entry alone = PacBayesFigure.compute(models.subList(1, 2), data, budget, 1, s -> { }).entries().get(0);
        assertEquals(alone.pacBayes().optimized().bound(), result.entries().get(1).pacBayes().optimized().bound(), 0.0,
                "the numbers do not depend on the worker count");
        assertEquals(alone.pacBayes().grid().stochasticTestError(), result.entries().get(1).pacBayes().grid().stochasticTestError(), 0.0);
        Path out = PacBayesChart.build(result, data).write(dir.resolve("pac-bayes"), "");
        List<List<String>> csv = CsvTable.read(out.resolve("pac-bayes.csv"));
        assertEquals(3, csv.size());
        List<String> h = csv.get(0);
        for (List<String> row : csv.subList(1, 3)) {
            for (String col : List.of("grid_bound", "optimized_bound", "optimized_stochastic_test_error", "test_error", "norm_bound_bft_margin")) {
                assertTrue(Double.isFinite(Double.parseDouble(row.get(h.indexOf(col)))), col + " in " + row);
            }
            assertTrue(Double.parseDouble(row.get(h.indexOf("grid_bound"))) >= Double.parseDouble(row.get(h.indexOf("grid_stochastic_test_error"))));
            double robust = Double.parseDouble(row.get(h.indexOf("robust_bound")));
            assertTrue(robust <= 1 && robust >= Double.parseDouble(row.get(h.indexOf("grid_stochastic_test_error")))
                    && robust >= Double.parseDouble(row.get(h.indexOf("robust_stochastic_test_error"))), row.toString());
        }
        assertTrue(Files.size(out.resolve("pac-bayes.png")) > 0 && Files.size(out.resolve("pac-bayes.svg")) > 0);
        String readme = Files.readString(out.resolve("README.md"));
        assertTrue(readme.contains("Data SHA-256: train ") && readme.contains("| three-epochs |") && readme.contains("ND4J")
                && readme.contains("NOT a certified robust error"), readme);
    }

    /** A stopped run keeps each finished model's entry; the next run reads it back bit for bit and computes only the rest. */
    @Test
    void aFinishedEntryIsKeptAndReadBackBitForBitInsteadOfRecomputed(@TempDir Path dir) throws Exception {
        DataSplit data = Splits.stratified(MnistLoader.shippedSubset(), 300, 100, 5);
        PacBayesFigure.NamedModel a = trained("a", 1, 3, data), b = trained("b", 1, 4, data);
        PacBayesFigure.NamedModel pa = new PacBayesFigure.NamedModel("a", a.model(), a.init(), "point-a");
        PacBayesFigure.NamedModel pb = new PacBayesFigure.NamedModel("b", b.model(), b.init(), "point-b");
        PacBayesFigure.Budget budget = new PacBayesFigure.Budget("test", new PriorGrid(0.5, 0.5, 4), 5, 1, 10, 50, 50, 7, 2, 1);
        Path finished = dir.resolve("finished");
        // a run stopped after its first model: that model's entry is on disk
        PacBayesFigure.Result first = PacBayesFigure.compute(List.of(pa), data, budget, 1, s -> { }, finished);
        try (var files = Files.list(finished)) {
            assertEquals(1, files.count());
        }
        List<String> log = new ArrayList<>();
        PacBayesFigure.Result resumed = PacBayesFigure.compute(List.of(pa, pb), data, budget, 2, log::add, finished);
        assertTrue(log.get(0).contains("finished earlier"), log.toString());
        assertEquals(1, log.stream().filter(l -> l.contains("grid bound")).count(), "only the second model is computed: " + log);
        assertEquals(first.entries().get(0), resumed.entries().get(0), "read back bit for bit");
        PacBayesFigure.Result uninterrupted = PacBayesFigure.compute(List.of(pa, pb), data, budget, 1, s -> { });
        for (int i = 0; i < 2; i++) {
            PacBayesFigure.Entry u = uninterrupted.entries().get(i), r = resumed.entries().get(i);
            assertEquals(new PacBayesFigure.Entry(u.name(), u.pacBayes(), u.robust(), u.normBounds(), 0),
                    new PacBayesFigure.Entry(r.name(), withoutSeconds(r.pacBayes(), u.pacBayes()), withoutSeconds(r.robust(), u.robust()), r.normBounds(), 0),
                    "entry " + i + " equals an uninterrupted run's (wall times aside)");
        }
        // another budget is another entry; a model without a point hash is never stored
        List<String> log2 = new ArrayList<>();
        PacBayesFigure.compute(List.of(pa, a), data, new PacBayesFigure.Budget("test", new PriorGrid(0.5, 0.5, 4), 6, 1, 10, 50, 50, 7, 2, 1), 1,
                log2::add, finished);
        assertTrue(log2.stream().noneMatch(l -> l.contains("finished earlier")), log2.toString());
        try (var files = Files.list(finished)) {
            assertEquals(3, files.count());
        }
        // a damaged file is an error naming it, not a silent recomputation or a stack of Jackson internals
        Path kept = finished.resolve("a-" + PacBayesFigure.entryKey(pa, data, budget) + ".json");
        Files.writeString(kept, "{ truncated");
        var e = assertThrows(java.io.UncheckedIOException.class, () -> PacBayesFigure.compute(List.of(pa), data, budget, 1, s -> { }, finished));
        assertTrue(e.getMessage().startsWith(kept.toString()) && e.getMessage().contains("delete it to recompute"), e.getMessage());
    }

    /** {@code r} with the wall-time fields of {@code like} (the only fields two runs of one model may differ in). */
    private static radlab.pacbayes.PacBayesResult withoutSeconds(radlab.pacbayes.PacBayesResult r, radlab.pacbayes.PacBayesResult like) {
        return radlab.report.Json.MAPPER.convertValue(withSecondsOf(radlab.report.Json.MAPPER.valueToTree(r), radlab.report.Json.MAPPER.valueToTree(like)),
                radlab.pacbayes.PacBayesResult.class);
    }

    private static radlab.pacbayes.RobustPacBayes.Result withoutSeconds(radlab.pacbayes.RobustPacBayes.Result r, radlab.pacbayes.RobustPacBayes.Result like) {
        return radlab.report.Json.MAPPER.convertValue(withSecondsOf(radlab.report.Json.MAPPER.valueToTree(r), radlab.report.Json.MAPPER.valueToTree(like)),
                radlab.pacbayes.RobustPacBayes.Result.class);
    }

    private static com.fasterxml.jackson.databind.JsonNode withSecondsOf(com.fasterxml.jackson.databind.JsonNode r, com.fasterxml.jackson.databind.JsonNode like) {
        if (r.isObject()) {
            var o = (com.fasterxml.jackson.databind.node.ObjectNode) r;
            var names = new ArrayList<String>();
            o.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                if (f.toLowerCase().contains("seconds")) o.set(f, like.get(f));
                else withSecondsOf(o.get(f), like.get(f));
            }
        }
        return r;
    }

    @Test
    void aModelKeptByASweepRebuildsItsInitialWeightsFromTheSpecSeed(@TempDir Path dir) {
        radlab.experiment.sweep.Grid g = radlab.experiment.sweep.Grid.parse("{\"name\": \"keep\", \"base\": {\"data\": {\"trainSize\": 100,"
                + " \"testSize\": 50}, \"model\": {\"arch\": \"mlp:8\"}, \"optimizer\": {\"epochs\": 1, \"batchSize\": 50},"
                + " \"evaluation\": {\"attackSteps\": 1, \"evalSize\": 20}}, \"axes\": {\"seed\": [5]}}");
        var o = new radlab.experiment.sweep.Sweep.Options(dir, true, 0, "test");
        radlab.experiment.sweep.Sweep.run(g, new radlab.experiment.sweep.engine.LocalEngine(1), o, s -> { });
        Path modelDir = Path.of(radlab.experiment.sweep.Sweep.plan(g, o).get(0).task().modelDir());
        PacBayesFigure.NamedModel m = PacBayesFigure.NamedModel.of("kept", radlab.nn.ModelIO.load(modelDir));
        Model expected = m.model().initialized(5);
        assertEquals(expected.parameters().get(0), m.init().parameters().get(0), "initial weights of seed 5");
        org.junit.jupiter.api.Assertions.assertNotEquals(m.model().initialized(6).parameters().get(0), m.init().parameters().get(0));
    }

    @Test
    void badBudgetFailsBeforeAnyWork() {
        assertThrows(IllegalArgumentException.class, () -> new PacBayesFigure.Budget("x", PriorGrid.standard(), 0, 1, 10, 10, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new PacBayesFigure.Budget("x", PriorGrid.standard(), 10, 1, 10, 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PacBayesFigure.Budget("x", PriorGrid.standard(), 10, 1, 10, 10, 10, 1, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> PacBayesFigure.compute(List.of(), null, PacBayesFigure.Budget.quick(), 1, s -> { }));
    }
}
