package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static radlab.cli.ReliabilityCliTest.assertUsageError;
import static radlab.cli.ReliabilityCliTest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.nn.ModelIO;
import radlab.spec.SpecFactory;
import radlab.spec.SpecJson;
import radlab.spec.TrainSpec;

/** Issue #11: a train report records its canonical spec, and {@code radlab rerun} reproduces it bit for bit. */
class RerunCommandTest {
    static final String[] TINY = {"train", "--hidden", "16", "--epochs", "1", "--train-size", "300", "--test-size", "100", "--steps", "2",
            "--certify-size", "5", "--quiet"};

    static Path train(Path out, String run, String... more) {
        String[] args = new String[TINY.length + 4 + more.length];
        System.arraycopy(TINY, 0, args, 0, TINY.length);
        System.arraycopy(new String[] {"--out", out.toString(), "--run", run}, 0, args, TINY.length, 4);
        System.arraycopy(more, 0, args, TINY.length + 4, more.length);
        ReliabilityCliTest.Run r = cli(args);
        assertEquals(0, r.code(), r.err());
        return out.resolve(run);
    }

    @Test
    void trainRecordsItsCanonicalSpecAndRerunReproducesMetricsAndWeightsBitForBit(@TempDir Path tmp) throws Exception {
        Path run = train(tmp, "tiny", "--jacobian-reg", "l2", "--lambda", "0.05", "--jacobian-projections", "1", "--optimizer", "sgd",
                "--lr", "0.05", "--weight-decay", "0.0001", "--augment-shift", "1");
        TrainSpec spec = TrainSpec.parse(Files.readString(run.resolve("spec.json")));
        assertEquals("l2-jacobian", spec.experiment().objective().kind());
        assertEquals(300, spec.experiment().data().trainSize());
        assertEquals(0.9, spec.experiment().optimizer().momentum());
        assertEquals(1, spec.experiment().optimizer().augmentShift());
        assertEquals("apgd", spec.robustEvaluation().attack());
        assertEquals(2, spec.robustEvaluation().steps());
        // the same spec in the provenance and in the model's training record
        String results = Files.readString(run.resolve("results.json"));
        assertTrue(results.contains("\"spec\""), results);
        assertEquals(spec.canonical(), TrainSpec.fromTree(radlab.report.Json.MAPPER.valueToTree(ModelIO.load(run.resolve("model")).training().get("spec"))).canonical());
        assertEquals(spec, TrainSpec.parse(spec.canonical()), "canonical JSON round-trips");

        ReliabilityCliTest.Run r = cli("rerun", run.toString(), "--quiet", "--out", tmp.resolve("again").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("rerun: identical bit for bit"), r.out());
        assertTrue(r.out().contains("test.accuracy") && r.out().contains("testRobust.adversarial.accuracy")
                && r.out().contains("testJacobianNorms.meanFrobenius"), r.out());
        assertFalse(r.out().contains("DIFFERS"), r.out());
        assertTrue(Files.isRegularFile(tmp.resolve("again/comparison.csv")));
        assertEquals(Files.readString(run.resolve("spec.json")), Files.readString(tmp.resolve("again/spec.json")));
        assertEquals(-1L, Files.mismatch(run.resolve("model/weights.bin"), tmp.resolve("again/model/weights.bin")), "weights bit for bit");
    }

    @Test
    void aChangedRecordedValueOrSpecIsReportedWithExitCodeOne(@TempDir Path tmp) throws Exception {
        Path run = train(tmp, "plain", "--no-robust-eval");
        Path results = run.resolve("results.json");
        String text = Files.readString(results);
        String changed = text.replaceFirst("\"meanL11\" : ([0-9.eE-]+)", "\"meanL11\" : 12345.5");
        assertFalse(changed.equals(text));
        Files.writeString(results, changed);
        ReliabilityCliTest.Run r = cli("rerun", run.toString(), "--quiet");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("testJacobianNorms.meanL11") && r.out().contains("DIFFERS"), r.out());
        assertTrue(r.out().contains("rerun: DIFFERS: 1 of"), r.out());

