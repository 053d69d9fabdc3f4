package radlab.certify;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.nn.layer.Activation;

/**
 * α-CROWN (Xu et al. 2021, ICLR, "Fast and Complete: Enabling Complete Neural Network Verification with Rapid and
 * Massively Parallel Incomplete Verifiers", §3.1; auto_LiRPA's {@code compute_bounds(method='CROWN-Optimized')}):
 * CROWN's final backward pass with the lower slope of every unstable ReLU (l &lt; 0 &lt; u) a free parameter
 * α ∈ [0,1], one per sample, margin spec j and neuron, chosen by projected gradient ascent on the margin lower bound.
 *
 * <p>Every line α·z with α ∈ [0,1] lies below ReLU on the whole real line, so every α gives a sound bound; the
 * optimizer only has to find a good one. What is optimized: the bound of the last layer (the margins f_y − f_j) only;
 * the pre-activation bounds of the hidden layers are CROWN's ({@link MarginBounds#inputBounds}), fixed. tanh and
 * softplus keep CROWN's relaxation ({@link ActivationRelaxation}): α is optimized for ReLU only.
 *
 * <p>Optimizer: Adam (β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸, as PyTorch's) on the objective Σ_{i,j} bound_ij, ascent, with
 * the learning rate decayed by {@link Settings#decay} after each step (auto_LiRPA's ExponentialLR) and α clipped to
 * [0,1] after each step; warm start: CROWN's adaptive slopes (1 if u ≥ −l, else 0). Each α only enters its own
 * (sample, spec) bound, so the summed objective optimizes every bound separately. The gradient is exact (up to
 * the kinks of the piecewise-linear pass): the backward pass is repeated in reverse ({@link #evaluate}). The bound
 * reported per sample and spec is the best one over the {@code iterations + 1} evaluated α (auto_LiRPA's keep_best).
 *
 * <p>Cost: about 4–5× CROWN's on a 784-64-64-10 ReLU network (each step is two passes of K specs through the network,
 * CROWN's intermediate bounds 2·width specs), so it is not in {@link Certifier#DEFAULT_METHODS}.
 */
public final class AlphaCrown {
    private static final double BETA1 = 0.9, BETA2 = 0.999, ADAM_EPS = 1e-8;

    private AlphaCrown() {}

    /**
     * @param iterations   Adam steps (the bound is evaluated at the warm start and after each step)
     * @param learningRate Adam's initial step size for α
     * @param decay        factor applied to the step size after each step
     */
    public record Settings(int iterations, double learningRate, double decay) {
        /** 20 steps from 0.5, decayed by 0.98: auto_LiRPA's defaults ({@code optimize_bound_args}). */
        public static final Settings DEFAULT = new Settings(20, 0.5, 0.98);

        public Settings {
            if (iterations < 0) throw new IllegalArgumentException("α-CROWN iterations must be ≥ 0, got " + iterations);
            if (!(learningRate > 0)) throw new IllegalArgumentException("α-CROWN learning rate must be > 0, got " + learningRate);
            if (!(decay > 0 && decay <= 1)) throw new IllegalArgumentException("α-CROWN decay must be in (0, 1], got " + decay);
        }
    }

    /** The bounds (n × K) at one choice of α and their gradient with respect to each α (null where a module has none). */
    record Evaluation(INDArray bound, INDArray[] gradient) {}

