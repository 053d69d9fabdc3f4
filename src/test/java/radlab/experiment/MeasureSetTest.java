package radlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.Model;
import radlab.nn.layer.Activation;

class MeasureSetTest {
    @Test
    void measuresComeFromTheAnalysisAndTheDistanceOfAnUntrainedModelIsZero() {
        DataSplit d = Splits.stratified(MnistLoader.shippedSubset(), 100, 50, 2);
        Model net = Mlp.initialize(MlpSpec.of(784, new int[] {8}, 10, Activation.RELU), 4, DataType.DOUBLE);
        Model init = net.copy();
        net.parameters().get(0).putScalar(0, 0, net.parameters().get(0).getDouble(0, 0) + 3.0); // one weight moved by 3
        NormsAnalysis a = NormsAnalysis.of(net, init, d.train(), d.train(), d.test(), 1.0, 1.0, 0.1);
        Map<String, Double> m = MeasureSet.of(a, null);
        assertEquals(3.0, m.get("distance_from_init"), 1e-9);
        assertEquals(a.norms().productSpectral(), m.get("product_spectral"), 0);
        assertEquals(a.testSummary().frobenius().max(), m.get("jacobian_frobenius_test_max"), 0);
        assertEquals(1.0, m.get("margin_gamma"), 0);
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("bound_")), m.keySet().toString());
        assertFalse(m.containsKey("pacbayes_sigma"));
        assertEquals(0.0, MeasureSet.of(NormsAnalysis.of(init, init.copy(), d.train(), d.train(), d.test(), 1.0, 1.0, 0.1), null).get("distance_from_init"), 0);
    }
}
