package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static radlab.cli.ReliabilityCliTest.assertUsageError;
import static radlab.cli.ReliabilityCliTest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import radlab.report.Json;

/** {@code radlab train --objective trades|input-gradient|spectral} and adversarial training's step size: tiny runs, their cost, bad values. */
class ObjectiveCliTest {
    static String[] train(Path out, String run, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--hidden", "8", "--epochs", "1", "--train-size", "200", "--test-size", "100",
                "--no-robust-eval", "--out", out.toString(), "--run", run, "--quiet"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "trades|--objective trades --beta 6 --trades-steps 3 --norm linf --epsilon 0.1|trades|5.0",
            "igr|--objective input-gradient --lambda 0.1|input-gradient|2.0",
            "spectral|--objective spectral --lambda 0.01 --spectral-bound 2|spectral|1.0",
            "adv|--adversarial-training --steps 2 --adv-step-size 0.05 --norm linf --epsilon 0.1|adversarial|4.0",
            "jac|--jacobian-reg l2 --lambda 0.01|l2-jacobian|11.0",
            "plain||plain|1.0"})
    void tinyRunRecordsTheObjectiveAndItsCost(String run, String options, String kind, double passes, @TempDir Path out) throws Exception {
        var r = cli(train(out, run, options == null ? new String[0] : options.split(" ")));
        assertEquals(0, r.code(), r.err());
        JsonNode results = Json.MAPPER.readTree(out.resolve(run).resolve("results.json").toFile());
        assertEquals(kind, results.path("spec").path("experiment").path("objective").path("kind").asText(), results.toString());
        JsonNode cost = results.path("cost");
        assertEquals(passes, cost.path("passesPerExample").asDouble(), 0.0, cost.toString());
        assertEquals(passes, cost.path("totalPassesPerExample").asDouble(), 0.0, "one epoch");
        assertTrue(cost.path("wallSeconds").asDouble() > 0, cost.toString());
        assertTrue(r.out().contains(" passes per example"), r.out());
        if (kind.equals("adversarial")) {
            assertEquals(0.05, results.path("spec").path("experiment").path("objective").path("stepSize").asDouble(), 0.0);
        }
    }

    @Test
    void badValuesAreOneLineErrorsWithExitCode2(@TempDir Path out) {
        assertUsageError(cli(train(out, "a", "--objective", "trades", "--beta", "-1")), "--beta must be a finite number ≥ 0, got -1.0");
        assertUsageError(cli(train(out, "b", "--objective", "trades", "--trades-steps", "0")), "--trades-steps must be ≥ 1, got 0");
        assertUsageError(cli(train(out, "c", "--objective", "trades", "--trades-step-size", "0")), "--trades-step-size must be positive and finite");
        assertUsageError(cli(train(out, "d", "--objective", "spectral", "--spectral-bound", "0")), "--spectral-bound must be positive and finite, got 0.0");
        assertUsageError(cli(train(out, "e", "--objective", "spectral", "--spectral-bound", "-1")), "--spectral-bound must be positive and finite");
        assertUsageError(cli(train(out, "f", "--adversarial-training", "--steps", "0")), "--steps: (A)PGD steps must be ≥ 1, got 0");
        assertUsageError(cli(train(out, "g", "--adversarial-training", "--adv-step-size", "-0.1")), "--adv-step-size must be positive and finite");
        assertUsageError(cli(train(out, "h", "--objective", "input-gradient", "--lambda", "-1")), "--lambda must be a finite number ≥ 0");
        assertUsageError(cli(train(out, "i", "--objective", "tradez")), "--objective: unknown objective 'tradez'");
        assertUsageError(cli(train(out, "j", "--objective", "trades", "--jacobian-reg", "l2")), "drop --jacobian-reg");
        // options of another objective would be recorded without effect
        assertUsageError(cli(train(out, "k", "--beta", "3")), "--beta applies only with --objective trades");
        assertUsageError(cli(train(out, "l", "--objective", "input-gradient", "--spectral-bound", "1")), "--spectral-bound applies only with --objective spectral");
        assertUsageError(cli(train(out, "m", "--objective", "trades", "--lambda", "1")), "--lambda applies only with");
        assertUsageError(cli(train(out, "n", "--adv-step-size", "0.1")), "--adv-step-size applies only with --adversarial-training");
    }
}
