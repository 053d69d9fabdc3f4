package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;

/** The default suite on models with few classes: attacks whose loss is undefined are skipped and named, not thrown. */
class AttackSuiteEdgesTest {
    @ParameterizedTest
    @CsvSource({"2, 'APGD-CE', 'APGD-DLR (needs ≥ 3 classes), APGD-T (needs ≥ 4 classes)'", "3, 'APGD-CE,APGD-DLR', 'APGD-T (needs ≥ 4 classes)'",
            "4, 'APGD-CE,APGD-DLR,APGD-T', ''"})
    void undefinedAttacksAreSkippedAndNamed(int classes, String ran, String skipped) {
        Mlp net = Mlp.initialize(MlpSpec.of(6, new int[] {8}, classes, Activation.RELU), 2, DataType.DOUBLE);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 30, 6);
        Dataset d = new Dataset("own labels", x, net.predict(x), classes);
        AttackSuite suite = AttackSuite.standard(new ThreatModel(AttackNorm.LINF, 0.3), 1);
        AdversarialEvidence e = RobustEvaluator.evidence(net, d, suite, 30);
        assertEquals(List.of(ran.split(",")), e.attackNames());
        assertEquals(e.attackNames().size(), e.stages().size());
        if (skipped.isEmpty()) assertEquals(suite.describe(), e.attack());
        else assertTrue(e.attack().endsWith("; skipped on " + classes + " classes: " + skipped), e.attack());
        assertTrue(e.attack().contains("100 steps") && e.attack().contains("9 targets"), "the settings are in the description: " + e.attack());
    }
}
