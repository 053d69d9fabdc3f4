package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.ModelIO;
import radlab.nn.layer.Activation;
import radlab.report.Json;
import radlab.spec.AttackRunSpec;
import radlab.spec.AttackSpec;
import radlab.spec.NormsSpec;
import radlab.spec.SpecException;

/**
 * {@code attack --spec} and {@code norms --spec}: a report's spec.json, given back as --spec, runs the same settings
 * and gives the same numbers as the options did; a spec file and the options it replaces are not mixed; bad files are
 * one line.
 */
class SpecOptionTest {
    @TempDir
    static Path tmp;
    static Path modelDir;

    @BeforeAll
    static void saveModel() {
        modelDir = tmp.resolve("model");
        ModelIO.save(Mlp.initialize(MlpSpec.of(784, new int[] {8}, 10, Activation.RELU), 3, DataType.FLOAT), Map.of("model", Map.of("seed", 3)),
                Map.of(), modelDir);
    }

    static Object[] run(String command, String runName, String... extra) {
        String[] base = {command, "--model", modelDir.toString(), "--train-size", "60", "--test-size", "30", "--out", tmp.toString(), "--run", runName,
                "--quiet"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliTest.run(args);
    }

    /**
     * {@code attack --save-adversarial} writes exactly the library's adversarial examples (read back here with an IDX
     * reader written for the test, magic and dimensions included, float for float) and attack.json reports exactly the
     * library's robust metrics for the same model, data, subsample and attack.
     */
    @Test
    void savedAdversarialExamplesAndAttackJsonEqualTheLibrarys() throws Exception {
        Object[] r = run("attack", "library", "--attack", "pgd", "--norm", "l2", "--epsilon", "0.5", "--steps", "3", "--attack-size", "20",
                "--attack-seed", "7", "--save-adversarial");
        assertEquals(0, r[0], String.valueOf(r[1]));
        radlab.nn.Model model = ModelIO.load(modelDir).model();
        radlab.data.DataSplit split = radlab.data.Splits.stratified(radlab.data.MnistLoader.shippedSubset(), 60, 30, 42);
        radlab.data.Dataset test = radlab.data.Splits.subsample(split.test(), 20, 2);
        radlab.attack.Attack attack = AttackOptions.build(new AttackSpec("pgd", "l2", 0.5, 3, 1, 9, Double.NaN, true, 7));
        radlab.attack.RobustEvaluator.Detailed lib = radlab.attack.RobustEvaluator.evaluateDetailed(model, test, attack);
        float[] expected = lib.evidence().adversarial().castTo(DataType.FLOAT).dup().data().asFloat();

        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(new java.util.zip.GZIPInputStream(
                Files.newInputStream(tmp.resolve("library/adversarial-test-images.idx3-float.gz")))))) {
            assertEquals(0, in.readUnsignedByte());
            assertEquals(0, in.readUnsignedByte());
            assertEquals(0x0D, in.readUnsignedByte(), "IDX type code of float32");
            assertEquals(3, in.readUnsignedByte(), "three dimensions");
            assertEquals(20, in.readInt());
            assertEquals(28, in.readInt());
            assertEquals(28, in.readInt());
            float[] read = new float[20 * 784];
            for (int i = 0; i < read.length; i++) read[i] = in.readFloat();
            assertEquals(-1, in.read(), "nothing after the last image");
            assertTrue(java.util.Arrays.equals(expected, read), "the saved images are the library's adversarial examples, bit for bit");
        }
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(tmp.resolve("library/adversarial-test-labels.idx1-ubyte.gz")))) {
            byte[] b = in.readAllBytes();
            assertEquals(8 + 20, b.length);
            assertEquals(0x0801, ((b[2] & 0xff) << 8) | (b[3] & 0xff), "IDX magic of unsigned-byte vectors");
            for (int i = 0; i < 20; i++) assertEquals(test.labels()[i], b[8 + i], "label " + i);
        }
        JsonNode json = Json.MAPPER.readTree(tmp.resolve("library/attack.json").toFile());
        radlab.attack.RobustMetrics m = lib.metrics();
        for (String p : new String[] {"/test/adversarial/accuracy", "/test/adversarial/loss", "/test/clean/accuracy", "/test/clean/loss"}) {
            assertTrue(json.at(p).isNumber(), p + " in " + json.at("/test"));
        }
        assertTrue(m.clean().accuracy() > 0 && m.adversarial().loss() > m.clean().loss(), "non-trivial values to compare: " + m);
        assertEquals(m.adversarial().accuracy(), json.at("/test/adversarial/accuracy").asDouble(), 0.0, json.at("/test").toString());
        assertEquals(m.adversarial().loss(), json.at("/test/adversarial/loss").asDouble(), 0.0);
        assertEquals(m.clean().accuracy(), json.at("/test/clean/accuracy").asDouble(), 0.0);
        assertEquals(m.clean().loss(), json.at("/test/clean/loss").asDouble(), 0.0);
    }

    @Test
    void anAttackReportsSpecRunsTheSameAttackAgain() throws Exception {
        Object[] r = run("attack", "opts", "--attack", "pgd", "--norm", "l2", "--epsilon", "0.5", "--steps", "3", "--attack-size", "20",
                "--certify-size", "5", "--attack-seed", "7", "--save-adversarial");
        assertEquals(0, r[0], String.valueOf(r[1]));
        java.util.List<java.util.List<String>> evidence = radlab.report.CsvTable.read(tmp.resolve("opts/adversarial-test.csv"));
        assertEquals(1 + 20, evidence.size(), "header and one row per attacked test sample");
        assertEquals("perturbation_norm_l2", evidence.get(0).get(2));
        Path spec = tmp.resolve("opts/spec.json");
        AttackRunSpec recorded = AttackRunSpec.parse(Files.readString(spec));
        assertEquals(new AttackRunSpec(new AttackSpec("pgd", "l2", 0.5, 3, 1, 9, Double.NaN, true, 7), 20, 5), recorded);
        assertEquals(recorded.canonical(), AttackRunSpec.parse(recorded.canonical()).canonical(), "canonical JSON round-trips");
        Object[] again = run("attack", "fromspec", "--spec", spec.toString());
        assertEquals(0, again[0], String.valueOf(again[1]));
        JsonNode a = Json.MAPPER.readTree(tmp.resolve("opts/attack.json").toFile()), b = Json.MAPPER.readTree(tmp.resolve("fromspec/attack.json").toFile());
        for (String p : new String[] {"/train", "/test", "/testStages", "/testBracket/bracket", "/testBracket/attackedLoss", "/testBracket/certifiedSize", "/robustGap", "/surrogate", "/config/spec"}) {
            assertEquals(a.at(p), b.at(p), p);
        }
        assertEquals(Files.readString(spec), Files.readString(tmp.resolve("fromspec/spec.json")));
        // rerun rebuilds the attack run from its spec.json and the model and data its attack.json records
        ReliabilityCliTest.Run rerun = ReliabilityCliTest.cli("rerun", tmp.resolve("opts").toString(), "--quiet");
        assertEquals(0, rerun.code(), rerun.out() + rerun.err());
        assertTrue(rerun.out().contains("rerun: identical bit for bit"), rerun.out());
        // a changed recorded value is found
        Path changed = tmp.resolve("changed");
        Files.createDirectories(changed);
        Files.copy(spec, changed.resolve("spec.json"));
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) a;
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("surrogate")).put("fractionBounded", 0.123456);
        Json.write(changed.resolve("attack.json"), tree);
        ReliabilityCliTest.Run differs = ReliabilityCliTest.cli("rerun", changed.toString(), "--quiet");
        assertEquals(1, differs.code(), differs.out() + differs.err());
        assertTrue(differs.out().contains("surrogate.fractionBounded") && differs.out().contains("DIFFERS"), differs.out());
    }

    @Test
    void aNormsReportsSpecMeasuresTheSameAgain() throws Exception {
        assertEquals(0, run("norms", "nopts", "--n", "10", "--margin", "0.5", "--epsilon-l2", "0.7")[0]);
        Path spec = tmp.resolve("nopts/spec.json");
        NormsSpec recorded = NormsSpec.parse(Files.readString(spec));
        assertEquals(new NormsSpec(10, 0.5, 0.7, radlab.spec.Defaults.EPSILON_LINF), recorded);
        assertEquals(0, run("norms", "nfromspec", "--spec", spec.toString())[0]);
        JsonNode a = Json.MAPPER.readTree(tmp.resolve("nopts/norms.json").toFile()), b = Json.MAPPER.readTree(tmp.resolve("nfromspec/norms.json").toFile());
        for (String p : new String[] {"/bounds", "/jacobians", "/boundInputs", "/config/spec"}) assertEquals(a.at(p), b.at(p), p);
        ReliabilityCliTest.Run rerun = ReliabilityCliTest.cli("rerun", tmp.resolve("nopts").toString(), "--quiet");
        assertEquals(0, rerun.code(), rerun.out() + rerun.err());
        assertTrue(rerun.out().contains("rerun: identical bit for bit"), rerun.out());
        // defaults: margin chosen on data is recorded as null and round-trips
        assertEquals(NormsSpec.defaults(), NormsSpec.parse(NormsSpec.defaults().canonical()));
        assertTrue(NormsSpec.defaults().canonical().contains("\"margin\":null"));
    }

    @Test
    void aSpecFileAndTheOptionsItReplacesAreNotMixedAndBadFilesAreOneLine() throws Exception {
        Path attackSpec = tmp.resolve("a.json"), normsSpec = tmp.resolve("n.json");
        Files.writeString(attackSpec, new AttackRunSpec(AttackSpec.defaults(), 5, 0).canonical());
        Files.writeString(normsSpec, NormsSpec.defaults().canonical());
        NormsCommandTest.oneLine(run("attack", "x1", "--spec", attackSpec.toString(), "--epsilon", "0.2", "--steps", "2"),
                "--spec gives the attack settings; drop --epsilon, --steps");
        NormsCommandTest.oneLine(run("norms", "x2", "--spec", normsSpec.toString(), "--n", "3"), "--spec gives the norms settings; drop --n");
        Files.writeString(attackSpec, new AttackRunSpec(AttackSpec.defaults(), 5, 0).canonical().replace("\"linf\"", "\"l3\""));
        NormsCommandTest.oneLine(run("attack", "x3", "--spec", attackSpec.toString()), attackSpec + ": attack.norm: expected l2 or linf, got 'l3'");
        Files.writeString(attackSpec, "{\"kind\":\"attack\",\"attack\":{\"attack\":\"pgd\"},\"attackSize\":0,\"certifySize\":0}");
        NormsCommandTest.oneLine(run("attack", "x3", "--spec", attackSpec.toString()), attackSpec + ": attack.");
        Files.writeString(normsSpec, "{\"kind\":\"norms\",\"n\":0,\"margin\":null,\"epsilonL2\":1,\"epsilonLinf\":0.1,\"epsilon\":2}");
        NormsCommandTest.oneLine(run("norms", "x4", "--spec", normsSpec.toString()), "epsilon: unknown key");
        NormsCommandTest.oneLine(run("norms", "x5", "--spec", tmp.resolve("missing.json").toString()), "missing.json: cannot read");
        assertThrows(SpecException.class, () -> NormsSpec.parse("{\"kind\":\"attack\"}"));
        assertThrows(SpecException.class, () -> AttackRunSpec.parse("{\"kind\":\"attack\",\"attack\":null,\"attackSize\":0,\"certifySize\":0}"));
        assertEquals(2, CliTest.run("attack", "--spec", "x.json")[0], "--model is still required");
    }
}
