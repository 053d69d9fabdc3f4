package radlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecTest {
    static final String FULL = "{\"data\":{\"dataset\":\"mnist\",\"trainSize\":3000,\"testSize\":900,\"splitSeed\":7},"
            + "\"model\":{\"arch\":\"mlp:64,32\",\"activation\":\"tanh\"},"
            + "\"objective\":{\"kind\":\"l2-jacobian\",\"lambda\":0.03,\"projections\":2},"
            + "\"optimizer\":{\"kind\":\"sgd\",\"learningRate\":0.05,\"momentum\":0.9,\"batchSize\":32,\"epochs\":3,\"weightDecay\":1.0E-4},"
            + "\"evaluation\":{\"epsilonL2\":0.5,\"epsilonLinf\":0.05,\"attackSteps\":7,\"evalSize\":500,"
            + "\"attackTargets\":2,\"baselineSteps\":10,\"certifySize\":100},\"seed\":11}";

    @Test
    void canonicalJsonRoundTripsByteForByte() {
        assertEquals(FULL, SpecJson.canonical(SpecJson.parse(FULL)));
        for (String objective : List.of("{\"kind\":\"plain\"}", "{\"kind\":\"l1-jacobian\",\"lambda\":0.001}",
                "{\"kind\":\"adversarial\",\"norm\":\"l2\",\"epsilon\":1.0,\"steps\":3}")) {
            String json = FULL.replace("{\"kind\":\"l2-jacobian\",\"lambda\":0.03,\"projections\":2}", objective);
            assertEquals(json, SpecJson.canonical(SpecJson.parse(json)));
        }
        String dflt = SpecJson.canonical(Defaults.experiment());
        assertEquals(dflt, SpecJson.canonical(SpecJson.parse("{}")), "an empty spec is the default spec");
        assertEquals(dflt, SpecJson.canonical(SpecJson.parse(dflt)));
    }

    @Test
    void missingFieldsTakeTheirDefaults() {
        ExperimentSpec s = SpecJson.parse("{\"objective\":{\"kind\":\"l1-jacobian\"},\"optimizer\":{\"epochs\":2}}");
        assertEquals(new ObjectiveSpec.JacobianL1(Defaults.LAMBDA), s.objective());
        assertEquals(2, s.optimizer().epochs());
        assertEquals(Defaults.LEARNING_RATE, s.optimizer().learningRate());
        assertEquals(List.of(128, 128), s.model().hidden());
    }

    /** Each entry: a replacement in FULL and the key path the message must start with. */
    @Test
    void everyInvalidFieldIsNamed() {
        String[][] cases = {
                {"\"dataset\":\"mnist\"", "\"dataset\":\"cifar\"", "data.dataset"},
                {"\"trainSize\":3000", "\"trainSize\":0", "data.trainSize"},
                {"\"trainSize\":3000", "\"trainSize\":9500", "data.trainSize"},
                {"\"testSize\":900", "\"testSize\":-1", "data.testSize"},
                {"\"splitSeed\":7", "\"splitSeed\":\"x\"", "data.splitSeed"},
                {"\"arch\":\"mlp:64,32\"", "\"arch\":\"mlp:64,,32\"", "model.arch"},
                {"\"arch\":\"mlp:64,32\"", "\"arch\":\"resnet\"", "model.arch"},
                {"\"activation\":\"tanh\"", "\"activation\":\"gelu\"", "model.activation"},
                {"\"kind\":\"l2-jacobian\"", "\"kind\":\"l3-jacobian\"", "objective.kind"},
                {"\"lambda\":0.03", "\"lambda\":-0.1", "objective.lambda"},
                {"\"projections\":2", "\"projections\":-2", "objective.projections"},
                {"\"kind\":\"sgd\"", "\"kind\":\"rmsprop\"", "optimizer.kind"},
                {"\"learningRate\":0.05", "\"learningRate\":0", "optimizer.learningRate"},
                {"\"momentum\":0.9", "\"momentum\":1.0", "optimizer.momentum"},
                {"\"batchSize\":32", "\"batchSize\":0", "optimizer.batchSize"},
                {"\"epochs\":3", "\"epochs\":1.5", "optimizer.epochs"},
                {"\"weightDecay\":1.0E-4", "\"weightDecay\":-1", "optimizer.weightDecay"},
                {"\"epsilonL2\":0.5", "\"epsilonL2\":-0.5", "evaluation.epsilonL2"},
                {"\"epsilonLinf\":0.05", "\"epsilonLinf\":\"big\"", "evaluation.epsilonLinf"},
                {"\"attackSteps\":7", "\"attackSteps\":0", "evaluation.attackSteps"},
                {"\"evalSize\":500", "\"evalSize\":901", "evaluation.evalSize"},
                {"\"attackTargets\":2", "\"attackTargets\":0", "evaluation.attackTargets"},
                {"\"baselineSteps\":10", "\"baselineSteps\":-1", "evaluation.baselineSteps"},
                {"\"certifySize\":100", "\"certifySize\":501", "evaluation.certifySize"},
                {"\"seed\":11", "\"seed\":1.5", "seed"},
                {"\"seed\":11", "\"seed\":11,\"seeds\":3", "seeds"},
                {"\"epochs\":3", "\"epochs\":3,\"lr\":1", "optimizer.lr"},
        };
        for (String[] c : cases) {
            assertTrue(FULL.contains(c[0]), c[0]);
            SpecException e = assertThrows(SpecException.class, () -> SpecJson.parse(FULL.replace(c[0], c[1])), c[1]);
            assertEquals(c[2], e.path(), e.getMessage());
            assertTrue(e.getMessage().startsWith(c[2] + ": ") && !e.getMessage().contains("\n"), e.getMessage());
        }
        SpecException adv = assertThrows(SpecException.class, () -> SpecJson.parse("{\"objective\":{\"kind\":\"adversarial\",\"norm\":\"l3\"}}"));
        assertEquals("objective.norm", adv.path());
        SpecException plainLambda = assertThrows(SpecException.class, () -> SpecJson.parse("{\"objective\":{\"kind\":\"plain\",\"lambda\":0.1}}"));
        assertEquals("objective.lambda", plainLambda.path(), "a λ on the plain objective is rejected, not ignored");
        SpecException adamMomentum = assertThrows(SpecException.class, () -> SpecJson.parse("{\"optimizer\":{\"momentum\":0.9}}"));
        assertEquals("optimizer.momentum", adamMomentum.path());
    }

    @Test
    void hashChangesWithEveryFieldTheDataAndTheCode() {
        String base = SpecHash.of(SpecJson.parse(FULL), "data-a", "v1");
        assertEquals(base, SpecHash.of(SpecJson.parse(FULL), "data-a", "v1"), "deterministic");
        assertNotEquals(base, SpecHash.of(SpecJson.parse(FULL), "data-b", "v1"));
        assertNotEquals(base, SpecHash.of(SpecJson.parse(FULL), "data-a", "v2"));
        String[][] changes = {{"\"trainSize\":3000", "\"trainSize\":3001"}, {"\"testSize\":900", "\"testSize\":901"},
                {"\"splitSeed\":7", "\"splitSeed\":8"}, {"mlp:64,32", "mlp:64,33"}, {"tanh", "relu"}, {"\"lambda\":0.03", "\"lambda\":0.031"},
                {"\"projections\":2", "\"projections\":3"}, {"\"sgd\",\"learningRate\":0.05", "\"sgd\",\"learningRate\":0.051"},
                {"\"momentum\":0.9", "\"momentum\":0.8"}, {"\"batchSize\":32", "\"batchSize\":33"}, {"\"epochs\":3", "\"epochs\":4"},
                {"\"weightDecay\":1.0E-4", "\"weightDecay\":2.0E-4"}, {"\"epsilonL2\":0.5", "\"epsilonL2\":0.6"},
                {"\"epsilonLinf\":0.05", "\"epsilonLinf\":0.06"}, {"\"attackSteps\":7", "\"attackSteps\":8"},
                {"\"evalSize\":500", "\"evalSize\":501"}, {"\"attackTargets\":2", "\"attackTargets\":3"},
                {"\"baselineSteps\":10", "\"baselineSteps\":11"}, {"\"certifySize\":100", "\"certifySize\":101"}, {"\"seed\":11", "\"seed\":12"}};
        Set<String> hashes = new HashSet<>(List.of(base));
        for (String[] c : changes) {
            assertTrue(FULL.contains(c[0]), c[0]);
            String changed = FULL.replace(c[0], c[1]);
            assertTrue(hashes.add(SpecHash.of(SpecJson.parse(changed), "data-a", "v1")), "hash unchanged by " + c[1]);
        }
        assertEquals(changes.length + 1, hashes.size());
    }
}
