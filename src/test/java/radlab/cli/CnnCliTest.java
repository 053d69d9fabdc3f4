package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import radlab.experiment.ReproductionProfile;
import radlab.spec.ExperimentSpec;

/** Convolutional networks from the command line: train (plain, Jacobian-regularized, adversarial), eval, attack, reproduce. */
class CnnCliTest {
    static final String CNN = "cnn:c4k5-p2-d16";

    @Test
    void jacobianRegularizedCnnTrainsThenEvalAndAttackReadItsModel(@TempDir Path out) throws Exception {
        Object[] r = CliTest.run("train", "--arch", CNN, "--epochs", "1", "--train-size", "300", "--test-size", "100",
                "--jacobian-reg", "l2", "--lambda", "0.01", "--steps", "2", "--out", out.toString(), "--run", "cnn", "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        String json = Files.readString(out.resolve("cnn/results.json"));
        assertTrue(json.contains("cnn:c4k5-p2-d16 1×28×28→10 relu") && json.contains("testJacobianNorms") && json.contains("testRobust"), json);
        assertTrue(Files.readString(out.resolve("cnn/model/model.json")).contains("\"radlab-model/2\""));
        Object[] e = CliTest.run("eval", "--model", out.resolve("cnn/model").toString(), "--train-size", "300", "--test-size", "100",
                "--out", out.toString(), "--run", "ev");
        assertEquals(0, e[0], (String) e[1]);
        Object[] a = CliTest.run("attack", "--model", out.resolve("cnn/model").toString(), "--norm", "linf", "--epsilon", "0.1",
                "--steps", "2", "--attack-size", "20", "--train-size", "300", "--test-size", "100", "--out", out.toString(), "--run", "atk");
        assertEquals(0, a[0], (String) a[1]);
        assertTrue(Files.readString(out.resolve("atk/attack.json")).contains("fractionBounded"));
    }

    @Test
    void adversarialTrainingOfACnn(@TempDir Path out) {
        Object[] r = CliTest.run("train", "--arch", "cnn:c2k3s2-ap2-d8", "--epochs", "1", "--train-size", "200", "--test-size", "50",
                "--adversarial-training", "--norm", "linf", "--epsilon", "0.1", "--steps", "2", "--out", out.toString(), "--run", "adv", "--quiet");
        assertEquals(0, r[0], (String) r[1]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--arch cnn:c4k5 --hidden 16|give either --arch or --hidden",
            "--arch cnn:c4k99|kernel size 99",
            "--arch cnn:d16-c4k3|comes after a dense layer",
            "--arch resnet:50|must start with mlp: or cnn:",
            "--arch cnn:c4k5-x2|unknown layer 'x2'",
            "--arch mlp:100000000|must be an integer in [1, 65536]"})
    void badArchitecturesAreOneLineWithExitCode2(String args, String expected) {
        String[] a = ("train --epochs 1 --train-size 100 --test-size 50 --quiet " + args).split(" ");
        Object[] r = CliTest.run(a);
        assertEquals(2, r[0], (String) r[1]);
        String err = ((String) r[1]).strip();
        assertTrue(err.startsWith("radlab: error:") && err.contains(expected) && err.lines().count() == 1, err);
    }

    /**
     * End to end on a CNN: 12 networks trained, attacked and certified (minutes on 2 cores), so it runs with -Pslow. The
     * default suite checks the same property in parts: {@link #reproduceArchReachesEveryPointOfTheGrid} (the --arch
     * plumbing), CliTest's smoke reproduction (the pipeline) and the CNN training, attack and certification tests here.
     */
    @Test
    @Tag("slow")
    void reproduceRunsOnACnn(@TempDir Path out) throws Exception {
        Object[] r = CliTest.run("reproduce", "--profile", "smoke", "--arch", "cnn:c2k5-p4-d8", "--figure", "accuracy-vs-lambda",
                "--out", out.toString(), "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(Files.readString(out.resolve("accuracy-vs-lambda/README.md")).contains("--arch cnn:c2k5-p4-d8"));
    }

    @Test
    void reproduceArchReachesEveryPointOfTheGrid() {
        ReproductionProfile cnn = ReproductionProfile.smoke().withArch("CNN:c2k5-p4-d8 ");
        assertEquals(ReproductionProfile.smoke().grid().points().size(), cnn.grid().points().size());
        for (ExperimentSpec s : cnn.grid().points()) assertEquals("cnn:c2k5-p4-d8", s.model().arch(), s.toString());
        assertFalse(cnn.defaultArch(), "the figures' provenance names the architecture");
        assertTrue(ReproductionProfile.smoke().defaultArch());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReproductionProfile.smoke().withArch("cnn:c2k99"));
        assertTrue(e.getMessage().startsWith("--arch: "), e.getMessage());
    }

    /** Fashion-MNIST with a CNN, when Debian's dataset-fashion-mnist is installed (else skipped with the reason). */
    @Test
    void fashionMnistTrainsWithACnn(@TempDir Path out) throws Exception {
        Path dir = Path.of(System.getProperty("radlab.fashionMnist", "/usr/share/datasets/fashion-mnist"));
        if (!Files.isDirectory(dir)) {
            System.out.println("CnnCliTest: skipping Fashion-MNIST: " + dir + " does not exist (Debian package dataset-fashion-mnist)");
        }
        Assumptions.assumeTrue(Files.isDirectory(dir), dir + " does not exist (Debian package dataset-fashion-mnist)");
        Object[] r = CliTest.run("train", "--dataset", "fashion-mnist", "--data", dir.toString(), "--arch", "cnn:c8k5-p2-d32",
                "--epochs", "1", "--train-size", "3000", "--test-size", "1000", "--no-robust-eval", "--out", out.toString(), "--run", "fm", "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        String json = Files.readString(out.resolve("fm/results.json"));
        assertTrue(json.contains("fashion") && json.contains("cnn:c8k5-p2-d32"), json);
    }
}
