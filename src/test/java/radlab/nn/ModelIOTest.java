package radlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.layer.Activation;

class ModelIOTest {
    @Test
    void saveThenLoadGivesIdenticalLogits(@TempDir Path dir) {
        Mlp m = Mlp.initialize(new MlpSpec(new int[] {20, 16, 8, 3}, Activation.TANH), 5, DataType.FLOAT);
        m.bias(1).assign(0.25);
        ModelIO.save(m, Map.of("epochs", 3), Map.of("seed", 5), dir.resolve("model"));
        ModelIO.SavedModel back = ModelIO.load(dir.resolve("model"));
        assertEquals(m.spec(), back.mlp().spec());
        assertEquals(DataType.FLOAT, back.model().dataType());
        INDArray x = Nd4j.rand(DataType.FLOAT, 10, 20);
        assertEquals(m.logits(x), back.model().logits(x));
        assertEquals(3, back.training().get("epochs"));
        assertTrue(!Files.exists(dir.resolve(".model.partial")), "no staging directory left behind");
    }

    @Test
    void truncatedWeightsAreReportedWithTheFileName(@TempDir Path dir) throws IOException {
        Mlp m = Mlp.initialize(new MlpSpec(new int[] {4, 3, 2}, Activation.RELU), 1, DataType.DOUBLE);
        Path d = dir.resolve("m");
        ModelIO.save(m, Map.of(), Map.of(), d);
        Path bin = d.resolve(ModelIO.WEIGHTS_BIN);
        byte[] all = Files.readAllBytes(bin);
        Files.write(bin, java.util.Arrays.copyOf(all, all.length - 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelIO.load(d));
        assertTrue(e.getMessage().contains("weights.bin") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingModelDirectoryIsOneClearLine(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelIO.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void nanWeightsAreRejected(@TempDir Path dir) {
        Mlp m = Mlp.initialize(new MlpSpec(new int[] {4, 3, 2}, Activation.RELU), 1, DataType.DOUBLE);
        m.weight(0).putScalar(0, Double.NaN);
        ModelIO.save(m, Map.of(), Map.of(), dir.resolve("m"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelIO.load(dir.resolve("m")));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    /** A model directory exactly as radlab's first format ("radlab-mlp/1") wrote it: 3-2-2 tanh, double. */
    static Path writeV1(Path d, String layerSizes, String parameters, double... weights) throws IOException {
        Files.createDirectories(d);
        Files.writeString(d.resolve(ModelIO.MODEL_JSON), "{\n  \"format\" : \"radlab-mlp/1\",\n  \"layerSizes\" : " + layerSizes
                + ",\n  \"activation\" : \"tanh\",\n  \"dataType\" : \"DOUBLE\",\n  \"parameters\" : " + parameters
                + ",\n  \"training\" : { \"epochs\" : 2 },\n  \"provenance\" : { }\n}\n");
        try (var out = new java.io.DataOutputStream(Files.newOutputStream(d.resolve(ModelIO.WEIGHTS_BIN)))) {
            for (double w : weights) out.writeDouble(w);
        }
        return d;
    }

    static final String V1_PARAMS = "[ {\"name\":\"W0\",\"shape\":[3,2]}, {\"name\":\"b0\",\"shape\":[1,2]}, "
            + "{\"name\":\"W1\",\"shape\":[2,2]}, {\"name\":\"b1\",\"shape\":[1,2]} ]";

    @Test
    void filesOfTheFirstMlpFormatStillLoad(@TempDir Path dir) throws IOException {
        double[] w = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.05, -0.05, 1.0, 2.0, -1.5, 0.5, 0.25, -0.25};
        Path d = writeV1(dir.resolve("v1"), "[3, 2, 2]", V1_PARAMS, w);
        ModelIO.SavedModel back = ModelIO.load(d);
        Mlp m = back.mlp();
        assertEquals(new MlpSpec(new int[] {3, 2, 2}, Activation.TANH), m.spec());
        assertEquals(2, back.training().get("epochs"));
        // logits by hand: z = tanh(x·W0 + b0)·W1 + b1 for x = (1, 0, −1)
        double h0 = Math.tanh(0.1 - (-0.5) + 0.05), h1 = Math.tanh(-0.2 - 0.6 - 0.05);
        INDArray logits = m.logits(Nd4j.createFromArray(new double[][] {{1, 0, -1}}));
        assertEquals(h0 * 1.0 + h1 * -1.5 + 0.25, logits.getDouble(0, 0), 1e-12);
        assertEquals(h0 * 2.0 + h1 * 0.5 - 0.25, logits.getDouble(0, 1), 1e-12);
    }

    @Test
    void hugeLayerSizesAreRejectedBeforeAnythingIsAllocated(@TempDir Path dir) throws IOException {
        Path d = writeV1(dir.resolve("huge"), "[784, 1e8, 1e8, 10]", "[]", 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelIO.load(d));
        assertTrue(e.getMessage().startsWith(d.resolve(ModelIO.MODEL_JSON).toString()) && e.getMessage().contains("1.0E8")
                && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void parameterShapesMustMatchTheLayerSizes(@TempDir Path dir) throws IOException {
        String wrong = V1_PARAMS.replace("[2,2]", "[2,3]");
        Path d = writeV1(dir.resolve("shape"), "[3, 2, 2]", wrong, new double[14]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelIO.load(d));
        assertTrue(e.getMessage().contains("parameter 2 (W1)") && e.getMessage().contains("[2, 2]"), e.getMessage());
    }

    @Test
    void malformedJsonIsReportedAsSuch(@TempDir Path dir) throws IOException {
        Path d = writeV1(dir.resolve("bad"), "[3, 2, 2]", V1_PARAMS, new double[14]);
        Files.writeString(d.resolve(ModelIO.MODEL_JSON), "{\"format\": \"radlab-mlp/1\", \"layerSizes\": [3, 2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelIO.load(d));
        assertTrue(e.getMessage().contains("model.json: not valid JSON"), e.getMessage());
        Files.writeString(d.resolve(ModelIO.MODEL_JSON), "");
        e = assertThrows(IllegalArgumentException.class, () -> ModelIO.load(d));
        assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
    }
}
