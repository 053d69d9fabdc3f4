package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacBayesCommandTest {
    @TempDir Path dir;

    /** Bad settings are rejected in one line before the model or the data are read (the model path does not exist). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--draws 0|--draws must be positive",
            "--delta 1.5|--delta must lie in (0, 1)",
            "--delta-mc 0|--delta-mc must lie in (0, 1)",
            "--steps -1|--steps must be ≥ 0",
            "--surrogate catoni|unknown --surrogate 'catoni'",
            "--robust-norm l3|unknown attack norm 'l3'",
            "--robust-steps 5|need --robust-norm",
            "--robust-epsilon 0.1|need --robust-norm"})
    void badSettingsAreOneLineWithExitCode2(String option, String message) {
        String[] opt = option.split(" ");
        Object[] r = CliTest.run("pac-bayes", "--model", dir.resolve("missing").toString(), opt[0], opt[1], "--out", dir.toString(), "-q");
        assertEquals(2, r[0], String.valueOf(r[1]));
        String err = String.valueOf(r[1]);
        assertTrue(err.startsWith("radlab: error: ") && err.contains(message) && err.strip().lines().count() == 1, err);
    }

    /** Bad robust settings, given with --robust-norm, are rejected before any work too. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"--robust-steps 0|--robust-steps must be positive", "--robust-draws 0|--robust-draws must be positive",
            "--robust-epsilon -1|--robust-epsilon must be a positive number"})
    void badRobustSettingsAreOneLine(String option, String message) {
        String[] opt = option.split(" ");
        Object[] r = CliTest.run("pac-bayes", "--model", dir.resolve("missing").toString(), "--robust-norm", "linf", opt[0], opt[1], "--out", dir.toString(), "-q");
        assertEquals(2, r[0], String.valueOf(r[1]));
        String err = String.valueOf(r[1]);
        assertTrue(err.startsWith("radlab: error: ") && err.contains(message) && err.strip().lines().count() == 1, err);
    }

    /** The robust bound lands in the report with what it certifies, and bounds at least the clean error it is built from. */
    @org.junit.jupiter.api.Test
    void robustBoundIsReportedWithWhatItCertifies() throws Exception {
        Object[] t = CliTest.run("train", "--train-size", "200", "--test-size", "100", "--epochs", "1", "--hidden", "16", "--out", dir.toString(),
                "--run", "m", "--no-robust-eval", "-q"); // the model's own attack evaluation is not what this test is about
        assertEquals(0, t[0], String.valueOf(t[1]));
        Object[] r = CliTest.run("pac-bayes", "--model", dir.resolve("m/model").toString(), "--draws", "20", "--selection-draws", "1", "--steps", "0", "--robust-norm", "linf",
                "--robust-draws", "5", "--robust-steps", "2", "--out", dir.toString(), "--run", "pb", "-q");
        assertEquals(0, r[0], String.valueOf(r[1]));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("pb/pac-bayes.json").toFile());
        com.fasterxml.jackson.databind.JsonNode robust = json.path("robust");
        assertTrue(robust.path("certifies").asText().contains("NOT a certified robust error"), robust.toString());
        double bound = robust.path("result").path("klInverse").asDouble(), attacked = robust.path("result").path("robustEmpiricalError").asDouble();
        assertTrue(bound >= attacked && bound <= 1 && attacked >= robust.path("result").path("cleanEmpiricalError").asDouble(), robust.toString());
        assertEquals("linf", json.path("config").path("robust").path("norm").asText());
        assertEquals(5, json.path("config").path("robust").path("draws").asInt());
    }

    /** The command's defaults are PacBayesConfig.defaults(): both read spec.Defaults.PacBayes, no literal of their own. */
    @org.junit.jupiter.api.Test
    void commandDefaultsAreTheConfigDefaults() {
        PacBayesCommand c = new PacBayesCommand();
        new picocli.CommandLine(c).parseArgs("--model", dir.toString());
        radlab.pacbayes.PacBayesConfig d = radlab.pacbayes.PacBayesConfig.defaults();
        assertEquals(d, new radlab.pacbayes.PacBayesConfig(d.grid(), c.delta, c.deltaMc, c.draws, c.selectionDraws, c.steps, c.batchSize, c.lr,
                c.varianceLr, c.seed, c.surrogate()));
        assertEquals(radlab.spec.Defaults.SEED, c.seed);
    }
}
