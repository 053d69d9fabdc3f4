package radlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.experiment.sweep.engine.LocalEngine;
import radlab.nn.ModelIO;
import radlab.report.CsvTable;
import radlab.spec.ExperimentSpec;
import radlab.spec.SpecException;
import radlab.verify.CompleteVerifier;
import radlab.verify.VerificationSummary;

/**
 * {@code evaluation.verifyBudget}: complete verification of the certificates' samples in a sweep row, its counts against
 * the bracket of the same row and against the exact MILP on the kept model; off by default, leaving rows unchanged.
 */
class VerificationRowsTest {
    static final int SAMPLES = 20;
    /** A 784-8-10 ReLU net, 10 epochs on 300 digits, ε∞ = 0.02: both certified samples and counterexamples (checked below). */
    static final String GRID = "{\"name\": \"verify\", \"base\": {\"data\": {\"trainSize\": 300, \"testSize\": 100}, \"model\": {\"arch\": \"mlp:8\"},"
            + " \"optimizer\": {\"epochs\": 10, \"batchSize\": 50}, \"evaluation\": {\"attackSteps\": 5, \"evalSize\": " + SAMPLES + ","
            + " \"epsilonLinf\": 0.02, \"certifySize\": " + SAMPLES + ", \"verifyBudget\": 60}}, \"axes\": {\"seed\": [1]}}";

    @Test
    void rowsCarryTheThreeOutcomesWithinTheBracketAndTheMilpsExactAccuracy(@TempDir Path dir) throws Exception {
        Grid g = Grid.parse(GRID);
        Sweep.Summary s = Sweep.run(g, new LocalEngine(1), new Sweep.Options(dir, true, 0, "test-code"), m -> { });
        ResultRow r = s.rows().get(0);
        assertEquals("ok", r.string(PointRunner.STATUS));
        assertEquals(60.0, r.number("spec.verify_budget"));
        long certified = (long) r.number("verify.linf.certified"), refuted = (long) r.number("verify.linf.counterexamples"),
                undecided = (long) r.number("verify.linf.undecided");
        assertEquals(SAMPLES, (long) r.number("verify.linf.samples"));
        assertEquals(SAMPLES, certified + refuted + undecided, r.toString());
        assertEquals("", r.string("verify.linf.not_applicable"));
        assertEquals(certified / (double) SAMPLES, r.number("verify.linf.certified_accuracy"), 0.0);
        // the bracket of the same samples, as counts: CROWN-certified ≤ verified ≤ attacked robust
        long crown = Math.round(r.number("certify.linf.crown") * SAMPLES), attacked = Math.round(r.number("certify.linf.attacked_accuracy") * SAMPLES);
        assertTrue(crown <= certified && certified <= attacked, "CROWN " + crown + " ≤ verified " + certified + " ≤ attacked " + attacked);
        assertTrue(certified > 0 && refuted > 0, "the row must have both outcomes for the checks to bite: " + certified + ", " + refuted);

        // a tiny network is decided within the budget: the exact robust accuracy is the MILP's on the kept model
        assertEquals(0, undecided);
        ExperimentSpec spec = g.points().get(0);
        var model = ModelIO.load(Path.of(Sweep.plan(g, new Sweep.Options(dir, true, 0, "test-code")).get(0).task().modelDir())).model();
        Dataset eval = PointRunner.testEval(spec, SweepData.load(spec.data()).split());
        Dataset first = eval.rows(java.util.stream.IntStream.range(0, SAMPLES).toArray(), "first");
        VerificationSummary milp = CompleteVerifier.verifyMilp(model, first, new ThreatModel(AttackNorm.LINF, 0.02), Duration.ofSeconds(120));
        assertEquals(0, milp.undecided(), milp.toString());
        assertEquals(milp.certified(), certified, milp.toString());
        assertEquals(milp.certified() / (double) SAMPLES, r.number("verify.linf.exact_accuracy"), 0.0);

        // ℓ2: decided too, within the row's own ℓ2 bracket
        assertEquals("", r.string("verify.l2.not_applicable"));
        long certifiedL2 = (long) r.number("verify.l2.certified");
        assertEquals(SAMPLES, certifiedL2 + (long) r.number("verify.l2.counterexamples") + (long) r.number("verify.l2.undecided"));
        long attackedL2 = Math.round(r.number("certify.l2.attacked_accuracy") * SAMPLES);
        assertTrue(certifiedL2 <= attackedL2, "ℓ2 verified " + certifiedL2 + " ≤ attacked " + attackedL2);

        List<String> header = CsvTable.read(dir.resolve("results.csv")).get(0);
        for (String c : List.of("verify.linf.certified", "verify.linf.counterexamples", "verify.linf.undecided", "verify.linf.exact_accuracy",
                "verify.l2.not_applicable", "time.verify_linf_seconds")) {
            assertTrue(header.contains(c), c + " in " + header);
        }
    }

    /** Unset, no verify or spec.verify_budget column appears (the rows of earlier sweeps are unchanged); bad values name the key. */
    @Test
    void offByDefaultAndBadValuesNameTheKey() {
        ExperimentSpec plain = Grid.parse(TinyGrids.THREE).points().get(0);
        assertFalse(plain.evaluation().verifies());
        ResultRow.Builder b = new ResultRow.Builder();
        SpecColumns.put(b, plain);
        assertTrue(b.build().cells().keySet().stream().noneMatch(k -> k.contains("verify")), b.build().cells().keySet().toString());
        assertFalse(radlab.spec.SpecJson.canonical(plain).contains("verifyBudget"));
        for (String[] bad : new String[][] {{"\"verifyBudget\": 60", "\"verifyBudget\": -1"}, {"\"verifyBudget\": 60", "\"verifyBudget\": \"x\""},
                {", \"certifySize\": " + SAMPLES, ""}}) {
            SpecException e = assertThrows(SpecException.class, () -> Grid.parse(GRID.replace(bad[0], bad[1])), bad[1]);
            assertTrue(e.getMessage().contains("evaluation.verifyBudget: ") && !e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
