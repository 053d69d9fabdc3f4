package radlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.nn.layer.Activation;
import radlab.nn.layer.Layer;
import radlab.train.Optimizer;
import radlab.train.OptimizerConfig;

/**
 * {@link Network#backward} takes ReLU layers' VJP from their input in one op ({@code ActivationLayer.inputVjpFromInput})
 * instead of the σ′ mask times the gradient. Against the mask route, written out here as Network.backward had it:
 * the same gradients (as numbers; the only possible difference is the sign of an exact zero) and, after Adam steps
 * on both, the same parameter bits.
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class NetworkReluBackwardTest {
    /** Network.backward before the change: every layer's VJP through its cached local state. */
    private static Gradients maskRoute(Model m, ForwardPass fp, INDArray dLogits, boolean inputGrad) {
        List<Layer> layers = m.layers();
        List<List<INDArray>> perLayer = new ArrayList<>(java.util.Collections.nCopies(layers.size(), List.of()));
        INDArray delta = dLogits;
        for (int j = layers.size() - 1; j >= 0; j--) {
            perLayer.set(j, layers.get(j).parameterGradients(fp.value(j), delta));
            if (j > 0 || inputGrad) delta = layers.get(j).inputVjp(delta, fp.local(j), 1);
        }
        List<INDArray> grads = new ArrayList<>();
        for (List<INDArray> g : perLayer) grads.addAll(g);
        return new Gradients(grads, inputGrad ? delta : null);
    }

    private static int[] bits(INDArray a) {
        return FloatBits.of(a);
    }

    @Test
    void reluVjpFromInputGivesTheMaskRoutesGradientsAndParameters() {
        Dataset all = MnistLoader.shippedSubset();
        Mlp a = Mlp.initialize(MlpSpec.of(784, new int[] {64, 32}, 10, Activation.RELU), 5, DataType.FLOAT), b = a.copy();
        Optimizer oa = Optimizer.create(OptimizerConfig.adam(1e-2)), ob = Optimizer.create(OptimizerConfig.adam(1e-2));
        for (int step = 0; step < 6; step++) {
            INDArray x = all.features().get(NDArrayIndex.interval(step * 64, (step + 1) * 64), NDArrayIndex.all());
            int[] y = Arrays.copyOfRange(all.labels(), step * 64, (step + 1) * 64);
            INDArray oneHot = Dataset.oneHot(y, 10, DataType.FLOAT);
            ForwardPass fa = a.forward(x), fb = b.forward(x);
            Gradients ga = a.backward(fa, SoftmaxCrossEntropy.evaluate(fa.logits(), oneHot).gradMean(), null, true);
            Gradients gb = maskRoute(b, fb, SoftmaxCrossEntropy.evaluate(fb.logits(), oneHot).gradMean(), true);
            assertEquals(gb.parameters().size(), ga.parameters().size());
            for (int i = 0; i < ga.parameters().size(); i++) {
                assertArrayEquals(gb.parameters().get(i).dup('c').data().asFloat(), ga.parameters().get(i).dup('c').data().asFloat(), 0f, "step " + step + " gradient " + i);
            }
            assertArrayEquals(gb.input().dup('c').data().asFloat(), ga.input().dup('c').data().asFloat(), 0f, "input gradient");
            // once a σ′ mask exists (Jacobian regularizers compute it), backward reuses it: the mask route's very bits
            ForwardPass fc = a.forward(x);
            for (int j = 0; j < a.layers().size(); j++) fc.local(j);
            Gradients gc = a.backward(fc, SoftmaxCrossEntropy.evaluate(fc.logits(), oneHot).gradMean(), null, true);
            Gradients gm = maskRoute(a, fc, SoftmaxCrossEntropy.evaluate(fc.logits(), oneHot).gradMean(), true);
            for (int i = 0; i < gc.parameters().size(); i++) assertArrayEquals(bits(gm.parameters().get(i)), bits(gc.parameters().get(i)), "with mask, gradient " + i);
            oa.step(a.parameters(), ga.parameters());
            ob.step(b.parameters(), gb.parameters());
        }
        for (int i = 0; i < a.parameters().size(); i++) assertArrayEquals(bits(b.parameters().get(i)), bits(a.parameters().get(i)), "parameter " + i);
    }
}
