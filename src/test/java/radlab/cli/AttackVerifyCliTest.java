package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static radlab.cli.ReliabilityCliTest.assertUsageError;
import static radlab.cli.ReliabilityCliTest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.certify.Certifier;
import radlab.data.Dataset;
import radlab.experiment.TrainRun;
import radlab.nn.ModelIO;
import radlab.report.Json;
import radlab.spec.AttackRunSpec;
import radlab.spec.AttackSpec;
import radlab.spec.SpecFactory;
import radlab.spec.SpecJson;
import radlab.verify.CompleteVerifier;
import radlab.verify.VerificationSummary;

/** {@code attack --certificates} and {@code attack --verify complete}: validated before any work, reported in attack.json. */
class AttackVerifyCliTest {
    @TempDir static Path shared;
    static Path model;
    /** ℓ∞ radius of the tests: the model has certified samples and counterexamples at it, and α-CROWN certifies more than CROWN. */
    static final double EPS = 0.04;

    /** A small ReLU MLP (784-8-10) trained for 30 epochs (61% test accuracy): fast to certify and to verify completely. */
    @BeforeAll
    static void train() {
        var r = cli("train", "--hidden", "8", "--epochs", "30", "--train-size", "300", "--test-size", "100", "--no-robust-eval",
                "--out", shared.toString(), "--run", "tiny", "--quiet");
        assertEquals(0, r.code(), r.err());
        model = shared.resolve("tiny/model");
    }

