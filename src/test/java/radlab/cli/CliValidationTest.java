package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static radlab.cli.ReliabilityCliTest.assertUsageError;
import static radlab.cli.ReliabilityCliTest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import radlab.report.ReportMarker;

/** Issue #11's command-line fixes: options are validated before any work, help text is whole. */
class CliValidationTest {
    @Test
    @Timeout(30) // before the fix the whole mlp estimate ran first (minutes with these sizes)
    void sweepWithTheMlpClassIsRejectedBeforeTheEstimate(@TempDir Path out) {
        assertUsageError(cli("rademacher", "--class", "mlp", "--n", "8000", "--draws", "1000", "--sweep-n", "100,200",
                "--out", out.toString(), "--quiet"), "--sweep-n does not apply to --class mlp");
    }

    @Test
    void randomLabelsTakesEpochsAndRejectsMonteCarloOptions(@TempDir Path out) throws Exception {
        for (String option : List.of("--draws", "--restarts", "--steps", "--bound", "--confidence")) {
            String value = option.equals("--confidence") ? "0.9" : "5";
            assertUsageError(cli("rademacher", "--class", "random-labels", "--n", "40", option, value, "--out", out.toString(), "--quiet"),
                    option + " does not apply to --class random-labels");
        }
        var r = cli("rademacher", "--class", "random-labels", "--n", "40", "--hidden", "4", "--epochs", "2", "--out", out.toString(),
                "--run", "rl", "--quiet");
        assertEquals(0, r.code(), r.err());
        var json = radlab.report.Json.MAPPER.readTree(out.resolve("rl/rademacher.json").toFile());
        assertEquals(2, json.path("randomLabelFit").path("epochs").asInt(), json.toString());
        assertUsageError(cli("rademacher", "--class", "linear-l2", "--epochs", "3", "--out", out.toString(), "--quiet"),
                "--epochs does not apply to --class linear-l2");
    }

    @Test
    void lambdaAndProjectionsWithoutAJacobianRegularizerAreRejected(@TempDir Path out) {
        String o = out.toString();
        assertUsageError(cli("train", "--lambda", "0.1", "--out", o, "--quiet"), "--lambda applies only with --jacobian-reg");
        assertUsageError(cli("train", "--jacobian-projections", "1", "--out", o, "--quiet"), "--jacobian-projections applies only with --jacobian-reg");
        assertUsageError(cli("train", "--adversarial-training", "--lambda", "0.1", "--out", o, "--quiet"), "--lambda applies only");
    }

    @Test
    void topLevelHelpGivesEachCommandAWholeSentence() {
        var r = cli("--help");
        assertEquals(0, r.code());
        CommandLine cl = new CommandLine(new RadlabCli());
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) continue;
            String sentence = RadlabCli.firstSentence(e.getValue().getCommandSpec().usageMessage());
            assertTrue(sentence.endsWith("."), e.getKey() + ": " + sentence);
            String listed = r.out().replaceAll("\\s+", " ");
            assertTrue(listed.contains(e.getKey() + " " + sentence.substring(0, 30)) && listed.contains(sentence.substring(sentence.length() - 25)),
                    "the whole first sentence of " + e.getKey() + " in:\n" + r.out());
        }
        assertTrue(cli("reproduce", "--help").out().contains("smoke"), "the smoke profile is documented");
        String reproduceHelp = cli("reproduce", "--help").out().replaceAll("\\s+", " ");
        for (var f : radlab.plot.ReproductionFigures.ALL) assertTrue(reproduceHelp.contains(f.name()), "--figure lists " + f.name() + ": " + reproduceHelp);
    }

    @Test
    @Timeout(300)
    void reproduceOffATerminalPrintsOneLinePerModelAndMarksItsFigures(@TempDir Path out) throws Exception {
        radlab.testing.SmokeSweep.copyWithout(out.resolve(".sweeps/smoke"), 2); // two of the 12 points left to train
        var r = cli("reproduce", "--profile", "smoke", "--figure", "robustness-vs-cost", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("\r"), r.err());
        assertEquals(List.of("[11/12]", "[12/12]"), r.err().lines().filter(l -> l.matches("\\[\\d+/12] .*")).map(l -> l.substring(0, l.indexOf(']') + 1)).toList(), r.err());
        assertEquals(0, r.err().lines().filter(l -> l.startsWith("epoch ")).count(), "per model, not per epoch:\n" + r.err());
        assertTrue(ReportMarker.isReport(out.resolve("robustness-vs-cost")));
        assertEquals(0, cli("reproduce", "--profile", "smoke", "--figure", "robustness-vs-cost", "--out", out.toString(), "--quiet").code(),
                "a re-run replaces its own figure directory");
        assertTrue(Files.isRegularFile(out.resolve("robustness-vs-cost/robustness-vs-cost.png")));
    }
}
