package radlab.rademacher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.jacobian.InputJacobians;
import radlab.nn.ForwardPass;
import radlab.nn.Gradients;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.norms.SpectralProjector;
import radlab.train.Optimizer;
import radlab.train.OptimizerConfig;

/**
 * Real-valued networks x ↦ f(x) ∈ ℝ with per-layer norm constraints (spectral ‖W_i‖_σ ≤ s_i and/or Frobenius
 * ‖W_i‖_F ≤ b_i) and zero biases, whose supremum is found by random-sign fitting: for each σ, full-batch
 * projected gradient ascent on (1/n)Σσ_i f(x_i) (the given optimizer's step, then the weights are projected back into
 * the constraints), from several random initialisations; the best value over restarts is returned. Plain or momentum
 * SGD suits projection; Adam's per-coordinate scaling fights it (measured: 72 % of the linear closed form after 300
 * steps, against 100 % for SGD).
 *
 * <p><b>This is a lower estimate of the true supremum</b> (the optimiser may miss the global maximiser), so the
 * Rademacher estimate built from it is a lower estimate of R̂_S too; the spread across restarts, recorded per draw,
 * shows how far from converged the search is. Biases are held at zero because with a free bias the supremum is
 * +∞ whenever Σσ_i ≠ 0.
 */
public final class NetworkSignFitting implements SignFitting {
    /**
     * Per-layer constraints (NaN, or an empty array, means unconstrained) and an optional bound on the mean input-gradient
     * norm over the sample, (1/n)Σ_i‖∇ₓf(x_i)‖₂ ≤ jacobianMean (NaN: none) — the Jacobian-constrained class of the paper.
     */
    public record Constraints(double[] spectral, double[] frobenius, double jacobianMean) {
        public Constraints {
            spectral = spectral.clone();
            frobenius = frobenius.clone();
        }

        @Override
        public double[] spectral() {
            return spectral.clone();
        }

        @Override
        public double[] frobenius() {
            return frobenius.clone();
        }

        @Override
        public boolean equals(Object o) {
            return radlab.util.RecordValues.equal(this, o);
        }

        @Override
        public int hashCode() {
            return radlab.util.RecordValues.hash(this);
        }

        public Constraints(double[] spectral, double[] frobenius) {
            this(spectral, frobenius, Double.NaN);
        }

        public static Constraints none() {
            return new Constraints(new double[0], new double[0]);
        }

        double spectral(int i) {
            return i < spectral.length ? spectral[i] : Double.NaN;
        }

        double frobenius(int i) {
            return i < frobenius.length ? frobenius[i] : Double.NaN;
        }
    }

    private final INDArray x;
    private final MlpSpec spec;
    private final Constraints constraints;
    private final int restarts, steps;
    private final OptimizerConfig optimizer;
    private final long seed;

    public NetworkSignFitting(INDArray x, MlpSpec spec, Constraints constraints, int restarts, int steps, OptimizerConfig optimizer, long seed) {
        this.x = Samples.checkMatrix(x, "sample").castTo(DataType.FLOAT);
        if (spec.outputDim() != 1) throw new IllegalArgumentException("sign fitting needs a real-valued network (1 output), got " + spec.outputDim());
        if (spec.inputDim() != x.columns()) throw new IllegalArgumentException("network input " + spec.inputDim() + " ≠ sample dimension " + x.columns());
        if (restarts < 1 || steps < 1) throw new IllegalArgumentException("restarts and steps must be ≥ 1, got " + restarts + " and " + steps);
        this.spec = spec;
        this.constraints = constraints;
        this.restarts = restarts;
        this.steps = steps;
        this.optimizer = optimizer;
        this.seed = seed;
    }

    @Override
    public int sampleSize() {
        return (int) x.rows();
    }

    /** (construction seed, σ) mixed: a draw's restarts depend on its signs, not on which draws were fitted before. */
    @Override
    public long seedFor(double[] sigma) {
        return RademacherEstimator.mix(seed, Arrays.hashCode(sigma));
    }

