package radlab.certify;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.attack.ThreatModel;
import radlab.nn.Model;

/**
 * CROWN's bounds for the root of a complete verification: per sample, the pre-activation bounds of every hidden layer
 * (CROWN's backward bound intersected with IBP's, {@link MarginBounds#inputBounds}) and the lower bounds of the margins
 * f_y − f_j over the sample's region, all in float64. A branch-and-bound search starts from them so that it is never
 * looser than CROWN at its root.
 *
 * @param lower  [sample][hidden layer][neuron]
 * @param upper  [sample][hidden layer][neuron]
 * @param margin [sample][class] (the label's own column is 0)
 */
public record CrownRoot(double[][][] lower, double[][][] upper, double[][] margin) {
    /** Whether CROWN bounds the model (dense and activation layers only). */
    public static boolean supports(Model model) {
        return BoundedNetwork.supports(model);
    }

    /**
     * @param x      n × d samples
     * @param labels their labels
     */
    public static CrownRoot of(Model model, INDArray x, int[] labels, ThreatModel threat) {
        BoundedNetwork net = new BoundedNetwork(model, labels);
        InputRegion region = new InputRegion(x.castTo(DataType.DOUBLE), threat);
        Interval[] in = MarginBounds.inputBounds(net, region);
        double[][] margin = MarginBounds.crown(net, region, in).toDoubleMatrix();
        int n = (int) x.rows(), hiddenLayers = 0;
        for (BoundedModule m : net.hidden) if (m instanceof BoundedLinear) hiddenLayers++;
        double[][][] lo = new double[n][hiddenLayers][], hi = new double[n][hiddenLayers][];
        int k = 0;
        for (int i = 0; i < net.hidden.size(); i++) {
            if (!(net.hidden.get(i) instanceof BoundedLinear)) continue;
            double[][] l = in[i + 1].lower().toDoubleMatrix(), u = in[i + 1].upper().toDoubleMatrix();
            for (int s = 0; s < n; s++) {
                lo[s][k] = l[s];
                hi[s][k] = u[s];
            }
            k++;
        }
        return new CrownRoot(lo, hi, margin);
    }
}