    /** n × K lower bounds of f_y − f_j, the best over the optimization; never below CROWN's with the same intermediate bounds. */
    static INDArray lower(BoundedNetwork net, InputRegion region, Interval[] inputBounds, Settings settings) {
        Relaxations r = new Relaxations(net, inputBounds);
        INDArray[] alpha = initialAlpha(net, r, net.margin.objective().a().size(1));
        // no ReLU (tanh, softplus, or no hidden layer): nothing to optimize, the bound is CROWN's
        if (java.util.Arrays.stream(alpha).allMatch(java.util.Objects::isNull)) return evaluate(net, region, r, alpha, false).bound();
        INDArray[] m = new INDArray[alpha.length], v = new INDArray[alpha.length];
        for (int i = 0; i < alpha.length; i++) {
            if (alpha[i] == null) continue;
            m[i] = alpha[i].ulike().assign(0);   // Adam's moments start at 0
            v[i] = alpha[i].ulike().assign(0);
        }
        INDArray best = null;
        double lr = settings.learningRate();
        for (int t = 0; t <= settings.iterations(); t++) {
            Evaluation e = evaluate(net, region, r, alpha, t < settings.iterations());
            best = best == null ? e.bound() : Transforms.max(best, e.bound(), false);
            if (t == settings.iterations()) break;
            double c1 = 1 - Math.pow(BETA1, t + 1), c2 = 1 - Math.pow(BETA2, t + 1);
            for (int i = 0; i < alpha.length; i++) {
                if (alpha[i] == null) continue;
                INDArray g = e.gradient()[i];
                m[i].muli(BETA1).addi(g.mul(1 - BETA1));
                v[i].muli(BETA2).addi(g.muli(g).muli(1 - BETA2));
                INDArray step = m[i].div(c1).divi(Transforms.sqrt(v[i].div(c2), false).addi(ADAM_EPS)).muli(lr);
                Transforms.min(Transforms.max(alpha[i].addi(step), 0.0, false), 1.0, false);   // projection onto [0,1], in place
            }
            lr *= settings.decay();
        }
        return best;
    }

    /** CROWN's adaptive lower slopes of each ReLU module, repeated for each of the {@code specs} objectives (n × specs × width). */
    static INDArray[] initialAlpha(BoundedNetwork net, Relaxations r, long specs) {
        INDArray[] alpha = new INDArray[net.hidden.size()];
        for (int i = 0; i < alpha.length; i++) {
            if (r.unstable[i] == null) continue;
            INDArray s = r.relaxation[i].lowerSlope();
            alpha[i] = Nd4j.zeros(DataType.DOUBLE, s.rows(), specs, s.columns()).addi(broadcastable(s));
        }
        return alpha;
    }

    static Evaluation evaluate(BoundedNetwork net, InputRegion region, Interval[] inputBounds, INDArray[] alpha) {
        return evaluate(net, region, new Relaxations(net, inputBounds), alpha, true);
    }

