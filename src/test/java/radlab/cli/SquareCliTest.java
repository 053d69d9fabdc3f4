package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static radlab.cli.ReliabilityCliTest.assertUsageError;
import static radlab.cli.ReliabilityCliTest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.attack.AttackStage;
import radlab.attack.AttackSuite;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.ModelIO;
import radlab.nn.layer.Activation;
import radlab.report.Json;
import radlab.spec.AttackSpec;
import radlab.spec.SpecException;
import radlab.spec.SpecFactory;

/** Square on the command line and in specs: stage lists, its options validated before any work, its stage reported. */
class SquareCliTest {
    @Test
    void badSquareOptionsAreOneLineNamingTheOption(@TempDir Path out) {
        String o = out.toString(), m = out.resolve("no-model").toString();
        assertUsageError(cli("attack", "--model", m, "--attack", "square", "--queries", "0", "--out", o, "--quiet"), "--queries");
        assertUsageError(cli("attack", "--model", m, "--attack", "apgd,square", "--p-init", "1.5", "--out", o, "--quiet"), "--p-init");
        assertUsageError(cli("attack", "--model", m, "--attack", "pgd", "--queries", "10", "--out", o, "--quiet"), "--queries applies only to the Square attack");
        assertUsageError(cli("attack", "--model", m, "--attack", "apgd,sqaure", "--out", o, "--quiet"), "--attack: unknown attack suite stage 'sqaure'");
        assertUsageError(cli("attack", "--model", m, "--attack", "apgd,apgd-ce", "--out", o, "--quiet"), "appears twice");
        assertUsageError(cli("attack", "--model", m, "--attack", "square,", "--out", o, "--quiet"), "unknown attack suite stage ''");
        assertUsageError(cli("attack", "--model", m, "--attack", "square", "--restarts", "0", "--out", o, "--quiet"), "restarts must be ≥ 1");
    }

    @Test
    void stageListsAreCanonicalAndSpecsRoundTrip() {
        assertEquals("apgd-ce,apgd-dlr,apgd-t,square", AttackSpec.canonicalAttack(" APGD, Square"));
        assertEquals("apgd", AttackSpec.canonicalAttack("apgd-ce,apgd-dlr,apgd-t"));
        assertEquals("square", AttackSpec.canonicalAttack("square"));
        AttackSpec suite = new AttackSpec("apgd-ce,apgd-dlr,apgd-t,square", "linf", 0.1, 100, 1, 9, Double.NaN, true, 0, 300, 0.4);
        JsonNode tree = suite.toTree();
        assertEquals(300, tree.path("queries").asInt());
        assertEquals(suite, AttackSpec.fromTree(tree, "attack"));
        AttackSuite built = (AttackSuite) SpecFactory.attack(suite);
        assertEquals(List.of("APGD-CE", "APGD-DLR", "APGD-T", "Square"), built.attackNames());
        assertEquals(300, built.settings().get("queries"));
        assertTrue(built.describe().contains("Square 300 queries p_init 0.4"), built.describe());

        // an attack without Square keeps its old form, and rejects Square's keys
        AttackSpec plain = AttackSpec.defaults();
        assertFalse(plain.toTree().has("queries"));
        assertFalse(((AttackSuite) SpecFactory.attack(plain)).settings().containsKey("queries"));
        var withQueries = plain.toTree().put("queries", 10);
        assertThrows(SpecException.class, () -> AttackSpec.fromTree(withQueries, "attack"));
        // a stage list is stored in canonical form only
        assertThrows(SpecException.class, () -> new AttackSpec("apgd,square", "linf", 0.1, 100, 1, 9, Double.NaN, true, 0));
    }

    @Test
    void theSquareNoteNamesWhatOnlySquareBroke() {
        List<AttackStage> stages = List.of(new AttackStage("APGD-CE", 5, 0.6, 1), new AttackStage("Square", 2, 0.58, 1));
        assertEquals("Square broke 2 samples that the gradient attacks left robust (a sign of gradient masking: the gradient attacks' "
                + "robust accuracy overstates robustness)", AttackCommand.squareNote(stages).orElseThrow());
        assertTrue(AttackCommand.squareNote(List.of(new AttackStage("Square", 2, 0.5, 1))).isEmpty(), "Square alone has no gradient attack to compare");
    }

    @Test
    void attackWithTheSquareStageReportsItsRow(@TempDir Path out) throws Exception {
        Path model = out.resolve("model");
        ModelIO.save(Mlp.initialize(MlpSpec.of(784, new int[] {8}, 10, Activation.RELU), 3, DataType.FLOAT), Map.of("model", Map.of("seed", 3)),
                Map.of(), model);
        var r = cli("attack", "--model", model.toString(), "--attack", "apgd-ce,square", "--steps", "2", "--queries", "20", "--attack-size", "10",
                "--certify-size", "0", "--train-size", "60", "--test-size", "30", "--out", out.toString(), "--run", "sq");
        assertEquals(0, r.code(), r.err());
        JsonNode json = Json.MAPPER.readTree(out.resolve("sq/attack.json").toFile());
        JsonNode stages = json.path("testStages");
        assertEquals(2, stages.size(), stages.toString());
        assertEquals("Square", stages.get(1).path("attack").asText());
        assertEquals(20, json.path("config").path("attack").path("queries").asInt());
        assertEquals("apgd-ce,square", json.path("config").path("spec").path("attack").path("attack").asText());
        assertTrue(r.out().contains("Square broke " + stages.get(1).path("broken").asInt() + " sample"), r.out());
    }
}
