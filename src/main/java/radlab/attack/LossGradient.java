package radlab.attack;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.Batches;
import radlab.data.Dataset;
import radlab.nn.ForwardPass;
import radlab.nn.Model;
import radlab.nn.SoftmaxCrossEntropy;
import radlab.nn.WorkingMemory;
import radlab.nn.layer.Dense;
import radlab.nn.layer.Gemm;
import radlab.nn.layer.Layer;
import radlab.train.Evaluator;

/** Per-sample cross-entropy and its gradient w.r.t. the input, for a batch in one forward/backward pass. */
public record LossGradient(INDArray perExampleLoss, INDArray inputGradient) {
    /** Row b of {@code inputGradient} is ∂ℓ(f(x_b), y_b)/∂x_b (the gradient of the batch sum, not the mean). */
    public static LossGradient of(Model model, INDArray x, int[] labels) {
        return of(model, x, Dataset.oneHot(labels, model.outputDim(), model.dataType()));
    }

    /**
     * As {@link #of(Model, INDArray, int[])} with the one-hot labels built once by the caller (iterative attacks reuse
     * them every step). Only the input-gradient chain is run ({@link Model#inputGradient}): no weight gradients, which
     * attacks never use; the input gradient is the same arithmetic as {@link Model#backward}'s, so bit-identical.
     */
    static LossGradient of(Model model, INDArray x, INDArray oneHot) {
        ForwardPass fp = model.forward(x);
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluateNd4j(fp.logits(), oneHot);
        INDArray dSum = ce.gradMean().muli((int) oneHot.rows());
        return new LossGradient(ce.perExample(), model.inputGradient(fp, dSum));
    }

    /**
     * As {@link #of(Model, INDArray, INDArray)} for {@link LinfStep}, which reads either order: when the first layer is
     * {@link Dense}, its input VJP is {@link Gemm#product}, the product {@link Dense#inputVjp} computes (so the same
     * values), which for PGD's 1,000 × 256 · 256 × 784 product is the transposed GEMM writing c order directly. It used to
     * be the f-order GEMM (mmul's without its f→c copy), which LinfStep then had to read column-wise: that transpose was
     * 9.6 % of pgd20-linf (JFR, 2026-11-26).
     */
    static LossGradient ofAnyOrder(Model model, INDArray x, INDArray oneHot) {
        List<Layer> layers = model.layers();
        if (!(layers.get(0) instanceof Dense first)) return of(model, x, oneHot);
        ForwardPass fp = model.forward(x);
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluateNd4j(fp.logits(), oneHot);
        INDArray delta = ce.gradMean().muli((int) oneHot.rows());
        for (int j = layers.size() - 1; j >= 1; j--) delta = model.inputVjp(fp, j, delta);
        return new LossGradient(ce.perExample(), Gemm.product(delta, false, first.weight(), true));
    }

    /**
     * Per-sample losses of a whole data set in double precision, in batches of
     * {@link WorkingMemory#evaluationBatch} (a training set of 60,000 images through a CNN does not fit in one).
     */
    public static double[] losses(Model model, Dataset data) {
        return Batches.mapRows(data.size(), WorkingMemory.evaluationBatch(model, Evaluator.DEFAULT_BATCH),
                (start, end) -> losses(model, Batches.rows(data.features(), start, end), data.labels(start, end)).castTo(DataType.DOUBLE).toDoubleVector());
    }

    /** Per-sample losses only. */
    public static INDArray losses(Model model, INDArray x, int[] labels) {
        return SoftmaxCrossEntropy.evaluateNd4j(model.logits(x), Dataset.oneHot(labels, model.outputDim(), model.dataType())).perExample();
    }
}
