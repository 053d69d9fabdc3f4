package radlab.nn.layer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Element-wise hidden-layer activations with the first and second derivatives that Jacobians and Jacobian
 * regularization need. Smooth activations (tanh, softplus) have a Lipschitz σ′, which the Jacobian-class theory
 * assumes; ReLU does not (σ″ is zero almost everywhere but σ′ jumps).
 */
public enum Activation {
    RELU(1.0, Double.POSITIVE_INFINITY) {
        @Override
        public INDArray apply(INDArray z) {
            return Transforms.relu(z, true);
        }

        @Override
        public INDArray derivative(INDArray z) {
            return z.gt(0.0).castTo(z.dataType());
        }

        @Override
        public INDArray secondDerivative(INDArray z) {
            return z.ulike().assign(0.0);
        }
    },
    TANH(1.0, 4.0 / (3.0 * Math.sqrt(3.0))) {
        @Override
        public INDArray apply(INDArray z) {
            return Transforms.tanh(z, true);
        }

        @Override
        public INDArray derivative(INDArray z) {
            INDArray t = Transforms.tanh(z, true);
            return t.muli(t).rsubi(1.0);
        }

        @Override
        public INDArray secondDerivative(INDArray z) {
            INDArray t = Transforms.tanh(z, true);
            INDArray oneMinusT2 = t.mul(t).rsubi(1.0);
            return t.muli(oneMinusT2).muli(-2.0);
        }
    },
    SOFTPLUS(1.0, 0.25) {
        @Override
        public INDArray apply(INDArray z) {
            return Transforms.softPlus(z, true);
        }

        @Override
        public INDArray derivative(INDArray z) {
            return Transforms.sigmoid(z, true);
        }

        @Override
        public INDArray secondDerivative(INDArray z) {
            INDArray s = Transforms.sigmoid(z, true);
            return s.mul(s.rsub(1.0));
        }
    };

    private final double maxSlope;
    private final double slopeLipschitz;

    Activation(double maxSlope, double slopeLipschitz) {
        this.maxSlope = maxSlope;
        this.slopeLipschitz = slopeLipschitz;
    }

    /** σ(z), a new array. */
    public abstract INDArray apply(INDArray z);

    /** σ′(z), a new array. */
    public abstract INDArray derivative(INDArray z);

    /** σ″(z), a new array (0 for ReLU, where it exists). */
    public abstract INDArray secondDerivative(INDArray z);

    /** ρ = sup|σ′|, the Lipschitz constant of σ. */
    public double maxSlope() {
        return maxSlope;
    }

    /** sup|σ″|, the Lipschitz constant of σ′ (infinite for ReLU). */
    public double slopeLipschitz() {
        return slopeLipschitz;
    }

    /** Parses "relu", "tanh", "softplus" (case-insensitive). */
    public static Activation parse(String s) {
        for (Activation a : values()) if (a.name().equalsIgnoreCase(s.trim())) return a;
        throw new IllegalArgumentException("unknown activation '" + s + "'; expected one of relu, tanh, softplus");
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
