package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianRegularizedObjective;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;
import radlab.train.Trainer;

/** The paper's qualitative claim on a small seeded run: λ > 0 lowers ‖J‖_F on test data and raises PGD robust accuracy. */
class JacobianRegularizationEffectTest {
    @Test
    void regularizationLowersJacobianNormAndRaisesRobustAccuracy() {
        DataSplit data = Splits.stratified(MnistLoader.shippedSubset(), 2000, 400, 11);
        double[] fro = new double[2], robust = new double[2];
        double[] lambdas = {0.0, 0.05};
        for (int i = 0; i < 2; i++) {
            Mlp net = Mlp.initialize(MlpSpec.of(784, new int[] {64}, 10, Activation.RELU), 3, DataType.FLOAT);
            new Trainer(TrainConfig.of(4, 50, OptimizerConfig.adam(2e-3), 3),
                    JacobianRegularizedObjective.exact(JacobianRegularizer.L2, lambdas[i]), null).fit(net, data);
            fro[i] = InputJacobians.norms(net, data.test().features(), 200).meanFrobenius();
            robust[i] = RobustEvaluator.evaluate(net, data.test(), Pgd.standard(new ThreatModel(AttackNorm.L2, 1.0), 10, 1))
                    .adversarial().accuracy();
        }
        System.out.printf("λ=0: ‖J‖_F %.3f, PGD-ℓ2 accuracy %.3f; λ=0.05: ‖J‖_F %.3f, accuracy %.3f%n", fro[0], robust[0], fro[1], robust[1]);
        assertTrue(fro[1] < 0.7 * fro[0], "‖J‖_F should fall clearly with λ: " + fro[0] + " → " + fro[1]);
        assertTrue(robust[1] > robust[0] + 0.05, "robust accuracy should rise with λ: " + robust[0] + " → " + robust[1]);
    }
}
