package radlab.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.Dataset;
import radlab.nn.ForwardPass;
import radlab.nn.Model;
import radlab.nn.SoftmaxCrossEntropy;

/** Mean softmax cross-entropy, the standard (unregularized) objective. */
public final class CrossEntropyObjective implements Objective {
    @Override
    public Value evaluate(Model model, INDArray x, int[] labels) {
        ForwardPass fp = model.forward(x);
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.evaluate(fp.logits(),
                Dataset.oneHot(labels, model.outputDim(), model.dataType()));
        return new Value(ce.mean(), model.backward(fp, ce.gradMean(), null, false));
    }

    @Override
    public String describe() {
        return "cross-entropy";
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("objective", "cross-entropy");
    }
}
