package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.bounds.BoundRegistry;
import radlab.bounds.BoundResult;
import radlab.bounds.ModelBoundInputs;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianNorms;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.Model;
import radlab.nn.ModelIO;
import radlab.nn.layer.Activation;
import radlab.norms.LayerNorms;
import radlab.norms.NetworkNorms;
import radlab.report.CsvTable;
import radlab.report.Json;

/** {@code radlab norms}: its files carry exactly the library's numbers, and bad input fails before any work. */
class NormsCommandTest {
    @TempDir
    static Path tmp;
    static Path modelDir;
    static Mlp init;

    /** A seeded 784-16-10 network, moved away from its recorded seed-3 initialisation so distances are non-zero. */
    @BeforeAll
    static void saveSeededModel() {
        MlpSpec spec = MlpSpec.of(784, new int[] {16}, 10, Activation.RELU);
        init = Mlp.initialize(spec, 3, DataType.DOUBLE);
        Mlp net = init.copy();
        Mlp step = Mlp.initialize(spec, 4, DataType.DOUBLE);
        for (int i = 0; i < net.depth(); i++) net.weight(i).addi(step.weight(i).mul(0.3));
        net.bias(0).addi(0.05);
        modelDir = tmp.resolve("seeded");
        ModelIO.save(net, Map.of("model", Map.of("seed", 3)), Map.of(), modelDir);
    }

