package radlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import radlab.attack.AdversarialObjective;
import radlab.attack.TradesObjective;
import radlab.experiment.sweep.Grid;
import radlab.jacobian.InputGradientObjective;
import radlab.norms.SpectralObjective;

/** The TRADES, input-gradient and spectral kinds and adversarial training's step size: canonical JSON, defaults, one-line errors. */
class ObjectiveSpecTest {
    static ExperimentSpec with(String objectiveJson) {
        return SpecJson.parse("{\"objective\": " + objectiveJson + "}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"kind\":\"trades\",\"beta\":6.0,\"norm\":\"linf\",\"epsilon\":0.1,\"steps\":10}",
            "{\"kind\":\"trades\",\"beta\":1.0,\"norm\":\"l2\",\"epsilon\":1.0,\"steps\":3,\"stepSize\":0.5}",
            "{\"kind\":\"input-gradient\",\"lambda\":0.1}",
            "{\"kind\":\"spectral\",\"lambda\":0.01}",
            "{\"kind\":\"spectral\",\"lambda\":0.0,\"bound\":1.5}",
            "{\"kind\":\"adversarial\",\"norm\":\"linf\",\"epsilon\":0.1,\"steps\":3,\"stepSize\":0.05}"})
    void canonicalFormRoundTrips(String objective) {
        ExperimentSpec s = with(objective);
        assertTrue(SpecJson.canonical(s).contains("\"objective\":" + objective), SpecJson.canonical(s));
        assertEquals(s, SpecJson.parse(SpecJson.canonical(s)));
    }

    @Test
    void missingFieldsTakeTheDefaultsAndOldAdversarialSpecsKeepTheirCanonicalText() {
        assertEquals(new ObjectiveSpec.Trades(Defaults.TRADES_BETA, Defaults.ADV_NORM, Defaults.ADV_EPSILON, Defaults.TRADES_STEPS, Double.NaN),
                with("{\"kind\":\"trades\"}").objective());
        assertEquals(new ObjectiveSpec.Spectral(Defaults.LAMBDA, Double.NaN), with("{\"kind\":\"spectral\"}").objective());
        // no stepSize key unless set: the content address of every earlier adversarial spec is unchanged
        String old = "{\"kind\":\"adversarial\",\"norm\":\"linf\",\"epsilon\":0.1,\"steps\":5}";
        assertTrue(SpecJson.canonical(with(old)).contains("\"objective\":" + old + ","));
        assertEquals(0.05, ((ObjectiveSpec.Adversarial) with(old).objective()).effectiveStepSize(), 1e-17);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"kind\":\"trades\",\"beta\":-1}|objective.beta: must be a finite number ≥ 0, got -1.0",
            "{\"kind\":\"trades\",\"steps\":0}|objective.steps: must be a positive integer, got 0",
            "{\"kind\":\"trades\",\"stepSize\":0}|objective.stepSize: must be positive and finite, got 0.0",
            "{\"kind\":\"trades\",\"epsilon\":0}|objective.epsilon: must be positive and finite, got 0.0",
            "{\"kind\":\"adversarial\",\"steps\":0}|objective.steps: must be a positive integer, got 0",
            "{\"kind\":\"adversarial\",\"stepSize\":-0.1}|objective.stepSize: must be positive and finite, got -0.1",
            "{\"kind\":\"spectral\",\"bound\":0}|objective.bound: must be positive and finite, got 0.0",
            "{\"kind\":\"spectral\",\"bound\":-2}|objective.bound: must be positive and finite, got -2.0",
            "{\"kind\":\"input-gradient\",\"lambda\":-1}|objective.lambda: must be a finite number ≥ 0, got -1.0",
            "{\"kind\":\"input-gradient\",\"beta\":1}|objective.beta: unknown key",
            "{\"kind\":\"tradez\"}|objective.kind: unknown objective 'tradez'; expected plain, l2-jacobian, l1-jacobian, adversarial, trades, input-gradient or spectral"})
    void badValuesAreOneLineNamingTheKeyPath(String objective, String message) {
        SpecException e = assertThrows(SpecException.class, () -> with(objective));
        assertEquals(message, e.getMessage());
    }

    @Test
    void gridAxesAndPointsNameTheKeyPath() {
        SpecException axis = assertThrows(SpecException.class, () -> Grid.parse(
                "{\"base\": {\"objective\": {\"kind\": \"trades\"}}, \"axes\": {\"objective.beta\": [1, -6]}}"));
        assertTrue(axis.getMessage().startsWith("axes.objective.beta[1]: ") && axis.getMessage().contains("must be a finite number ≥ 0"), axis.getMessage());
        SpecException point = assertThrows(SpecException.class, () -> Grid.parse(
                "{\"points\": [{\"objective\": {\"kind\": \"spectral\", \"bound\": 0}}]}"));
        assertEquals("points[0].objective.bound: must be positive and finite, got 0.0", point.getMessage());
        Grid g = Grid.parse("{\"base\": {\"objective\": {\"kind\": \"trades\"}}, \"axes\": {\"objective.steps\": [1, 3, 10]}}");
        assertEquals(3, g.points().size());
        assertEquals(10, ((ObjectiveSpec.Trades) g.points().get(2).objective()).steps());
    }

    @Test
    void theFactoryBuildsEachKind() {
        assertInstanceOf(TradesObjective.class, SpecFactory.objective(with("{\"kind\":\"trades\"}")));
        assertInstanceOf(InputGradientObjective.class, SpecFactory.objective(with("{\"kind\":\"input-gradient\"}")));
        assertInstanceOf(SpectralObjective.class, SpecFactory.objective(with("{\"kind\":\"spectral\",\"bound\":2}")));
        var adv = SpecFactory.objective(with("{\"kind\":\"adversarial\",\"steps\":4,\"stepSize\":0.07}"));
        assertInstanceOf(AdversarialObjective.class, adv);
        assertEquals(0.07, (double) adv.settings().get("stepSize"), 0.0);
        assertEquals(4, adv.settings().get("steps"));
    }
}
