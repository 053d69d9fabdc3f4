package radlab.norms;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.nn.layer.LinearLayer;

/**
 * {@link LayerNorms} of a weight layer known only as an operator (a convolution), without forming its matrix:
 * <ul>
 *   <li>‖A‖_σ by power iteration through A and Aᵀ (Miyato et al. 2018, Gouk et al. 2021);</li>
 *   <li>row sums Σ_j |A_ij|^p as the operator with entries |A_ij|^p applied to a row of ones — for a convolution
 *       the convolution with |K|^p, so zero padding and strides are accounted for exactly — giving
 *       ‖A‖_F² = Σ_i Σ_j A_ij², ‖Aᵀ‖_{2,1} = Σ_i √(Σ_j A_ij²) and ‖A‖_{1,∞} = max_i Σ_j |A_ij|.</li>
 * </ul>
 */
final class OperatorNorms {
    private OperatorNorms() {}

    static LayerNorms of(LinearLayer layer, INDArray w0, int index) {
        LinearLayer a = (LinearLayer) layer.copy(DataType.DOUBLE);
        LinearLayer diff = a.withWeight(a.weight().sub(w0.castTo(DataType.DOUBLE)));
        PowerIteration.Result s = spectral(a, 17 + index);
        double[] e = entrywise(a), d = entrywise(diff);
        double spectralDiff = d[0] == 0 ? 0 : spectral(diff, 31 + index).value();
        return new LayerNorms(a.outputSize(), a.inputSize(), s.value(), s.iterations(), s.converged(), e[0], e[1], e[2],
                spectralDiff, d[0], d[1], d[2], layer.describe(), layer.dense());
    }

    /** ‖A‖_σ of the layer's operator, by power iteration through the operator and its transpose. */
    static PowerIteration.Result spectral(LinearLayer a, long seed) {
        return PowerIteration.spectralNorm(a::applyOperator, a::applyTranspose, a.inputSize(),
                NetworkNorms.POWER_TOLERANCE, NetworkNorms.POWER_MAX_ITERATIONS, seed);
    }

    /** {‖A‖_F, ‖Aᵀ‖_{2,1}, ‖A‖_{1,∞}} from exact row sums. */
    private static double[] entrywise(LinearLayer a) {
        INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, a.inputSize());
        INDArray sq = a.applyEntrywisePower(ones, 2), abs = a.applyEntrywisePower(ones, 1);
        return new double[] {Math.sqrt(sq.sumNumber().doubleValue()), Transforms.sqrt(sq, true).sumNumber().doubleValue(),
                abs.maxNumber().doubleValue()};
    }
}
