package radlab.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.nn.layer.ImageShape;

/**
 * Fuzzing of the model loader (issue #13): randomly corrupted {@code model.json} and {@code weights.bin} files of an
 * MLP and a CNN either load or fail with one line naming the corrupted file — never another exception type, never
 * an OutOfMemoryError from sizes taken on trust. 400 generated cases in all, about two seconds.
 */
class ModelFileFuzzTest {
    static Path root;
    static byte[][] json = new byte[2][];
    static byte[][] weights = new byte[2][];
    /** Replacements for a number in model.json: huge, negative, zero, fractional, overflowing, non-numeric. */
    static final String[] NUMBERS = {"1e8", "100000000", "-3", "0", "2.5", "99999999999999999999", "1e308", "\"7\"", "null", "65536", "4097"};

    @BeforeContainer
    static void writeModels() throws IOException {
        root = Files.createTempDirectory("radlab-fuzz");
        Model[] models = {Mlp.initialize(new MlpSpec(new int[] {6, 5, 3}, Activation.TANH), 1, DataType.FLOAT),
                Network.initialize(Architecture.parse("cnn:c2k3p1-p2-d4", new ImageShape(1, 6, 6), 3, Activation.RELU), 1, DataType.FLOAT)};
        for (int i = 0; i < 2; i++) {
            Path d = root.resolve("base" + i);
            ModelIO.save(models[i], Map.of("epochs", 1), Map.of(), d);
            json[i] = Files.readAllBytes(d.resolve(ModelIO.MODEL_JSON));
            weights[i] = Files.readAllBytes(d.resolve(ModelIO.WEIGHTS_BIN));
        }
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 250)
    void corruptedDescriptionsLoadOrFailWithOneLineNamingTheFile(@ForAll("which") int which, @ForAll("jsonEdits") Edit edit) throws IOException {
        byte[] corrupted = edit.apply(json[which]);
        check(which, corrupted, weights[which], ModelIO.MODEL_JSON, ModelIO.WEIGHTS_BIN);
    }

    @Property(tries = 150)
    void corruptedWeightFilesLoadOrFailWithOneLineNamingTheFile(@ForAll("which") int which, @ForAll("binaryEdits") Edit edit) throws IOException {
        check(which, json[which], edit.apply(weights[which]), ModelIO.WEIGHTS_BIN);
    }

    private static void check(int which, byte[] modelJson, byte[] bin, String... files) throws IOException {
        Path d = Files.createTempDirectory(root, "case");
        Files.write(d.resolve(ModelIO.MODEL_JSON), modelJson);
        Files.write(d.resolve(ModelIO.WEIGHTS_BIN), bin);
        try {
            ModelIO.load(d);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            assertTrue(m != null && !m.contains("\n"), "one line: " + m);
            assertTrue(Arrays.stream(files).anyMatch(f -> m.startsWith(d.resolve(f).toString() + ":")), "names the file: " + m
                    + "\nmodel.json was: " + new String(modelJson, StandardCharsets.UTF_8));
        } catch (RuntimeException | Error e) {
            fail("model " + which + ": " + e + " instead of a one-line error; model.json was: " + new String(modelJson, StandardCharsets.UTF_8), e);
        }
    }

    /** A corruption of a file's bytes. */
    interface Edit {
        byte[] apply(byte[] original);
    }

    @Provide
    Arbitrary<Integer> which() {
        return Arbitraries.integers().between(0, 1);
    }

    @Provide
    Arbitrary<Edit> jsonEdits() {
        Arbitrary<Edit> number = Arbitraries.integers().between(0, 200).flatMap(k -> Arbitraries.of(NUMBERS).map(r -> (Edit) b -> {
            String s = new String(b, StandardCharsets.UTF_8);
            var m = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?").matcher(s);
            int count = 0;
            while (m.find()) {
                if (count++ == k % 40) return (s.substring(0, m.start()) + r + s.substring(m.end())).getBytes(StandardCharsets.UTF_8);
            }
            return b;
        }));
        Arbitrary<Edit> field = Arbitraries.of("format", "architecture", "inputShape", "classes", "activation", "dataType", "parameters", "shape", "name")
                .flatMap(f -> Arbitraries.of("\"x\"", "[]", "{}", "42", "null", "\"cnn:c99999k3\"", "\"mlp:1e8\"", "[1, 100000, 100000]")
                        .map(v -> (Edit) b -> new String(b, StandardCharsets.UTF_8).replaceFirst("\"" + f + "\"\\s*:\\s*(\"[^\"]*\"|\\[[^\\]]*\\]|[^,}\\n]+)",
                                "\"" + f + "\" : " + java.util.regex.Matcher.quoteReplacement(v)).getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(number, field, truncations(), byteFlips());
    }

    @Provide
    Arbitrary<Edit> binaryEdits() {
        Arbitrary<Edit> append = Arbitraries.integers().between(1, 24).map(k -> (Edit) b -> Arrays.copyOf(b, b.length + k));
        Arbitrary<Edit> nan = Arbitraries.integers().between(0, 1000).map(k -> (Edit) b -> {
            byte[] c = b.clone();
            int at = (k % (c.length / 8)) * 8;
            c[at] = (byte) 0x7f;
            c[at + 1] = (byte) 0xf8;
            return c;
        });
        return Arbitraries.oneOf(append, nan, truncations(), byteFlips());
    }

    static Arbitrary<Edit> truncations() {
        return Arbitraries.doubles().between(0, 1).map(f -> (Edit) b -> Arrays.copyOf(b, (int) (f * b.length)));
    }

    static Arbitrary<Edit> byteFlips() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).flatMap(pos -> Arbitraries.bytes().map(v -> (Edit) b -> {
            byte[] c = b.clone();
            if (c.length > 0) c[pos % c.length] = v;
            return c;
        }));
    }
}
