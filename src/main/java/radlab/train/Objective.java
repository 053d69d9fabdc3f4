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

    /** Short name for reports, e.g. "cross-entropy" or "cross-entropy + 0.01·‖J‖_F²". */
    String describe();

    /** The objective's hyper-parameters, recorded in provenance. */
    Map<String, Object> settings();
}
