package radlab.pacbayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.Model;
import radlab.nn.layer.Activation;
import radlab.train.CrossEntropyObjective;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;
import radlab.train.Trainer;

class RobustPacBayesTest {
    static DataSplit data;
    static Model init, net;
    static PacBayesResult clean;

    @BeforeAll
    static void trainTinyNet() {
        data = Splits.stratified(MnistLoader.shippedSubset(), 600, 200, 5);
        net = Mlp.initialize(MlpSpec.of(784, new int[] {16}, 10, Activation.RELU), 3, DataType.FLOAT);
        init = net.copy();
        new Trainer(TrainConfig.of(3, 50, OptimizerConfig.sgd(0.05, 0.9), 3), new CrossEntropyObjective(), null).fit(net, data);
        clean = PacBayesAnalysis.run(net, init, data.train(), data.test(),
                // 8 grid points instead of the standard 40: the properties below hold for any grid, at a fifth of the attacks
                new PacBayesConfig(new PriorGrid(0.5, 0.5, 8), 0.025, 0.01, 20, 2, 0, 100, 1e-2, 1e-2, 7, PacBayesConfig.Surrogate.LINEAR));
    }

    @Test
    void theAttackedBoundIsAtLeastTheCleanStochasticErrorAndAtMostOne() {
        RobustPacBayes.Result r = RobustPacBayes.run(net, init, data.train(), data.test(), clean, new ThreatModel(AttackNorm.LINF, 0.1), 3, 10, 4);
        assertTrue(r.robustEmpiricalError() >= r.cleanEmpiricalError(), r.toString());
        assertTrue(r.robustStochasticTestError() >= r.stochasticTestError(), r.toString());
        assertTrue(r.bound() >= r.cleanKlInverse(), "the same KL and draws: kl⁻¹ is increasing in ê. " + r);
        assertTrue(r.bound() >= r.stochasticTestError(), "above the clean stochastic test error of the same posterior: " + r);
        assertTrue(r.bound() >= r.robustStochasticTestError(), "it bounds the attacked stochastic test error: " + r);
        assertTrue(r.bound() <= 1 && r.mcAllester() >= r.bound(), r.toString());
        // ε = 0.1 in ℓ∞ breaks a plain MNIST MLP: the attacked error is well above the clean one, so the bound is not the clean one
        assertTrue(r.robustEmpiricalError() > r.cleanEmpiricalError() + 0.1, r.toString());
        double ratio = clean.grid().priorSigma() / r.priorSigma();
        assertEquals(clean.grid().kl() * ratio * ratio, r.kl(), 1e-9 * r.kl(), "isotropic posterior and prior: KL = ‖w − w₀‖²/(2σ²)");
        assertTrue(r.certifies().contains("NOT a certified robust error"), r.certifies());
    }

    @Test
    void aTinyRadiusGivesTheCleanBound() {
        RobustPacBayes.Result r = RobustPacBayes.run(net, init, data.train(), data.test(), clean, new ThreatModel(AttackNorm.L2, 1e-6), 2, 5, 1);
        assertEquals(r.cleanEmpiricalError(), r.robustEmpiricalError(), 2.0 / data.train().size(), r.toString());
    }

    @Test
    void badBudgetsFailBeforeAnyWork() {
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.1);
        assertThrows(IllegalArgumentException.class, () -> RobustPacBayes.run(net, init, data.train(), data.test(), clean, t, 0, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> RobustPacBayes.run(net, init, data.train(), data.test(), clean, t, 3, 0, 1));
    }
}
