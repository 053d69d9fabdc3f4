package radlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import radlab.experiment.sweep.Sweep;
import radlab.spec.ExperimentSpec;

/** A profile with a verification budget: every point verifies, the points are new, and the command and directory say so. */
class ReproductionProfileTest {
    @Test
    void verifyBudgetReachesEveryPointItsDirectoryAndItsCommand() {
        ReproductionProfile plain = ReproductionProfile.smoke(), verified = plain.withVerifyBudget(2.5);
        for (ExperimentSpec s : verified.grid().points()) assertEquals(2.5, s.evaluation().verifyBudget(), 0.0);
        for (ExperimentSpec s : plain.grid().points()) assertEquals(0.0, s.evaluation().verifyBudget(), 0.0);
        Sweep.Options o = new Sweep.Options(Path.of("unused"), false, 0, "test-version");
        assertNotEquals(Sweep.plan(plain.grid(), o).get(0).task().hash(), Sweep.plan(verified.grid(), o).get(0).task().hash(),
                "a verified point is another point");
        assertEquals(Path.of("out/.sweeps/smoke-verify2.5"), Reproduction.sweepDir(Path.of("out"), verified));
        assertEquals(Path.of("out/.sweeps/smoke"), Reproduction.sweepDir(Path.of("out"), plain));
        assertEquals(" --verify-budget 2.5", verified.commandOptions());
        assertEquals("", plain.commandOptions());
        assertTrue(verified.describe().containsKey("completeVerification"));
        assertEquals(0.0, verified.withVerifyBudget(0).grid().points().get(0).evaluation().verifyBudget(), 0.0);
    }
}
