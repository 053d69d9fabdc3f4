package radlab.attack;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.Model;

/** An adversary: returns x' with ‖x' − x‖ ≤ ε (its threat model) and x' ∈ [0,1]^d that tries to raise the loss. */
public interface Attack {
    INDArray perturb(Model model, INDArray x, int[] labels);

    ThreatModel threat();

    String describe();

    Map<String, Object> settings();
}