    /**
     * The margin bounds at the given α and, if asked, their gradient. Forward: CROWN's backward pass, storing the
     * coefficients Λ_i on each module's output. Reverse: with G = ∂bound/∂Λ on a module's input (at the network's
     * input {@link InputRegion#lowerBoundGradient}), a linear layer Λ_in = Λ_out·Wᵀ, c += Λ_out·b gives
     * ∂/∂Λ_out = G·W + b; an activation Λ_in = Λ⁺·s_L + Λ⁻·s_U, c += Σ Λ⁺·t_L + Λ⁻·t_U gives
     * ∂/∂Λ_out = [Λ &gt; 0]·(G·s_L + t_L) + [Λ &lt; 0]·(G·s_U + t_U) and, for a ReLU with s_L = α on unstable neurons,
     * ∂/∂α = G·Λ⁺·[unstable].
     */
    static Evaluation evaluate(BoundedNetwork net, InputRegion region, Relaxations r, INDArray[] alpha, boolean withGradient) {
        int layers = net.hidden.size();
        BoundedModule.Step start = net.margin.objective();
        INDArray[] out = new INDArray[layers];        // Λ on the output of hidden module i
        INDArray[] lowerSlope = new INDArray[layers]; // s_L per activation module, n × 1 × w or (ReLU) n × K × w
        INDArray coeff = start.a(), constant = start.bias();
        // in-place arithmetic throughout: ND4J's allocating broadcasts (big.mul(small)) measured ~50× slower
        for (int i = layers - 1; i >= 0; i--) {
            out[i] = coeff;
            BoundedModule module = net.hidden.get(i);
            if (module instanceof BoundedLinear lin) {
                BoundedModule.Step s = lin.backward(coeff, null);
                coeff = s.a();
                constant.addi(s.bias());
            } else {
                ActivationRelaxation rel = r.relaxation[i];
                lowerSlope[i] = lowerSlope(rel, r.unstable[i], alpha[i]);
                INDArray pos = Transforms.max(coeff, 0.0, true), neg = Transforms.min(coeff, 0.0, true);
                constant.addi(pos.dup().muli(broadcastable(rel.lowerIntercept())).addi(neg.dup().muli(broadcastable(rel.upperIntercept()))).sum(2));
                coeff = pos.muli(lowerSlope[i]).addi(neg.muli(broadcastable(rel.upperSlope())));
            }
        }
        // the region's own minimum, not Euler's Σ Λ·G: a reduction along the last axis rounded differently for a chunk of
        // one sample, and the bounds must not depend on the chunk size (CertifyTest)
        INDArray bound = region.lowerBound(coeff, constant);
        INDArray[] gradient = new INDArray[layers];
        if (!withGradient) {
            if (layers > 0) coeff.close();                  // n × K × d: free now, not at GC time
            return new Evaluation(bound, gradient);
        }
        INDArray g = region.lowerBoundGradient(coeff);      // ∂bound/∂Λ on the input of module 0
        if (layers > 0) coeff.close();
        for (int i = 0; i < layers; i++) {
            BoundedModule module = net.hidden.get(i);
            INDArray a = out[i];
            if (module instanceof BoundedLinear lin) {
                long n = g.size(0), m = g.size(1);
                INDArray next = g.reshape(n * m, g.size(2)).mmul(lin.w()).reshape(n, m, lin.w().columns());
                if (i == 0) g.close();
                g = next.addi(lin.b().reshape(1, 1, lin.b().length()));
            } else {
                ActivationRelaxation rel = r.relaxation[i];
                if (alpha[i] != null) gradient[i] = Transforms.max(a, 0.0, true).muli(g).muli(broadcastable(r.unstable[i]));
                INDArray viaLower = g.dup().muli(lowerSlope[i]).addi(broadcastable(rel.lowerIntercept())).muli(a.gt(0.0).castTo(DataType.DOUBLE));
                INDArray viaUpper = g.muli(broadcastable(rel.upperSlope())).addi(broadcastable(rel.upperIntercept())).muli(a.lt(0.0).castTo(DataType.DOUBLE));
                g = viaLower.addi(viaUpper);
            }
        }
        return new Evaluation(bound, gradient);
    }

    /** s_L: CROWN's on stable neurons, α on the unstable ones of a ReLU (n × K × w); CROWN's everywhere else (n × 1 × w). */
    private static INDArray lowerSlope(ActivationRelaxation rel, INDArray unstable, INDArray alpha) {
        if (alpha == null) return broadcastable(rel.lowerSlope());
        INDArray stableSlope = rel.lowerSlope().mul(unstable.rsub(1.0));
        return alpha.dup().muli(broadcastable(unstable)).addi(broadcastable(stableSlope));
    }

    /** n × w as n × 1 × w, to broadcast over the specs. */
    private static INDArray broadcastable(INDArray perNeuron) {
        return perNeuron.reshape(perNeuron.rows(), 1, perNeuron.columns());
    }

    /** The relaxation of each activation module at CROWN's bounds, and the unstable-neuron mask of each ReLU module (else null). */
    static final class Relaxations {
        final ActivationRelaxation[] relaxation;
        final INDArray[] unstable;

        Relaxations(BoundedNetwork net, Interval[] inputBounds) {
            int layers = net.hidden.size();
            relaxation = new ActivationRelaxation[layers];
            unstable = new INDArray[layers];
            for (int i = 0; i < layers; i++) {
                if (!(net.hidden.get(i) instanceof BoundedActivation act)) continue;
                Interval b = inputBounds[i];
                relaxation[i] = ActivationRelaxation.of(act.activation(), b.lower(), b.upper());
                if (act.activation() == Activation.RELU) {
                    unstable[i] = b.lower().lt(0.0).castTo(DataType.DOUBLE).muli(b.upper().gt(0.0).castTo(DataType.DOUBLE));
                }
            }
        }
    }
}
