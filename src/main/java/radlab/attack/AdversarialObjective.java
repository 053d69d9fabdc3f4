package radlab.attack;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.train.CrossEntropyObjective;
import radlab.nn.Model;
import radlab.train.Objective;

/**
 * Adversarial training (Madry et al. 2018): each minibatch is replaced by the attack's output on the current model
 * and the cross-entropy is minimised there — the baseline Jacobian regularization is a cheaper surrogate for.
 */
public final class AdversarialObjective implements Objective {
    private final Attack attack;
    private final CrossEntropyObjective ce = new CrossEntropyObjective();

    public AdversarialObjective(Attack attack) {
        this.attack = attack;
    }

    @Override
    public Value evaluate(Model model, INDArray x, int[] labels) {
        return ce.evaluate(model, attack.perturb(model, x, labels), labels);
    }

    /**
     * PGD-k: k + 2 (docs/theory.md §2.5): k attack steps of a forward and an input-gradient backward, two forward-only
     * loss evaluations of the best-iterate bookkeeping (clean and last iterate, ½ each), and the training step (1).
     * FGSM: 2 (one gradient step and the training step). Other attacks: not counted (NaN).
     */
    @Override
    public double passesPerExample(Model model) {
        if (attack instanceof Pgd p) return p.steps() + 2;
        return attack instanceof Fgsm ? 2 : Double.NaN;
    }

    @Override
    public String describe() {
        return "adversarial training (" + attack.describe() + ")";
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", "adversarial-training");
        m.putAll(attack.settings());
        return m;
    }
}
