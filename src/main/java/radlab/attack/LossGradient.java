package radlab.attack;

import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.Dataset;
import radlab.nn.ForwardPass;
import radlab.nn.Model;
import radlab.nn.SoftmaxCrossEntropy;

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
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluate(fp.logits(), oneHot);
        INDArray dSum = ce.gradMean().muli((int) oneHot.rows());
        return new LossGradient(ce.perExample(), model.inputGradient(fp, dSum));
    }

    /** Per-sample losses only. */
    public static INDArray losses(Model model, INDArray x, int[] labels) {
        return SoftmaxCrossEntropy.evaluate(model.logits(x), Dataset.oneHot(labels, model.outputDim(), model.dataType())).perExample();
    }
}
