package radlab.norms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.Model;
import radlab.nn.layer.Layer;
import radlab.nn.layer.LinearLayer;
import radlab.train.CrossEntropyObjective;
import radlab.train.Objective;

/**
 * Spectral-norm regularization of every weight layer (dense and convolution, whose σ is the operator norm of the
 * convolution, the {@link LayerNorms#spectral} of the norms report):
 * <ul>
 *   <li>penalty (Yoshida &amp; Miyato 2017, "Spectral norm regularization for improving the generalizability of deep
 *       learning"): the objective mean ℓ_CE + (λ/2)·Σ_l σ_max(A_l)², whose gradient adds λ·σ_l·u_l v_lᵀ to each
 *       weight (∂σ/∂A = u vᵀ for the top singular pair, Av = σu; for a convolution, the kernel gradient of
 *       ⟨u, A v⟩) — Yoshida &amp; Miyato's λ/2 convention, so λ is their λ. As in Yoshida &amp; Miyato and in Miyato et
 *       al. 2018, (σ, u, v) is tracked by power iteration on AᵀA in double precision warm-started from the previous
 *       call's v: the first call per layer iterates until v moves by at most {@link #VECTOR_TOLERANCE} or σ² by at most
 *       {@link #VALUE_TOLERANCE} relative (at most {@link #MAX_ITERATIONS}), every later call does
 *       {@link #WARM_ITERATIONS} step. So σ = ‖Av‖ ≤ σ_max and the penalty and its gradient are those of the current
 *       estimate, which converges to the top singular pair while the weights move slowly (checked against finite
 *       differences in {@code SpectralObjectiveTest} where σ_max is simple);</li>
 *   <li>hard constraint (the Lipschitz-constrained training of Parseval networks, Cisse et al. 2017, and of Gouk et
 *       al. 2021, in its rescaling form): after each optimizer step every layer whose σ may exceed s is rescaled by
 *       s/σ̄ with σ̄ ≥ σ_l certified, so the network's Lipschitz bound Π_l σ_l stays ≤ s^L. Power iteration
 *       approaches σ from below (and stalls below it when σ1 ≈ σ2), so it is not used here: σ̄ is
 *       {@link SpectralBounds#upper} — for a dense layer LAPACK's exact σ (the layer is then rescaled to σ = s), for a
 *       convolution the smallest of its three upper bounds (σ ≤ s after the rescale). To skip that computation when
 *       nothing can have crossed s, each layer keeps the certified bound σ̄ of its weights after the previous call
 *       and the weights themselves: by Weyl's inequality σ(A + Δ) ≤ σ̄ + ‖Δ‖_σ ≤ σ̄ + ‖Δ‖_F (‖Δ‖_F of the operator,
 *       exact for a convolution from {@link SpectralBounds#frobenius}), and when that is ≤ s the layer is left as it
 *       is. After a rescale σ̄ is s plus the rounding of the rescaled entries, 2^{1−p}·‖W‖_F (p = 24 for float, 53 for
 *       double weights). Guarantee after every call: σ_l ≤ s + 2^{1−p}·‖W_l‖_F + LAPACK's rounding (relative ~1e-15;
 *       {@link #SLACK} covers it and the rounding of ‖Δ‖_F in the bound).</li>
 * </ul>
 * The state (warm vectors, previous weights and bounds) makes one instance per training run.
 */
public final class SpectralObjective implements Objective {
    /** First call per layer: stop power iteration when ‖v_new − v_old‖₂ is at most this, ... */
    public static final double VECTOR_TOLERANCE = 1e-10;
    /**
     * ... or when σ² (the Rayleigh quotient ‖AᵀAv‖) changes by at most this relative amount: with a near-degenerate top
     * singular value (random weight matrices, convolutions) v converges very slowly while σ has converged, and u vᵀ
     * is then a valid direction within the near-degenerate subspace.
     */
    public static final double VALUE_TOLERANCE = 1e-14;
    /** Cap on power-iteration steps of a layer's first call. */
    public static final int MAX_ITERATIONS = 2_000;
    /** Power-iteration steps of every later call (warm-started; Miyato et al. 2018 use one). */
    public static final int WARM_ITERATIONS = 1;
    /** Relative slack on certified bounds for the rounding of LAPACK's σ and of ‖Δ‖_F (both ~1e-15 relative). */
    public static final double SLACK = 1e-12;

    private final double lambda;
    private final double bound;
    private final CrossEntropyObjective ce = new CrossEntropyObjective();
    /** Right singular vectors of the previous call, per weight layer (warm starts; detached from any workspace). */
    private final List<INDArray> warm = new ArrayList<>();
    /** Weights after the previous {@link #afterStep}, per weight layer (detached), and certified bounds of their σ. */
    private final List<INDArray> previous = new ArrayList<>();
    private final List<Double> certified = new ArrayList<>();

