package radlab.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.fuzz.Fuzz;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ImageShape;

/**
 * Fuzzing of the model loader (issue #13): randomly corrupted {@code model.json} and {@code weights.bin} files of an
 * MLP and a CNN either load or fail with one line naming the corrupted file — never another exception type, never
 * an OutOfMemoryError from sizes taken on trust. A weight file that is certainly corrupt (a NaN written in, bytes
 * appended or cut off) must fail: "it loaded" would otherwise pass a loader that skips its length or NaN check.
 * 400 generated cases in all (seeded, see {@link Fuzz}), about two seconds.
 */
class ModelFileFuzzTest {
    static Path root;
    static byte[][] json = new byte[2][];
    static byte[][] weights = new byte[2][];
    /** Replacements for a number in model.json: huge, negative, zero, fractional, overflowing, non-numeric. */
    static final String[] NUMBERS = {"1e8", "100000000", "-3", "0", "2.5", "99999999999999999999", "1e308", "\"7\"", "null", "65536", "4097"};

    @BeforeAll
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

    @AfterAll
    static void cleanUp() throws IOException {
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void corruptedDescriptionsLoadOrFailWithOneLineNamingTheFile() {
        Fuzz.forAll(13016, 250, r -> new Case(r.nextInt(2), jsonEdit(r)),
                c -> check(c.which(), c.edit().apply(json[c.which()]), weights[c.which()], false, ModelIO.MODEL_JSON, ModelIO.WEIGHTS_BIN));
    }

    @Test
    void corruptedWeightFilesLoadOrFailWithOneLineNamingTheFile() {
        Fuzz.forAll(13017, 150, r -> new Case(r.nextInt(2), binaryEdit(r)),
                c -> check(c.which(), json[c.which()], c.edit().apply(weights[c.which()]), c.edit().corrupt(), ModelIO.WEIGHTS_BIN));
    }

    /** Loads the files; {@code mustFail}: they are certainly corrupt, so loading them is a failure too. */
    private static void check(int which, byte[] modelJson, byte[] bin, boolean mustFail, String... files) throws IOException {
        Path d = Files.createTempDirectory(root, "case");
        Files.write(d.resolve(ModelIO.MODEL_JSON), modelJson);
        Files.write(d.resolve(ModelIO.WEIGHTS_BIN), bin);
        boolean loaded = false;
        try {
            ModelIO.load(d);
            loaded = true;
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            assertTrue(m != null && !m.contains("\n"), "one line: " + m);
            assertTrue(Arrays.stream(files).anyMatch(f -> m.startsWith(d.resolve(f).toString() + ":")), "names the file: " + m
                    + "\nmodel.json was: " + new String(modelJson, StandardCharsets.UTF_8));
        } catch (RuntimeException | Error e) {
            fail("model " + which + ": " + e + " instead of a one-line error; model.json was: " + new String(modelJson, StandardCharsets.UTF_8), e);
        }
        if (loaded && mustFail) fail("model " + which + ": a certainly corrupt " + files[0] + " loaded");
    }

    /** Model 0 (the MLP) or 1 (the CNN) with one edit. */
    record Case(int which, Edit edit) {}

    /**
     * A corruption of a file's bytes, described for the failure message; {@code corrupt}: the result can no longer be a
     * valid file (an edit such as a byte flip may leave a valid one).
     */
    record Edit(String description, UnaryOperator<byte[]> change, boolean corrupt) {
        Edit(String description, UnaryOperator<byte[]> change) {
            this(description, change, false);
        }

        byte[] apply(byte[] original) {
            return change.apply(original);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    static Edit jsonEdit(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> {
                int k = r.nextInt(201);
                String v = Fuzz.oneOf(r, NUMBERS);
                yield new Edit("number " + (k % 40) + " -> " + v, b -> {
                    String s = new String(b, StandardCharsets.UTF_8);
                    var m = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?").matcher(s);
                    int count = 0;
                    while (m.find()) {
                        if (count++ == k % 40) return (s.substring(0, m.start()) + v + s.substring(m.end())).getBytes(StandardCharsets.UTF_8);
                    }
                    return b;
                });
            }
            case 1 -> {
                String f = Fuzz.oneOf(r, "format", "architecture", "inputShape", "classes", "activation", "dataType", "parameters", "shape", "name");
                String v = Fuzz.oneOf(r, "\"x\"", "[]", "{}", "42", "null", "\"cnn:c99999k3\"", "\"mlp:1e8\"", "[1, 100000, 100000]");
                yield new Edit("field " + f + " -> " + v, b -> new String(b, StandardCharsets.UTF_8)
                        .replaceFirst("\"" + f + "\"\\s*:\\s*(\"[^\"]*\"|\\[[^\\]]*\\]|[^,}\\n]+)", "\"" + f + "\" : " + java.util.regex.Matcher.quoteReplacement(v))
                        .getBytes(StandardCharsets.UTF_8));
            }
            case 2 -> truncation(r);
            default -> byteFlip(r);
        };
    }

    static Edit binaryEdit(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> {
                int k = 1 + r.nextInt(24);
                yield new Edit("append " + k + " zero bytes", b -> Arrays.copyOf(b, b.length + k), true);
            }
            case 1 -> {
                int k = r.nextInt(1001);
                yield new Edit("NaN at value " + k + " modulo the count", b -> {
                    byte[] c = b.clone();
                    int at = (k % (c.length / 8)) * 8;
                    c[at] = (byte) 0x7f;
                    c[at + 1] = (byte) 0xf8;
                    return c;
                }, true); // 0x7ff8… is a quiet NaN whatever the other six bytes
            }
            case 2 -> {
                double f = Fuzz.fraction(r);
                yield truncation(f, f < 1); // the length is fixed by the architecture
            }
            default -> byteFlip(r);
        };
    }

    static Edit truncation(SplittableRandom r) {
        return truncation(Fuzz.fraction(r), false); // model.json may lose only its trailing newline
    }

    static Edit truncation(double f, boolean corrupt) {
        return new Edit("truncate to " + f + " of the length", b -> Arrays.copyOf(b, (int) (f * b.length)), corrupt);
    }

    static Edit byteFlip(SplittableRandom r) {
        int pos = r.nextInt(Integer.MAX_VALUE);
        byte v = (byte) r.nextInt(256);
        return new Edit("byte " + pos + " modulo the length -> " + v, b -> {
            byte[] c = b.clone();
            if (c.length > 0) c[pos % c.length] = v;
            return c;
        });
    }
}
