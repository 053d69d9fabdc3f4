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
 *       ⟨u, A v⟩) — Yoshida &amp; Miyato's λ/2 convention, so λ is their λ;</li>
 *   <li>hard constraint (the Lipschitz-constrained training of Parseval networks, Cisse et al. 2017, and of Gouk et
 *       al. 2021, in its rescaling form): after each optimizer step every layer with σ_l &gt; s is rescaled to σ_l = s,
 *       as {@link SpectralProjector} does, so the network's Lipschitz bound Π_l σ_l stays ≤ s^L.</li>
 * </ul>
 * σ, u and v come from power iteration on AᵀA in double precision, run until the right singular vector moves by at
 * most {@link #VECTOR_TOLERANCE} or σ² by at most {@link #VALUE_TOLERANCE} relative (checked against an SVD in
 * {@code SpectralObjectiveTest}) and warm-started from the previous step's vector (state of this objective, so one
 * instance per training run), so a step usually costs a few products with A and Aᵀ.
 */
public final class SpectralObjective implements Objective {
    /** Stop power iteration when ‖v_new − v_old‖₂ is at most this, ... */
    public static final double VECTOR_TOLERANCE = 1e-10;
    /**
     * ... or when σ² (the Rayleigh quotient ‖AᵀAv‖) changes by at most this relative amount: with a near-degenerate top
     * singular value (random weight matrices, convolutions) v converges very slowly while σ has converged, and u vᵀ
     * is then a valid direction within the near-degenerate subspace.
     */
    public static final double VALUE_TOLERANCE = 1e-14;
    /** Cap on power-iteration steps per layer and call. */
    public static final int MAX_ITERATIONS = 2_000;

    private final double lambda;
    private final double bound;
    private final CrossEntropyObjective ce = new CrossEntropyObjective();
    /** Right singular vectors of the previous call, per weight layer (warm starts; detached from any workspace). */
    private final List<INDArray> warm = new ArrayList<>();

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

    /** With a bound: rescales every layer whose σ exceeds it. */
    @Override
    public void afterStep(Model model) {
        if (Double.isNaN(bound)) return;
        int index = 0;
        for (LinearLayer a : model.linearLayers()) {
            double sigma = top(a, index++).sigma();
            if (sigma > bound) a.weight().muli(bound / sigma);
        }
    }

    /** σ_max(A) with its singular vectors, for the {@code index}-th weight layer (whose warm start it reads and updates). */
    Top top(LinearLayer layer, int index) {
        LinearLayer a = layer.weight().dataType() == DataType.DOUBLE ? layer : (LinearLayer) layer.copy(DataType.DOUBLE);
        INDArray v = index < warm.size() ? warm.get(index).dup() : start(a.inputSize(), index);
        INDArray av;
        double previous = 0;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            av = a.applyOperator(v);
            INDArray next = a.applyTranspose(av);
            double norm = next.norm2Number().doubleValue(); // → σ²
            if (norm == 0) return new Top(0, av.ulike(), v);
            next.divi(norm);
            double moved = next.sub(v).norm2Number().doubleValue();
            v = next;
            if (moved <= VECTOR_TOLERANCE || i > 0 && Math.abs(norm - previous) <= VALUE_TOLERANCE * norm) break;
            previous = norm;
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