    /** The best value over restarts for one sign vector, restart r starting from weights seeded by (seed, r). */
    @Override
    public Fit fit(double[] sigma, long seed) {
        int n = sampleSize();
        INDArray sig = Nd4j.create(sigma, new long[] {n, 1}, DataType.DOUBLE).castTo(DataType.FLOAT);
        INDArray ascent = sig.div(-n); // gradient of −(1/n)σᵀf w.r.t. the outputs: we minimise the negative
        double[] values = new double[restarts];
        for (int r = 0; r < restarts; r++) {
            Mlp net = Mlp.initialize(spec, RademacherEstimator.mix(seed, r), DataType.FLOAT);
            List<SpectralProjector> proj = new ArrayList<>();
            for (int i = 0; i < net.depth(); i++) {
                double si = constraints.spectral(i);
                proj.add(Double.isNaN(si) ? null : new SpectralProjector(si));
            }
            project(net, proj);
            Optimizer opt = Optimizer.create(optimizer);
            double best = Double.NEGATIVE_INFINITY;
            for (int t = 0; t <= steps; t++) {
                ForwardPass fp = net.forward(x);
                double value = fp.logits().mul(sig).sumNumber().doubleValue() / n;
                best = Math.max(best, value);
                if (t == steps) break;
                Gradients g = net.backward(fp, ascent, null, false);
                List<INDArray> grads = new ArrayList<>(g.parameters());
                for (int i = 1; i < grads.size(); i += 2) grads.get(i).assign(0); // biases stay at zero
                opt.step(net.parameters(), grads);
                project(net, proj);
            }
            values[r] = best;
        }
        return new Fit(values);
    }

    private void project(Mlp net, List<SpectralProjector> proj) {
        projectLayers(net, proj);
        double tau = constraints.jacobianMean();
        if (!Double.isNaN(tau)) {
            // f and ∇ₓf are linear in the last layer (biases are zero), so rescaling it is an exact retraction onto
            // {mean ‖∇ₓf‖ ≤ τ}; it only shrinks the last layer, so the layer constraints stay satisfied.
            double mean = InputJacobians.norms(net, x, 500).meanFrobenius();
            if (mean > tau) net.weight(net.depth() - 1).muli(tau / mean);
        }
    }

    private void projectLayers(Mlp net, List<SpectralProjector> proj) {
        for (int i = 0; i < net.depth(); i++) {
            INDArray w = net.weight(i);
            double b = constraints.frobenius(i);
            if (!Double.isNaN(b)) {
                double f = w.norm2Number().doubleValue();
                if (f > b) w.muli(b / f);
            }
            if (proj.get(i) != null) proj.get(i).project(w);
        }
    }

    /**
     * |f(x_i)| ≤ ∏_l ‖W_l‖_σ·‖x_i‖₂ for 1-Lipschitz activations with σ(0)=0 and zero biases, when every layer has
     * a norm constraint (spectral, or Frobenius, which bounds the spectral norm); null otherwise.
     */
    @Override
    public double[] valueBounds() {
        double prod = 1;
        for (int i = 0; i < spec.depth(); i++) {
            double s = constraints.spectral(i), b = constraints.frobenius(i);
            double lip = Double.isNaN(s) ? b : Double.isNaN(b) ? s : Math.min(s, b);
            if (Double.isNaN(lip)) return null;
            prod *= lip;
        }
        if (spec.activation() == radlab.nn.layer.Activation.SOFTPLUS) return null; // softplus(0) ≠ 0
        double[] norms = x.castTo(DataType.DOUBLE).norm2(1).toDoubleVector();
        for (int i = 0; i < norms.length; i++) norms[i] *= prod;
        return norms;
    }

    @Override
    public String describe() {
        return String.format("network %s, spectral ≤ %s, Frobenius ≤ %s%s, sign fitting (%d restarts × %d steps) on n=%d",
                spec.describe(), Arrays.toString(constraints.spectral()), Arrays.toString(constraints.frobenius()),
                Double.isNaN(constraints.jacobianMean()) ? "" : ", mean ‖∇ₓf‖ ≤ " + constraints.jacobianMean(), restarts, steps, sampleSize());
    }
}
