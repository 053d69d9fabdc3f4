package radlab.bounds;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.LossGradient;
import radlab.data.Batches;
import radlab.data.Dataset;
import radlab.jacobian.InputJacobians;
import radlab.nn.Model;
import radlab.nn.layer.LinearLayer;
import radlab.norms.NetworkNorms;

/**
 * The one adapter from a concrete model to {@link BoundInputs}: the only place where bounds meet a {@link Model}.
 * Measures the training-sample statistics, the margins, the per-sample losses and input-Jacobian norms, and states the
 * facts bounds check.
 */
public final class ModelBoundInputs {
    /** Percentile of the training margins used as γ when no margin is fixed in advance. */
    public static final double MARGIN_PERCENTILE = 10;
    /** Smallest γ used when the percentile is not positive. */
    public static final double MARGIN_FLOOR = 1e-3;

    /** Rows per batch of the data norms (8 MB of float64 at 784 features). */
    static final int ROW_BATCH = 1000;

    /** Rows per Jacobian batch (the norms do not depend on it). */
    static final int JACOBIAN_BATCH = 250;

    private ModelBoundInputs() {}

    /**
     * @param fixedMargin γ fixed before seeing the data, or null to use the {@value #MARGIN_PERCENTILE}th percentile of
     *                    the training margins (floored at {@value #MARGIN_FLOOR}), which is then flagged as chosen on data
     */
    public static BoundInputs of(Model model, NetworkNorms norms, Dataset train, Double fixedMargin, double epsilonL2, double epsilonLinf) {
        int n = train.size();
        // squared row norms batch by batch: the whole training set in float64 would be 376 MB at 60,000 images
        double[] rowNormsSquared = Batches.mapRows(n, ROW_BATCH, (start, end) -> {
            INDArray rows = Batches.rows(train.features(), start, end).castTo(DataType.DOUBLE);
            return rows.mul(rows).sum(1).toDoubleVector();
        });
        var data = new BoundInputs.Data(n, Math.sqrt(Arrays.stream(rowNormsSquared).sum()), Math.sqrt(Arrays.stream(rowNormsSquared).max().orElse(0)),
                model.inputDim(), model.outputDim());
        double[] margins = radlab.train.Evaluator.margins(model, train);
        double gamma = fixedMargin != null ? fixedMargin : Math.max(new Percentile().evaluate(margins, MARGIN_PERCENTILE), MARGIN_FLOOR);
        double marginLoss = Arrays.stream(margins).filter(v -> v <= gamma).count() / (double) margins.length;
        double[] losses = LossGradient.losses(model, train);
        double maxLoss = Arrays.stream(losses).max().orElse(Double.NaN);
        var samples = new BoundInputs.TrainSamples(losses, InputJacobians.norms(model, train.features(), JACOBIAN_BATCH).frobenius());
        boolean biases = false;
        for (LinearLayer l : model.linearLayers()) biases |= l.bias().amaxNumber().doubleValue() != 0;
        var kinds = model.linearLayers().stream().map(l -> l.dense() ? BoundInputs.LayerKind.DENSE : BoundInputs.LayerKind.CONVOLUTION).toList();
        return new BoundInputs(kinds, norms, activation(model.activation()),
                biases, data, new BoundInputs.Margin(gamma, fixedMargin == null, marginLoss), new BoundInputs.LossRange(maxLoss, true), samples,
                epsilonL2, epsilonLinf, BoundInputs.DEFAULT_DELTA);
    }

    /**
     * Facts about σ. σ(0) = 0 and positive homogeneity σ(cz) = cσ(z) are checked numerically on a few points rather than
     * listed per activation, so that a new activation gets them right without touching the bounds.
     */
    static BoundInputs.Activation activation(radlab.nn.layer.Activation a) {
        INDArray z = Nd4j.create(new double[] {-1.5, -0.5, 0.5, 1.5}, new long[] {1, 4}, DataType.DOUBLE);
        boolean zero = a.apply(Nd4j.zeros(DataType.DOUBLE, 1, 1)).getDouble(0) == 0;
        double homogeneityError = a.apply(z.mul(2)).sub(a.apply(z).mul(2)).amaxNumber().doubleValue();
        return new BoundInputs.Activation(a.toString(), a.maxSlope(), a.slopeLipschitz(), zero, zero && homogeneityError < 1e-12);
    }
}
