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

    /** Short name for reports, e.g. "cross-entropy" or "cross-entropy + 0.01·‖J‖_F²". */
    String describe();

    /** The objective's hyper-parameters, recorded in provenance. */
    Map<String, Object> settings();
}
