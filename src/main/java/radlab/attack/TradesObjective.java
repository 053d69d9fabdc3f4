package radlab.attack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.data.Dataset;
import radlab.nn.ForwardPass;
import radlab.nn.Gradients;
import radlab.nn.Model;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.train.Objective;
import radlab.util.Broadcasts;

/**
 * TRADES (Zhang et al. 2019, "Theoretically principled trade-off between robustness and accuracy", ICML), as in the
 * authors' reference code (yaodongyu/TRADES, trades.py):
 * <pre>
 *   (1/n) Σ_b [ ℓ_CE(f(x_b), y_b) + β·KL(p(x_b) ‖ p(x′_b)) ],   p = softmax f,  KL(p‖q) = Σ_k p_k (log p_k − log q_k)
 * </pre>
 * with x′ from an inner maximisation of the KL term: x′ = x + 0.001·N(0, I), then K steps
 * x′ ← Π_{ball(x,ε) ∩ [0,1]^d}(x′ + α·dir ∇_{x′} KL(p(x) ‖ p(x′))), dir = sign (ℓ∞, the reference code) or g/‖g‖₂
 * (ℓ2, radlab's PGD step). The outer gradient treats x′ as a constant (no gradient through the inner maximisation)
 * and, as in the reference code, flows through both p(x) and p(x′):
 * ∂KL/∂f(x) = p ⊙ (log p − log q − KL), ∂KL/∂f(x′) = q − p.
 * The Gaussian start of a call is drawn from the seed and the training step, so a call depends on its arguments only.
 */
public final class TradesObjective implements Objective {
    /** Standard deviation of the reference code's Gaussian start. */
    public static final double START_SCALE = 0.001;

    private final ThreatModel threat;
    private final int steps;
    private final double stepSize;
    private final double beta;
    private final long seed;

    public TradesObjective(ThreatModel threat, int steps, double stepSize, double beta, long seed) {
        if (!(threat.epsilon() > 0) || Double.isInfinite(threat.epsilon())) throw new IllegalArgumentException("TRADES ε must be positive and finite, got " + threat.epsilon());
        if (steps < 1) throw new IllegalArgumentException("TRADES steps must be ≥ 1, got " + steps);
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) throw new IllegalArgumentException("TRADES step size must be positive and finite, got " + stepSize);
        if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("TRADES β must be a finite number ≥ 0, got " + beta);
        this.threat = threat;
        this.steps = steps;
        this.stepSize = stepSize;
        this.beta = beta;
        this.seed = seed;
    }

    @Override
    public Value evaluate(Model model, INDArray x, int[] labels) {
        return evaluate(model, x, labels, 0L);
    }

    @Override
    public Value evaluate(Model model, INDArray x, int[] labels, long step) {
        INDArray x0 = model.prepareInput(x);
        ForwardPass clean = model.forward(x0); // one clean forward serves the attack's target p and the outer loss
        return evaluateAt(model, clean, perturb(model, x0, SoftmaxCrossEntropy.softmax(clean.logits()), step), labels);
    }

    /** The inner maximisation: x′ for the batch x at training step {@code step}. */
    INDArray perturb(Model model, INDArray x0, long step) {
        return perturb(model, x0, SoftmaxCrossEntropy.softmax(model.logits(x0)), step);
    }

    private INDArray perturb(Model model, INDArray x0, INDArray p, long step) {
        SplittableRandom rnd = new SplittableRandom(mix(seed ^ mix(step + 0x9E3779B97F4A7C15L)));
        double[] noise = new double[(int) x0.length()];
        for (int i = 0; i < noise.length; i++) noise[i] = START_SCALE * rnd.nextGaussian();
        INDArray cur = x0.add(Nd4j.create(noise, x0.shape(), 'c').castTo(x0.dataType()));
        for (int s = 0; s < steps; s++) {
            ForwardPass fp = model.forward(cur);
            // ∂ Σ_b KL(p_b ‖ q_b)/∂f(x′) = q − p (the batch sum, as the reference code's size_average=False)
            INDArray grad = model.inputGradient(fp, SoftmaxCrossEntropy.softmax(fp.logits()).subi(p));
            INDArray next = Perturbations.ascentDirectionInPlace(grad, threat.norm()).muli(stepSize).addi(cur);
            cur = Perturbations.projectedPointInPlace(x0, next, threat);
        }
        return cur;
    }

    /** The objective and its parameter gradients at a given x′ (held constant). */
    Value evaluateAt(Model model, INDArray x, INDArray xAdv, int[] labels) {
        return evaluateAt(model, model.forward(x), xAdv, labels);
    }

    private Value evaluateAt(Model model, ForwardPass clean, INDArray xAdv, int[] labels) {
        int n = clean.batchSize();
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluate(clean.logits(), Dataset.oneHot(labels, model.outputDim(), model.dataType()));
        ForwardPass adv = model.forward(xAdv);
        INDArray logP = logSoftmax(clean.logits()), logQ = logSoftmax(adv.logits());
        INDArray p = Transforms.exp(logP, true), q = Transforms.exp(logQ, true);
        INDArray logRatio = logP.sub(logQ);
        INDArray kl = p.mul(logRatio).sum(true, 1); // n × 1
        double klMean = kl.sumNumber().doubleValue() / n;
        INDArray dClean = ce.gradMean().add(p.mul(Broadcasts.subiColumn(logRatio, kl)).muli(beta / n));
        INDArray dAdv = q.sub(p).muli(beta / n);
        Gradients gc = model.backward(clean, dClean, null, false), ga = model.backward(adv, dAdv, null, false);
        List<INDArray> params = gc.parameters(), extra = ga.parameters();
        for (int i = 0; i < params.size(); i++) params.get(i).addi(extra.get(i));
        return new Value(ce.mean() + beta * klMean, gc);
    }

    /** Row-wise log-softmax, z − max − log Σ exp(z − max). */
    static INDArray logSoftmax(INDArray logits) {
        INDArray shifted = Broadcasts.subiColumn(logits.dup(), logits.max(true, 1));
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return Broadcasts.subiColumn(shifted, lse);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * K + 2 (docs/theory.md §2.5): the clean forward (½), K attack steps of a forward and an input-gradient backward
     * (K), and the outer step's forward and backward at x′ (1) and backward at x (½).
     */
    @Override
    public double passesPerExample(Model model) {
        return steps + 2;
    }

    @Override
    public String describe() {
        return String.format("TRADES β=%s (KL-%d %s α=%.4g)", beta, steps, threat, stepSize);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", "trades");
        m.put("beta", beta);
        m.put("norm", threat.norm().toString());
        m.put("epsilon", threat.epsilon());
        m.put("steps", steps);
        m.put("stepSize", stepSize);
        m.put("seed", seed);
        return m;
    }
}
