package radlab.jacobian;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.Dataset;
import radlab.nn.ForwardPass;
import radlab.nn.Gradients;
import radlab.nn.Model;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.nn.layer.Layer;
import radlab.train.Objective;

/**
 * Input-gradient regularization (Ross &amp; Doshi-Velez 2018, "Improving the adversarial robustness and
 * interpretability of deep neural networks by regularizing their input gradients", AAAI; "double backpropagation",
 * Drucker &amp; Le Cun 1992): the objective
 * <pre>
 *   (1/n) Σ_b [ ℓ_CE(f(x_b), y_b) + λ·‖∇ₓ ℓ_CE(f(x_b), y_b)‖₂² ]
 * </pre>
 * — the gradient of the per-example cross-entropy w.r.t. its input, not the full Jacobian. ∇ₓℓ_b = J(x_b)ᵀ(p_b − y_b)
 * with p_b = softmax f(x_b), one vector–Jacobian product per sample with the seed s_b = p_b − y_b ({@link VjpTrace},
 * R = 1). Ross &amp; Doshi-Velez penalise the batch sum of the same squared norm (their ∂/∂x of Σ_k −y_k log p_k is this
 * gradient); radlab uses the batch mean, so that λ means the same whatever the batch size.
 *
 * <p>Exact gradient by double backprop, as {@link JacobianRegularizedObjective} does for ‖J‖_F², with one addition:
 * the seed depends on the weights through p, so the adjoint of the seed, s̄ = ∂R/∂s (the reverse recursion carried up
 * to the logits), enters the ordinary backward pass as the logit gradient (diag(p) − ppᵀ)·s̄.
 */
public final class InputGradientObjective implements Objective {
    private final double lambda;

    public InputGradientObjective(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("λ must be a finite number ≥ 0, got " + lambda);
        this.lambda = lambda;
    }

    @Override
    public Value evaluate(Model model, INDArray x, int[] labels) {
        ForwardPass fp = model.forward(x);
        INDArray oneHot = Dataset.oneHot(labels, model.outputDim(), model.dataType());
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluate(fp.logits(), oneHot);
        INDArray dLogits = ce.gradMean().dup();
        if (lambda == 0) return new Value(ce.mean(), model.backward(fp, dLogits, null, false));
        int n = fp.batchSize(), nl = model.layers().size();
        INDArray p = SoftmaxCrossEntropy.softmax(fp.logits());
        INDArray seeds = p.sub(oneHot); // ∂ℓ_b/∂logits, one seed row per sample
        VjpTrace t = VjpTrace.run(fp, seeds, 1);
        INDArray q = t.inputGradient(); // ∇ₓℓ_b, n × d
        double reg = q.mul(q).sumNumber().doubleValue() / n;
        INDArray ubar = q.mul(2.0 * lambda / n); // ∂(λ·mean‖q‖²)/∂q
        List<Layer> layers = model.layers();
        List<List<INDArray>> dParams = new ArrayList<>(Collections.nCopies(nl, List.of()));
        INDArray[] extra = new INDArray[nl + 1];
        for (int j = 0; j < nl; j++) {
            Layer l = layers.get(j);
            dParams.set(j, l.vjpParameterGradients(ubar, t.g[j + 1]));
            extra[j] = l.vjpSecondOrder(ubar, t.g[j + 1], fp.value(j), 1);
            ubar = l.vjpAdjoint(ubar, fp.local(j), 1); // after the last layer: s̄, the adjoint of the seed
        }
        // s = softmax(z) − y: z̄ = (diag(p) − ppᵀ)·s̄ = p ⊙ (s̄ − ⟨p, s̄⟩) row by row
        INDArray ps = p.mul(ubar).sum(true, 1);
        dLogits.addi(p.mul(radlab.util.Broadcasts.subiColumn(ubar.dup(), ps)));
        Gradients g = model.backward(fp, dLogits, extra, false);
        List<INDArray> params = g.parameters();
        int offset = 0;
        for (List<INDArray> d : dParams) {
            for (INDArray a : d) params.get(offset++).addi(a);
        }
        return new Value(ce.mean() + lambda * reg, g);
    }

    /**
     * Forward+backward passes per example (docs/theory.md §2.5): forward, the seed's backward recursion, its reverse
     * (a forward-like sweep) and the ordinary backward — four sweeps, 2 passes.
     */
    @Override
    public double passesPerExample(Model model) {
        return lambda == 0 ? 1 : 2;
    }

    @Override
    public String describe() {
        return String.format("cross-entropy + %s·‖∇ₓℓ‖²", lambda);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", "input-gradient");
        m.put("lambda", lambda);
        return m;
    }
}