        // another seed in the spec: other weights, other metrics
        Files.writeString(results, text);
        Path spec = run.resolve("spec.json");
        Files.writeString(spec, Files.readString(spec).replace("\"seed\" : 1", "\"seed\" : 2"));
        ReliabilityCliTest.Run s = cli("rerun", run.toString(), "--quiet");
        assertEquals(1, s.code(), s.out() + s.err());
        assertTrue(s.out().contains("weights") && s.out().contains("DIFFERS"), s.out());
    }

    @Test
    void aDirectoryWithoutOrWithACorruptSpecIsAOneLineUsageError(@TempDir Path tmp) throws Exception {
        assertUsageError(cli("rerun", tmp.toString()), "no recorded specification");
        Path run = train(tmp, "bad", "--no-robust-eval");
        Path spec = run.resolve("spec.json");
        String good = Files.readString(spec);
        Files.writeString(spec, good.substring(0, good.length() / 2));
        assertUsageError(cli("rerun", run.toString(), "--quiet"), "spec.json: : not valid JSON");
        Files.writeString(spec, good.replace("\"learningRate\" : 0.001", "\"learningRate\" : -1"));
        assertUsageError(cli("rerun", run.toString(), "--quiet"), "spec.json: experiment.optimizer.learningRate: must be positive");
        Files.writeString(spec, good.replace("\"certifySize\"", "\"certifySise\""));
        assertUsageError(cli("rerun", run.toString(), "--quiet"), "spec.json: certifySise: unknown key");
        Files.writeString(spec, good);
        Path out = tmp.resolve("o");
        ReliabilityCliTest.Run ok = cli("rerun", run.toString(), "--quiet", "--out", out.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
    }

    @Test
    void canonicalSpecTextOmitsLaterFieldsAtTheirDefaultsSoEarlierSweepHashesStay() throws Exception {
        String before = "{\"data\":{\"dataset\":\"mnist\",\"trainSize\":4000,\"testSize\":1000,\"splitSeed\":42},"
                + "\"model\":{\"arch\":\"mlp:128,128\",\"activation\":\"relu\"},\"objective\":{\"kind\":\"plain\"},"
                + "\"optimizer\":{\"kind\":\"adam\",\"learningRate\":0.001,\"momentum\":0.0,\"batchSize\":64,\"epochs\":5,\"weightDecay\":0.0},"
                + "\"evaluation\":{\"epsilonL2\":1.0,\"epsilonLinf\":0.1,\"attackSteps\":10,\"evalSize\":1000},\"seed\":1}";
        assertEquals(before, SpecJson.canonical(radlab.spec.Defaults.experiment()));
        String local = "{\"model\":{\"precision\":\"double\"},\"optimizer\":{\"augmentShift\":2},\"data\":{\"dir\":\"/d\"}}";
        String doubled = SpecJson.canonical(SpecJson.fromTreeWithLocalData(radlab.report.Json.MAPPER.readTree(local)));
        assertTrue(doubled.contains("\"precision\":\"double\"") && doubled.contains("\"augmentShift\":2") && doubled.contains("\"dir\":\"/d\""), doubled);
        // a sweep reads them as train does (through SpecFactory), so its reader keeps them too
        assertEquals(doubled, SpecJson.canonical(SpecJson.parse(local)));
    }

    @Test
    void aKeptSweepPointModelIsRerunFromItsRecordedSpec(@TempDir Path tmp) {
        String spec = "{\"data\": {\"trainSize\": 300, \"testSize\": 100}, \"model\": {\"arch\": \"mlp:16\"},"
                + " \"objective\": {\"kind\": \"l2-jacobian\", \"lambda\": 0.01, \"projections\": 1},"
                + " \"optimizer\": {\"epochs\": 1, \"batchSize\": 50}, \"evaluation\": {\"attackSteps\": 2, \"evalSize\": 50}, \"seed\": 3}";
        String canonical = SpecJson.canonical(SpecJson.parse(spec));
        String dataHash = radlab.experiment.sweep.SweepData.load(SpecJson.parse(spec).data()).hash();
        Path dir = tmp.resolve("models/p");
        radlab.experiment.sweep.PointRunner.run(new radlab.experiment.sweep.PointTask(canonical, "p", dataHash, "test", dir.toString()));
        ReliabilityCliTest.Run r = cli("rerun", dir.toString(), "--quiet");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("rerun: identical bit for bit (0 values,"), r.out());
    }

    @Test
    void adversarialTrainingIsTheSpecsPgdAndOtherTrainingAttacksAreOneLineErrors(@TempDir Path tmp) {
        String o = tmp.toString();
        assertUsageError(cli("train", "--adversarial-training", "--attack", "fgsm", "--out", o, "--quiet"), "--adversarial-training trains with PGD");
        assertUsageError(cli("train", "--adversarial-training", "--step-size", "0.01", "--out", o, "--quiet"), "drop --step-size");
        assertUsageError(cli("train", "--adversarial-training", "--epsilon", "0", "--out", o, "--quiet"), "--epsilon");
        assertEquals(0, java.util.Objects.requireNonNull(tmp.toFile().list()).length, "nothing written before the errors");
    }
}