    @Test
    void badCertificateAndVerifyOptionsAreOneLineAndWriteNothing(@TempDir Path out) throws Exception {
        String o = out.toString(), m = out.resolve("no-model").toString(); // a missing model: validation must come first
        assertUsageError(cli("attack", "--model", m, "--certificates", "ibp,deepz", "--out", o, "--quiet"), "--certificates: unknown certificate 'deepz'");
        assertUsageError(cli("attack", "--model", m, "--certificates", "crown,crown", "--out", o, "--quiet"), "named twice");
        assertUsageError(cli("attack", "--model", m, "--certificates", "", "--out", o, "--quiet"), "unknown certificate ''");
        assertUsageError(cli("attack", "--model", m, "--verify", "partial", "--out", o, "--quiet"), "--verify: unknown verification 'partial'");
        assertUsageError(cli("attack", "--model", m, "--verify", "complete", "--verify-budget", "0", "--out", o, "--quiet"), "--verify-budget must be");
        assertUsageError(cli("attack", "--model", m, "--verify", "complete", "--verify-budget", "NaN", "--out", o, "--quiet"), "--verify-budget must be");
        assertUsageError(cli("attack", "--model", m, "--verify-budget", "5", "--out", o, "--quiet"), "--verify-budget applies only with --verify complete");
        assertUsageError(cli("attack", "--model", m, "--verify", "complete", "--certify-size", "0", "--out", o, "--quiet"), "--certify-size N > 0");
        for (var r : List.of(cli("attack", "--model", m, "--certificates", "ibp,deepz", "--out", o, "--quiet"),
                cli("attack", "--model", m, "--verify", "complete", "--verify-budget", "-1", "--out", o, "--quiet"))) {
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertEquals(List.of(), ReliabilityCliTest.names(out), "nothing written");
    }

    @Test
    void completeVerificationCountsSumToTheCertifySizeAndMatchTheVerifierCalledDirectly(@TempDir Path out) throws Exception {
        int n = 10;
        var r = cli("attack", "--model", model.toString(), "--attack", "apgd-ce", "--norm", "linf", "--epsilon", "" + EPS, "--steps", "5",
                "--certify-size", "" + n, "--verify", "complete", "--verify-budget", "30", "--train-size", "300", "--test-size", "100",
                "--out", out.toString(), "--run", "v", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode json = Json.MAPPER.readTree(out.resolve("v/attack.json").toFile());
        JsonNode v = json.path("testVerification");
        assertTrue(v.isObject(), json.toString());
        int certified = v.path("certified").asInt(), refuted = v.path("counterexamples").asInt(), undecided = v.path("undecided").asInt();
        assertEquals(n, v.path("samples").asInt());
        assertEquals(n, certified + refuted + undecided);
        assertEquals(30.0, v.path("budgetSecondsPerSample").asDouble());
        assertTrue(v.path("notApplicable").isNull(), v.toString());
        assertTrue(r.out().contains("complete verification, " + radlab.verify.CompleteVerifier.METHOD), r.out());

        // the same samples, verified directly: a tiny network is decided within the budget, so the counts are facts
        ObjectNode data = json.path("config").path("data").deepCopy();
        data.remove("source");
        Dataset test = SpecFactory.data(SpecJson.data(data)).test();
        var saved = ModelIO.load(model);
        VerificationSummary direct = CompleteVerifier.verify(saved.model(), TrainRun.certified(test, n), new ThreatModel(AttackNorm.LINF, EPS),
                Duration.ofSeconds(30));
        assertEquals(0, direct.undecided(), direct.toString());
        assertEquals(0, undecided, v.toString());
        assertEquals(direct.certified(), certified);
        assertEquals(direct.counterexamples(), refuted);
        assertEquals(direct.exactRobustAccuracy(), v.path("exactRobustAccuracy").asDouble());
        // complete verification lies within the bracket the certificates and the attack give
        JsonNode bracket = json.path("testBracket").path("bracket");
        assertTrue(bracket.get(0).asDouble() <= direct.exactRobustAccuracy() && direct.exactRobustAccuracy() <= bracket.get(1).asDouble(), json.toString());

        // verification.csv: one row per verified sample, in order, with the verifier's verdicts as counted above
        List<List<String>> rows = radlab.report.CsvTable.read(out.resolve("v/verification.csv"));
        assertEquals(List.of("index", "label", "outcome", "verifier_outcome", "margin_lower_bound", "counterexample_margin", "domains", "seconds",
                "reason", "attack_robust"), rows.get(0));
        assertEquals(n + 1, rows.size());
        int[] labels = test.labels(0, n);
        int csvCertified = 0, csvRefuted = 0;
        for (int i = 0; i < n; i++) {
            List<String> row = rows.get(i + 1);
            assertEquals(String.valueOf(i), row.get(0));
            assertEquals(String.valueOf(labels[i]), row.get(1));
            assertEquals(direct.verdicts().get(i).outcome().name().toLowerCase(java.util.Locale.ROOT), row.get(3), row.toString());
            if (row.get(3).equals("certified")) {
                csvCertified++;
                assertTrue(Double.parseDouble(row.get(4)) > 0, "a certificate's lower bound is positive: " + row);
                assertEquals("certified", row.get(2));
                assertEquals("true", row.get(9), "a certified sample survived the attack");
            }
            if (row.get(3).equals("counterexample")) {
                csvRefuted++;
                assertTrue(Double.parseDouble(row.get(5)) < 0, "a counterexample's margin is negative: " + row);
                assertTrue(Double.parseDouble(row.get(4)) <= Double.parseDouble(row.get(5)), row.toString());
            }
            assertTrue(Long.parseLong(row.get(6)) >= 0 && Double.parseDouble(row.get(7)) >= 0, row.toString());
        }
        assertEquals(certified, csvCertified);
        assertEquals(refuted, csvRefuted);
    }

    @Test
    void completeVerificationOfAnL2ThreatDecidesTheSamplesWithinTheBracket(@TempDir Path out) throws Exception {
        var r = cli("attack", "--model", model.toString(), "--attack", "apgd-ce", "--norm", "l2", "--epsilon", "0.1", "--steps", "2",
                "--attack-size", "10", "--certify-size", "3", "--verify", "complete", "--train-size", "300", "--test-size", "100",
                "--out", out.toString(), "--run", "l2", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode json = Json.MAPPER.readTree(out.resolve("l2/attack.json").toFile()), v = json.path("testVerification");
        assertEquals(3, v.path("certified").asInt() + v.path("counterexamples").asInt() + v.path("undecided").asInt(), v.toString());
        assertTrue(v.path("notApplicable").isNull() || v.path("notApplicable").asText().isEmpty(), v.toString());
        if (v.path("undecided").asInt() == 0) {
            JsonNode bracket = json.path("testBracket").path("bracket");
            double exact = v.path("exactRobustAccuracy").asDouble();
            assertTrue(bracket.get(0).asDouble() <= exact && exact <= bracket.get(1).asDouble(), json.toString());
        }
    }

    @Test
    void alphaCrownChosenByCertificatesIsReportedAndAtLeastAsTightAsCrown(@TempDir Path out) throws Exception {
        var r = cli("attack", "--model", model.toString(), "--attack", "apgd-ce", "--norm", "linf", "--epsilon", "" + EPS, "--steps", "5",
                "--attack-size", "40", "--certify-size", "40", "--certificates", "crown, alpha-crown", "--train-size", "300", "--test-size", "100",
                "--out", out.toString(), "--run", "a", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode json = Json.MAPPER.readTree(out.resolve("a/attack.json").toFile());
        JsonNode certs = json.path("testBracket").path("certified");
        assertEquals(List.of("CROWN", "α-CROWN"), iterator(certs), certs.toString());
        double crown = certs.path("CROWN").path("accuracy").asDouble(), alpha = certs.path("α-CROWN").path("accuracy").asDouble();
        assertTrue(crown > 0, "the test must certify something to compare: " + certs);
        assertTrue(alpha >= crown, certs.toString());
        // spec.json records the non-default list, so rerun and --spec repeat it
        JsonNode spec = Json.MAPPER.readTree(out.resolve("a/spec.json").toFile());
        assertEquals("crown,alpha-crown", spec.path("certificates").asText());
        assertEquals(List.of(Certifier.Method.CROWN, Certifier.Method.ALPHA_CROWN),
                Certifier.methods(AttackRunSpec.parse(Files.readString(out.resolve("a/spec.json"))).certificates()));
    }

    @Test
    void rerunRepeatsTheChosenCertificatesAndLeavesTheTimeBoundedVerificationOut(@TempDir Path out) throws Exception {
        var r = cli("attack", "--model", model.toString(), "--attack", "apgd-ce", "--norm", "linf", "--epsilon", "" + EPS, "--steps", "3",
                "--attack-size", "10", "--certify-size", "4", "--certificates", "alpha-crown", "--verify", "complete", "--verify-budget", "5",
                "--train-size", "300", "--test-size", "100", "--out", out.toString(), "--run", "re", "--quiet");
        assertEquals(0, r.code(), r.err());
        var again = cli("rerun", out.resolve("re").toString(), "--quiet");
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("testBracket.certified.α-CROWN.accuracy"), again.out());
        assertFalse(again.out().contains("testVerification"), again.out());
    }

    @Test
    void aVerifiedSampleThatTheAttackBrokeIsAnError() throws Exception {
        var saved = ModelIO.load(model);
        var split = SpecFactory.data(SpecJson.data(Json.MAPPER.readTree("{\"trainSize\": 300, \"testSize\": 100}")));
        AttackCommand.Run small = run(saved.model(), split, EPS), huge = run(saved.model(), split, 0.5);
        ThreatModel threat = new ThreatModel(AttackNorm.LINF, EPS);
        Duration budget = Duration.ofSeconds(30);
        assertTrue(AttackCommand.verify(small, threat, budget).certified() > 0, "the check needs a verified sample");
        // the evidence of an attack at ε = 0.5 (every sample broken) next to verification at EPS: as if the attack broke verified samples
        AttackCommand.Run forged = new AttackCommand.Run(small.model(), small.train(), small.test(), small.onTrain(), huge.testRun(), small.bracket(),
                small.surrogate());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> AttackCommand.verify(forged, threat, budget));
        assertTrue(e.getMessage().startsWith("complete verification certified samples that APGD-CE"), e.getMessage());
    }

    private static AttackCommand.Run run(radlab.nn.Model m, radlab.data.DataSplit split, double eps) {
        AttackRunSpec spec = new AttackRunSpec(new AttackSpec("apgd-ce", "linf", eps, 3, 1, 9, Double.NaN, true, 0), 10, 10);
        return AttackCommand.run(m, split, spec, AttackOptions.build(spec.attack()));
    }

    @Test
    void theDefaultCertificatesLeaveTheSpecFormUnchanged() {
        AttackRunSpec plain = new AttackRunSpec(AttackSpec.defaults(), 5, 3);
        assertFalse(plain.toTree().has("certificates"));
        assertEquals(plain, AttackRunSpec.parse(plain.canonical()));
        AttackRunSpec alpha = new AttackRunSpec(AttackSpec.defaults(), 5, 3, Certifier.names(List.of(Certifier.Method.ALPHA_CROWN, Certifier.Method.IBP)));
        assertEquals("alpha-crown,ibp", alpha.toTree().path("certificates").asText());
        assertEquals(alpha, AttackRunSpec.parse(alpha.canonical()));
    }

    private static List<String> iterator(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