    /**
     * @param lambda penalty strength λ ≥ 0
     * @param bound  the hard bound s &gt; 0 on each layer's σ, or NaN for none
     */
    public SpectralObjective(double lambda, double bound) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("λ must be a finite number ≥ 0, got " + lambda);
        if (!Double.isNaN(bound) && !(bound > 0 && Double.isFinite(bound))) {
            throw new IllegalArgumentException("spectral bound must be positive and finite, got " + bound);
        }
        this.lambda = lambda;
        this.bound = bound;
    }

    /** The top singular triple of a linear layer's operator: σ, u (outputSize), v (inputSize), in double precision. */
    public record Top(double sigma, INDArray u, INDArray v) {}

    @Override
    public Value evaluate(Model model, INDArray x, int[] labels) {
        Value v = ce.evaluate(model, x, labels);
        if (lambda == 0) return v;
        List<INDArray> grads = v.gradients().parameters();
        double penalty = 0;
        int offset = 0, index = 0;
        for (Layer l : model.layers()) {
            if (l instanceof LinearLayer a) {
                Top t = top(a, index++);
                penalty += t.sigma() * t.sigma();
                // ⟨u, A v + b⟩'s weight gradient is ∂σ/∂A (its bias gradient is dropped)
                INDArray dSigma = a.parameterGradients(t.v().reshape(1, a.inputSize()).castTo(model.dataType()),
                        t.u().reshape(1, a.outputSize()).castTo(model.dataType())).get(0);
                grads.get(offset).addi(dSigma.muli(lambda * t.sigma()));
            }
            offset += l.parameters().size();
        }
        return new Value(v.loss() + 0.5 * lambda * penalty, v.gradients());
    }

    /** With a bound: rescales every layer whose σ may exceed it, by s over a certified upper bound of σ. */
    @Override
    public void afterStep(Model model) {
        if (Double.isNaN(bound)) return;
        int index = 0;
        for (LinearLayer a : model.linearLayers()) {
            INDArray w = a.weight();
            double upper = Double.NaN;
            if (index < previous.size()) {
                INDArray delta = w.castTo(DataType.DOUBLE).sub(previous.get(index).castTo(DataType.DOUBLE)); // castTo may return w itself
                // ‖Δ‖_F of the operator: of the matrix for a dense layer, from the kernel for a convolution
                double step = a.dense() ? delta.norm2Number().doubleValue()
                        : SpectralBounds.frobenius(((LinearLayer) a.copy(DataType.DOUBLE)).withWeight(delta));
                upper = (certified.get(index) + step) * (1 + SLACK);
            }
            if (!(upper <= bound)) {
                upper = SpectralBounds.upper(a);
                if (upper > bound) {
                    w.muli(bound / upper);
                    // each entry is off by ≤ 2^{1−p} relative (the factor's rounding and the product's), so
                    // σ moves by ≤ ‖E‖_F ≤ 2^{1−p}·‖W‖_F
                    double unit = w.dataType() == DataType.DOUBLE ? Math.ulp(1.0) : Math.ulp(1.0f);
                    upper = bound + unit * w.norm2Number().doubleValue();
                }
                upper *= 1 + SLACK;
            }
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray kept = w.dup().detach();
                if (index < previous.size()) {
                    previous.set(index, kept);
                    certified.set(index, upper);
                } else {
                    previous.add(kept);
                    certified.add(upper);
                }
            }
            index++;
        }
    }

    /**
     * The power-iteration estimate of σ_max(A) (≤ σ_max) with its vectors, for the {@code index}-th weight layer, whose
     * warm start it reads and updates: converged on the layer's first call, {@link #WARM_ITERATIONS} step after that.
     */
    Top top(LinearLayer layer, int index) {
        LinearLayer a = layer.weight().dataType() == DataType.DOUBLE ? layer : (LinearLayer) layer.copy(DataType.DOUBLE);
        boolean cold = index >= warm.size();
        INDArray v = cold ? start(a.inputSize(), index) : warm.get(index).dup();
        INDArray av;
        double last = 0;
        for (int i = 0; i < (cold ? MAX_ITERATIONS : WARM_ITERATIONS); i++) {
            av = a.applyOperator(v);
            INDArray next = a.applyTranspose(av);
            double norm = next.norm2Number().doubleValue(); // → σ²
            if (norm == 0) return new Top(0, av.ulike(), v);
            next.divi(norm);
            double moved = next.sub(v).norm2Number().doubleValue();
            v = next;
            if (moved <= VECTOR_TOLERANCE || i > 0 && Math.abs(norm - last) <= VALUE_TOLERANCE * norm) break;
            last = norm;
        }
        av = a.applyOperator(v);
        double sigma = av.norm2Number().doubleValue();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray kept = v.detach();
            if (index < warm.size()) warm.set(index, kept);
            else warm.add(kept);
        }
        return new Top(sigma, av.divi(sigma), v);
    }

    private static INDArray start(int columns, int index) {
        SplittableRandom rnd = new SplittableRandom(17 + index);
        double[] v = new double[columns];
        for (int i = 0; i < columns; i++) v[i] = rnd.nextDouble() - 0.5;
        INDArray s = Nd4j.create(v, new long[] {1, columns}, DataType.DOUBLE);
        return s.divi(s.norm2Number());
    }

    /** 1 (docs/theory.md §2.5): power iteration works on the weights only, not per example. */
    @Override
    public double passesPerExample(Model model) {
        return 1;
    }

    @Override
    public String describe() {
        String s = lambda > 0 ? String.format("cross-entropy + %s/2·Σ σ_max(W)²", lambda) : "cross-entropy";
        return Double.isNaN(bound) ? s : s + String.format(", σ_max(W) ≤ %s", bound);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", "spectral");
        m.put("lambda", lambda);
        if (!Double.isNaN(bound)) m.put("bound", bound);
        return m;
    }
}
