package radlab.attack;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.Model;

/**
 * Fast gradient (sign) method, Goodfellow et al. 2015: one step of size ε along the steepest-ascent direction of the
 * loss in the threat model's norm (sign of the gradient for ℓ∞, normalised gradient for ℓ2), clipped to [0,1].
 */
public final class Fgsm implements Attack {
    private final ThreatModel threat;

    public Fgsm(ThreatModel threat) {
        this.threat = threat;
    }

    @Override
    public INDArray perturb(Model model, INDArray x, int[] labels) {
        INDArray x0 = model.prepareInput(x);
        if (threat.epsilon() == 0) return x0.dup();
        INDArray g = LossGradient.of(model, x0, labels).inputGradient();
        INDArray step = Perturbations.ascentDirection(g, threat.norm()).muli(threat.epsilon());
        return Perturbations.projectedPoint(x0, x0.add(step), threat);
    }

    @Override
    public ThreatModel threat() {
        return threat;
    }

    @Override
    public String describe() {
        return "FGSM " + threat;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attack", "fgsm");
        m.put("norm", threat.norm().toString());
        m.put("epsilon", threat.epsilon());
        return m;
    }
}
