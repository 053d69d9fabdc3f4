package radlab.norms;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianNorms;
import radlab.nn.Model;
import radlab.nn.layer.Layer;
import radlab.nn.layer.LinearLayer;
import radlab.nn.layer.ActivationLayer;
import radlab.nn.layer.Flatten;

/**
 * Norms of a trained network: per weight layer, dense or convolution ({@link LayerNorms}), their products over depth, the ℓ2 path norm, the
 * global Lipschitz upper bound ρ^{L−1}·∏‖A_i‖_σ and — when data is given — the empirical local Lipschitz constant
 * max_x ‖J(x)‖₂, to show the gap between the two.
 */
public record NetworkNorms(List<LayerNorms> layers, double activationSlope, double pathNormL2, double empiricalLipschitz) {
    public static final double POWER_TOLERANCE = 1e-10;
    public static final int POWER_MAX_ITERATIONS = 2000;

    public NetworkNorms {
        layers = List.copyOf(layers);
    }

    /** Norms of {@code model}, distances from {@code init} (null: from zero), empirical Lipschitz on {@code x} (null: NaN). */
    public static NetworkNorms of(Model model, Model init, INDArray x) {
        return of(model, init, x == null ? Double.NaN : InputJacobians.norms(model, x, 250).maxOperator());
    }

    /** As {@link #of(Model, Model, INDArray)} with the empirical Lipschitz constant max ‖J(x)‖₂ already measured. */
    public static NetworkNorms of(Model model, Model init, double empiricalLipschitz) {
        List<LayerNorms> ls = new ArrayList<>();
        List<LinearLayer> layers = model.linearLayers();
        for (int i = 0; i < layers.size(); i++) {
            LinearLayer l = layers.get(i);
            INDArray w0 = init == null ? l.weight().ulike().assign(0) : init.linearLayers().get(i).weight();
            ls.add(l.dense() ? denseNorms(l, w0, i) : OperatorNorms.of(l, w0, i));
        }
        return new NetworkNorms(ls, model.activation().maxSlope(), pathNormL2(model), empiricalLipschitz);
    }

    private static LayerNorms denseNorms(LinearLayer l, INDArray w0, int i) {
        INDArray a = l.weight().castTo(DataType.DOUBLE).transpose(); // out × in, math convention
        INDArray a0 = w0.castTo(DataType.DOUBLE).transpose();
        INDArray diff = a.sub(a0);
        PowerIteration.Result s = PowerIteration.spectralNorm(a, POWER_TOLERANCE, POWER_MAX_ITERATIONS, 17 + i);
        return new LayerNorms((int) a.rows(), (int) a.columns(), s.value(), s.iterations(), s.converged(),
                a.norm2Number().doubleValue(), l21(a), l1Inf(a),
                diff.norm2Number().doubleValue() == 0 ? 0 : PowerIteration.spectralNorm(diff, POWER_TOLERANCE, POWER_MAX_ITERATIONS, 31 + i).value(),
                diff.norm2Number().doubleValue(), l21(diff), l1Inf(diff), l.describe(), true);
    }

    /** ‖Aᵀ‖_{1,∞}: the largest ℓ1 norm of a row of A (the ℓ∞→ℓ∞ operator norm of A). */
    static double l1Inf(INDArray a) {
        return Transforms.abs(a, true).sum(1).maxNumber().doubleValue();
    }

    /** ‖Aᵀ‖_{2,1}: the sum of the ℓ2 norms of A's rows. */
    static double l21(INDArray a) {
        return a.norm2(1).sumNumber().doubleValue();
    }

    /**
     * ℓ2 path norm √(Σ_paths ∏ A_e²) = √(1ᵀ (A_L∘A_L)⋯(A_1∘A_1) 1) over input–output paths of the weight operators
     * (biases excluded), the quantity of Neyshabur et al. 2015; NaN for networks with pooling, where it is not
     * defined.
     */
    static double pathNormL2(Model model) {
        INDArray v = Nd4j.ones(DataType.DOUBLE, 1, model.inputDim());
        for (Layer l : model.layers()) {
            if (l instanceof LinearLayer ll) v = ((LinearLayer) ll.copy(DataType.DOUBLE)).applyEntrywisePower(v, 2);
            else if (!(l instanceof ActivationLayer) && !(l instanceof Flatten)) return Double.NaN; // pooling, other layer types
        }
        return Math.sqrt(v.sumNumber().doubleValue());
    }

    /** Whether every weight layer is dense: bounds whose theorems assume fully connected layers hold as stated only then. */
    public boolean allDense() {
        return layers.stream().allMatch(LayerNorms::dense);
    }

    public double productSpectral() {
        return layers.stream().mapToDouble(LayerNorms::spectral).reduce(1, (a, b) -> a * b);
    }

    public double productFrobenius() {
        return layers.stream().mapToDouble(LayerNorms::frobenius).reduce(1, (a, b) -> a * b);
    }

    /**
     * ρ^{L−1}·∏‖A_i‖_σ ≥ ‖J(x)‖₂ for every x: the global Lipschitz upper bound in ℓ2 (also for CNNs: radlab's
     * pooling windows do not overlap, so pooling is 1-Lipschitz).
     */
    public double lipschitzUpperBound() {
        return Math.pow(activationSlope, layers.size() - 1) * productSpectral();
    }

    /** Σ_i (‖A_iᵀ − M_iᵀ‖_{2,1}/‖A_i‖_σ)^{2/3} with reference M = 0 (fromInit=false) or the initialisation. */
    public double bftSum(boolean fromInit) {
        return layers.stream().mapToDouble(l -> Math.pow((fromInit ? l.l21FromInit() : l.l21()) / l.spectral(), 2.0 / 3.0)).sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("%-6s %10s %10s %10s %10s %10s %10s%n", "layer", "shape", "‖A‖_σ", "‖A‖_F",
                "‖Aᵀ‖_2,1", "‖Aᵀ‖_1,∞", "‖A−A₀‖_F"));
        for (int i = 0; i < layers.size(); i++) {
            LayerNorms l = layers.get(i);
            sb.append(String.format("%-6d %10s %10.4g %10.4g %10.4g %10.4g %10.4g%n", i + 1, l.rows() + "×" + l.columns(), l.spectral(),
                    l.frobenius(), l.l21(), l.l1Inf(), l.frobeniusFromInit()));
        }
        if (!allDense()) {
            sb.append("weight operators: ").append(layers.stream().map(LayerNorms::layer).toList())
                    .append("; bounds proved for fully connected layers are applied to the convolution operators as is\n");
        }
        sb.append(String.format("∏‖A‖_σ = %.4g, ∏‖A‖_F = %.4g, path norm = %.4g%n", productSpectral(), productFrobenius(), pathNormL2));
        sb.append(String.format("Lipschitz upper bound ρ^{L−1}∏‖A‖_σ = %.4g vs empirical max ‖J(x)‖₂ = %.4g%n", lipschitzUpperBound(), empiricalLipschitz));
        return sb.toString();
    }
}