    static Object[] norms(String run, String... extra) {
        String[] base = {"norms", "--model", modelDir.toString(), "--train-size", "300", "--test-size", "100", "--out", tmp.toString(), "--run", run, "--quiet"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliTest.run(args);
    }

    @Test
    void commandNumbersEqualTheLibrarys() throws Exception {
        Object[] r = norms("lib", "--n", "40");
        assertEquals(0, r[0], (String) r[1]);
        Path dir = tmp.resolve("lib");
        for (String f : List.of("norms.json", "layers.csv", "jacobians.csv", "jacobian-norms.png", "jacobian-norms.svg")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        Model net = ModelIO.load(modelDir).model();
        DataSplit split = Splits.stratified(MnistLoader.shippedSubset(), 300, 100, 42);
        Dataset trainSample = Splits.subsample(split.train(), 40, 1), testSample = Splits.subsample(split.test(), 40, 2);
        JacobianNorms jTrain = InputJacobians.norms(net, trainSample.features(), 250), jTest = InputJacobians.norms(net, testSample.features(), 250);
        NetworkNorms norms = NetworkNorms.of(net, init, Math.max(jTrain.maxOperator(), jTest.maxOperator()));

        List<List<String>> layers = CsvTable.read(dir.resolve("layers.csv"));
        assertEquals(3, layers.size());
        for (int i = 0; i < 2; i++) {
            LayerNorms l = norms.layers().get(i);
            List<String> row = layers.get(i + 1);
            double[] expected = {l.spectral(), l.spectralIterations(), l.frobenius(), l.l21(), l.l1Inf(), l.spectralFromInit(), l.frobeniusFromInit(),
                    l.l21FromInit(), l.l1InfFromInit()};
            int[] cols = {3, 4, 6, 7, 8, 9, 10, 11, 12};
            for (int k = 0; k < cols.length; k++) assertEquals(expected[k], Double.parseDouble(row.get(cols[k])), 0.0, layers.get(0).get(cols[k]));
            assertTrue(l.frobeniusFromInit() > 0, "distances from the recorded initialisation");
        }
        List<List<String>> jac = CsvTable.read(dir.resolve("jacobians.csv"));
        assertEquals(1 + 80, jac.size());
        for (int i = 0; i < 40; i++) {
            assertEquals(jTrain.frobenius()[i], Double.parseDouble(jac.get(1 + i).get(2)), 0.0);
            assertEquals(jTest.operator()[i], Double.parseDouble(jac.get(41 + i).get(4)), 0.0);
            assertEquals(jTest.l11()[i], Double.parseDouble(jac.get(41 + i).get(3)), 0.0);
        }
        JsonNode json = Json.MAPPER.readTree(dir.resolve("norms.json").toFile());
        assertEquals(norms.lipschitzUpperBound(), json.get("lipschitzUpperBound").asDouble(), 0.0);
        assertEquals(norms.empiricalLipschitz(), json.get("empiricalLipschitz").asDouble(), 0.0);
        assertEquals(norms.pathNormL2(), json.get("pathNormL2").asDouble(), 0.0);
        assertEquals(JacobianNorms.mean(jTest.frobenius()), json.at("/jacobians/test/frobenius/mean").asDouble(), 1e-12);
        List<BoundResult> bounds = BoundRegistry.evaluateAll(ModelBoundInputs.of(net, norms, split.train(), null, 1.0, 0.1));
        for (int i = 0; i < bounds.size(); i++) {
            JsonNode b = json.get("bounds").get(i);
            assertEquals(bounds.get(i).id(), b.get("id").asText());
            assertEquals(bounds.get(i).value(), b.get("value").asDouble(), 0.0, bounds.get(i).id());
            assertEquals(bounds.get(i).assumptionsMet(), b.get("assumptionsMet").asBoolean());
        }
        assertTrue(json.at("/bounds/0/assumptionsNotMet").toString().contains("margin chosen on data"), json.at("/bounds/0").toString());
    }

    @Test
    void aMarginFixedInAdvanceMeetsThatAssumption() throws Exception {
        assertEquals(0, norms("fixed", "--n", "10", "--margin", "0.5")[0]);
        JsonNode json = Json.MAPPER.readTree(tmp.resolve("fixed/norms.json").toFile());
        assertEquals(0.5, json.at("/boundInputs/margin/gamma").asDouble(), 0.0);
        assertFalse(json.at("/bounds/0/assumptionsNotMet").toString().contains("margin"), json.at("/bounds/0").toString());
    }

    @Test
    void aTrainingSplitOtherThanTheRecordedOneIsWarnedAbout() {
        Path recorded = tmp.resolve("recorded");
        ModelIO.save(init, Map.of("model", Map.of("seed", 3), "data", Map.of("trainSize", 4000)), Map.of(), recorded);
        Object[] r = CliTest.run("norms", "--model", recorded.toString(), "--train-size", "300", "--test-size", "100", "--n", "10",
                "--out", tmp.toString(), "--run", "warned", "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("warning: the model was trained on 4000 examples but the bounds use the 300"), (String) r[1]);
    }

    @Test
    void missingOrCorruptModelIsOneLine() throws Exception {
        Object[] missing = CliTest.run("norms", "--model", tmp.resolve("nothing").toString(), "--train-size", "50", "--test-size", "20", "--out", tmp.toString());
        oneLine(missing, "model.json: missing");
        assertFalse(((String) missing[1]).contains("--save-model"), "the hint names a real command");
        Path corrupt = tmp.resolve("corrupt");
        ModelIO.save(init, Map.of(), Map.of(), corrupt);
        byte[] w = Files.readAllBytes(corrupt.resolve(ModelIO.WEIGHTS_BIN));
        Files.write(corrupt.resolve(ModelIO.WEIGHTS_BIN), java.util.Arrays.copyOf(w, w.length / 2));
        oneLine(CliTest.run("norms", "--model", corrupt.toString(), "--train-size", "50", "--test-size", "20", "--out", tmp.toString()), "truncated");
    }

    @Test
    void nLargerThanTheDataIsRejectedBeforeAnyWork() {
        // --n is checked as soon as the data are known (they may come from the model's record), before any work; no report directory may appear.
        Object[] r = CliTest.run("norms", "--model", modelDir.toString(), "--n", "5000", "--train-size", "300", "--test-size", "100",
                "--out", tmp.toString(), "--run", "toolarge");
        oneLine(r, "--n 5000 exceeds the 300 training examples");
        assertFalse(Files.exists(tmp.resolve("toolarge")));
        oneLine(CliTest.run("norms", "--model", modelDir.toString(), "--n", "0", "--out", tmp.toString()), "--n must be positive");
        oneLine(CliTest.run("norms", "--model", modelDir.toString(), "--margin", "-1", "--out", tmp.toString()), "--margin must be positive");
    }

    static void oneLine(Object[] r, String expected) {
        String err = (String) r[1];
        assertEquals(2, r[0], err);
        assertTrue(err.startsWith("radlab: error: ") && err.contains(expected), err);
        assertEquals(1, err.lines().count(), err);
    }
}
