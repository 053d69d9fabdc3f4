package radlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep --estimate}, the cost model's scheduling arithmetic, and the progress line's ETA. */
class SweepEstimateTest {
    @Test
    void estimatePrintsFiveLinesWithPositiveNumbersAndWritesNothing(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("g.json");
        Files.writeString(grid, ShardedSweepTest.SIX);
        Path out = dir.resolve("out");
        String[] r = SweepCommandTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "--estimate", "--workers", "2");
        assertEquals("0", r[0], r[1]);
        List<String> lines = r[2].lines().toList();
        assertEquals(5, lines.size(), r[2]);
        assertEquals("grid six: 6 points to run (0 of 6 already done)", lines.get(0));
        assertTrue(lines.get(1).startsWith("calibration: 2 point kind(s), each run twice (1 epoch on ≤ 100 and ≤ 500 training images"), lines.get(1));
        Matcher core = Pattern.compile("core-hours: ([0-9.eE+-]+) \\(one core per point; longest point (\\d+) s\\)").matcher(lines.get(2));
        assertTrue(core.matches(), lines.get(2));
        assertTrue(Double.parseDouble(core.group(1)) > 0, lines.get(2));
        Matcher wall = Pattern.compile("wall time: (\\d+) s on local \\(2 workers × 1 ND4J thread, \\d+ cores\\)").matcher(lines.get(3));
        assertTrue(wall.matches(), lines.get(3));
        assertTrue(lines.get(4).contains("estimate from a short calibration on this machine"), lines.get(4));
        assertTrue(r[1].contains("calibration 1/2: mlp:8 plain") && r[1].contains("calibration 2/2: mlp:8 l2-jacobian"), r[1]);
        assertTrue(Files.notExists(out), "no directory created, no model trained or written");
        // --shard estimates that slice only.
        String[] s = SweepCommandTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "--estimate", "--shard", "1/4", "-q");
        assertEquals("0", s[0], s[1]);
        assertTrue(s[2].startsWith("grid six shard 1/4: 2 points to run (0 of 2 already done)"), s[2]);
        assertEquals("", s[1], "--quiet: no calibration lines");
        assertTrue(Files.notExists(out));
    }

    @Test
    void reproduceEstimatesTheProfilesGridWithoutWritingAnything(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("reports");
        String[] r = SweepCommandTest.run("reproduce", "--profile", "smoke", "--figure", "robustness-vs-cost", "--out", out.toString(), "--estimate", "-q");
        assertEquals("0", r[0], r[1]);
        List<String> lines = r[2].lines().toList();
        assertEquals(5, lines.size(), r[2]);
        int points = radlab.experiment.ReproductionProfile.named("smoke").grid().points().size();
        assertEquals("grid reproduce-smoke: " + points + " points to run (0 of " + points + " already done)", lines.get(0));
        assertTrue(lines.get(2).startsWith("core-hours: ") && !lines.get(2).startsWith("core-hours: 0 "), lines.get(2));
        assertTrue(Files.notExists(out), "nothing written");
    }

    @Test
    void wallTimeIsTheListScheduleOfThePointsInOrder() {
        // Two slots: 3 | 3, then 2 → slot 1 (3+2=5), 2 → slot 2 (5), 2 → slot 1 (7). One slot: the sum.
        assertEquals(7.0, CostEstimate.wallSeconds(List.of(3.0, 3.0, 2.0, 2.0, 2.0), 2));
        assertEquals(12.0, CostEstimate.wallSeconds(List.of(3.0, 3.0, 2.0, 2.0, 2.0), 1));
        assertEquals(3.0, CostEstimate.wallSeconds(List.of(3.0, 1.0), 8), "more slots than points: the longest point");
        assertEquals(0.0, CostEstimate.wallSeconds(List.of(), 2));
    }

    @Test
    void aPointIsTrainingPerImageEpochPlusTheMeasuringLineThroughTwoTimings() {
        // Measuring 2 s on 10 images and 6 s on 50: 0.1 s per image plus 1 s fixed.
        CostEstimate.Calibration c = CostEstimate.Calibration.fit(0.001, 10, 2.0, 50, 6.0, 0, 0, 0, 0, false);
        assertEquals(0.1, c.measureSecondsPerImage(), 1e-12);
        assertEquals(1.0, c.measureFixedSeconds(), 1e-12);
        // A point with 1000 training images × 2 epochs and 100 evaluated images: 0.001·2000 + 1 + 0.1·100 = 13 s.
        var p = Grid.parse(ShardedSweepTest.SIX.replace("\"trainSize\": 120", "\"trainSize\": 1000").replace("\"testSize\": 40", "\"testSize\": 200").replace("\"epochs\": 1", "\"epochs\": 2")
                .replace("\"evalSize\": 20", "\"evalSize\": 100")).points().get(0);
        assertEquals(13.0, c.seconds(withEvaluation(p, new radlab.spec.EvaluationSpec(1, 0.1, 1, 100, 1, 0, 0))), 1e-9);
        // Certificates scale with the certified images, not the evaluated ones: 1.5 s on 5 images and 3.5 s on 15 are
        // 0.5 s fixed (the Lipschitz certificate's norms) plus 0.2 s per image, so 30 of the 100 add 0.5 + 6 s; none add 0.
        CostEstimate.Calibration certifying = CostEstimate.Calibration.fit(0.001, 10, 2.0, 50, 6.0, 5, 1.5, 15, 3.5, false);
        assertEquals(0.5, certifying.certifyFixedSeconds(), 1e-12);
        assertEquals(0.2, certifying.certifySecondsPerImage(), 1e-12);
        assertEquals(19.5, certifying.seconds(withEvaluation(p, new radlab.spec.EvaluationSpec(1, 0.1, 1, 100, 1, 0, 30))), 1e-9);
        assertEquals(13.0, certifying.seconds(withEvaluation(p, new radlab.spec.EvaluationSpec(1, 0.1, 1, 100, 1, 0, 0))), 1e-9);
        // Noise can make the larger run faster: no negative slope, the larger run's time becomes the fixed cost.
        CostEstimate.Calibration noisy = CostEstimate.Calibration.fit(0.001, 10, 3.0, 50, 2.5, 0, 0, 0, 0, false);
        assertEquals(0.0, noisy.measureSecondsPerImage());
        assertEquals(2.5, noisy.measureFixedSeconds());
        assertEquals(0.0, CostEstimate.Calibration.fit(0.001, 10, 2.0, 50, 6.0, 0, 0, 0, 0, true).measureFixedSeconds(), "diverged: no measuring time");
    }

    private static radlab.spec.ExperimentSpec withEvaluation(radlab.spec.ExperimentSpec p, radlab.spec.EvaluationSpec e) {
        return new radlab.spec.ExperimentSpec(p.data(), p.model(), p.objective(), p.optimizer(), e, p.seed());
    }

    @Test
    void pointsOfOneKindDifferOnlyInSizesSeedAndStrength() {
        Grid g = Grid.parse(ShardedSweepTest.SIX);
        var plain1 = g.points().get(0);
        var plain2 = g.points().get(1);
        var jac = g.points().get(3);
        assertEquals("plain", plain1.objective().kind());
        assertEquals("l2-jacobian", jac.objective().kind());
        assertEquals(CostEstimate.kind(plain1), CostEstimate.kind(plain2), "seed does not change the cost");
        assertNotEquals(CostEstimate.kind(plain1), CostEstimate.kind(jac));
        Grid bigger = Grid.parse(ShardedSweepTest.SIX.replace("\"trainSize\": 120", "\"trainSize\": 1000").replace("\"lambda\": 0.01", "\"lambda\": 0.5"));
        assertEquals(CostEstimate.kind(jac), CostEstimate.kind(bigger.points().get(3)), "sizes and λ do not change the kind");
        var reduced = CostEstimate.reduced(bigger.points().get(0), CostEstimate.TRAIN, CostEstimate.TEST, CostEstimate.EVAL);
        assertEquals(500, reduced.data().trainSize());
        assertEquals(1, reduced.optimizer().epochs());
        assertEquals(20, reduced.evaluation().evalSize(), "never more than the point's own");
    }

    @Test
    void durationsAndEta() {
        assertEquals("0 s", Durations.format(0.2));
        assertEquals("59 s", Durations.format(59.4));
        assertEquals("1 min 0 s", Durations.format(60));
        assertEquals("2 h 0 min", Durations.format(7200));
        assertEquals("1 d 1 h", Durations.format(90000));
        // 2 of 6 points in 10 s: 4 left at 5 s each.
        assertEquals("ETA 20 s", Sweep.eta(10, 2, 6));
        assertEquals("ETA 0 s", Sweep.eta(10, 6, 6));
    }
}
