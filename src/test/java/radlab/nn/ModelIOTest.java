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

class ModelIOTest {
    @Test
    void saveThenLoadGivesIdenticalLogits(@TempDir Path dir) {
        Mlp m = Mlp.initialize(new MlpSpec(new int[] {20, 16, 8, 3}, Activation.TANH), 5, DataType.FLOAT);
        m.bias(1).assign(0.25);
        ModelIO.save(m, Map.of("epochs", 3), Map.of("seed", 5), dir.resolve("model"));
        ModelIO.SavedModel back = ModelIO.load(dir.resolve("model"));
        assertEquals(m.spec(), back.model().spec());
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
}
