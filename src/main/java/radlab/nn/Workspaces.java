package radlab.nn;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J workspaces for loops that repeat the same step (attack iterations, training batches): every array created
 * while a step's workspace is open comes from one block of native memory that is reused by the next step, instead of
 * a fresh allocation that the kernel must zero and that is freed only when the garbage collector finds its Java object
 * (issue #14: a quarter of PGD's time went to zeroing fresh pages). The block's size is learned in the first step.
 *
 * <p>Rules for code inside a step: arrays created there are invalid after the step's {@code close()}; results that
 * must survive are written into arrays created outside (e.g. {@code assign}) or obtained after the step; arrays that
 * are cached across steps (optimizer state) must be created under {@link #outside()}.
 */
public final class Workspaces {
    private static final WorkspaceConfiguration STEP = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.STRICT)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private Workspaces() {}

    /** Opens (activates) this thread's workspace {@code id} for one step; close it at the end of the step. */
    public static MemoryWorkspace step(String id) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP, id);
    }

    /** Suspends any open workspace: arrays created until close() are ordinary (long-lived) arrays. */
    public static MemoryWorkspace outside() {
        return Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
    }
}
