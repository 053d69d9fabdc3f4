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
            "--surrogate catoni|unknown --surrogate 'catoni'"})
    void badSettingsAreOneLineWithExitCode2(String option, String message) {
        String[] opt = option.split(" ");
        Object[] r = CliTest.run("pac-bayes", "--model", dir.resolve("missing").toString(), opt[0], opt[1], "--out", dir.toString(), "-q");
        assertEquals(2, r[0], String.valueOf(r[1]));
        String err = String.valueOf(r[1]);
        assertTrue(err.startsWith("radlab: error: ") && err.contains(message) && err.strip().lines().count() == 1, err);
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
