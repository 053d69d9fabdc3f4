package radlab.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.Gradients;
import radlab.nn.Model;

/**
 * A training objective on a minibatch: its value and its gradients w.r.t. the model parameters. Plain cross-entropy,
 * Jacobian-regularized and adversarial objectives all implement this, so the trainer is the same for all.
 */
public interface Objective {
    /** Value of the batch objective and its parameter gradients. */
    record Value(double loss, Gradients gradients) {}

    /**
     * @param x      batch inputs (n × d)
     * @param labels batch labels
     */
    Value evaluate(Model model, INDArray x, int[] labels);

    /**
     * The objective at training step {@code step} (0, 1, 2, … over all epochs' minibatches): objectives that draw
     * random numbers (projection directions) derive them from their seed and this step, so a call depends on its
     * arguments only. The default ignores the step.
     */
    default Value evaluate(Model model, INDArray x, int[] labels, long step) {
        return evaluate(model, x, labels);
    }

    /**
     * Forward+backward passes through the network per example of a training step, the machine-independent cost of
     * docs/theory.md §2.5: a forward and a backward sweep of one row per example make one pass, a forward-only or
     * backward-only sweep half of one, and a backward sweep of R seed rows per example R halves. Parameter-only
     * work (a power iteration on the weights) is not per example and is not counted. Plain cross-entropy: 1.
     */
    default double passesPerExample(Model model) {
        return 1;
    }

    /**
     * Called by the trainer after each optimizer step, for objectives with a hard constraint on the parameters (a
     * projection); the default does nothing.
     */
    default void afterStep(Model model) {}

    /** Short name for reports, e.g. "cross-entropy" or "cross-entropy + 0.01·‖J‖_F²". */
    String describe();

    /** The objective's hyper-parameters, recorded in provenance. */
    Map<String, Object> settings();
}
