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
        ForwardPass fp = model.forward(x);
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluate(fp.logits(),
                Dataset.oneHot(labels, model.outputDim(), model.dataType()));
        INDArray dSum = ce.gradMean().muli(labels.length);
        return new LossGradient(ce.perExample(), model.backward(fp, dSum, null, true).input());
    }

    /** Per-sample losses only. */
    public static INDArray losses(Model model, INDArray x, int[] labels) {
        return SoftmaxCrossEntropy.evaluate(model.logits(x), Dataset.oneHot(labels, model.outputDim(), model.dataType())).perExample();
    }
}
