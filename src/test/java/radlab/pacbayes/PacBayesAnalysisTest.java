package radlab.pacbayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

class PacBayesAnalysisTest {
    static DataSplit data;
    static Model init;
    static Model net;
    static PacBayesResult result;

    static PacBayesConfig small() {
        return new PacBayesConfig(PriorGrid.standard(), 0.025, 0.01, 20, 2, 300, 100, 1e-2, 1e-2, 7, PacBayesConfig.Surrogate.LINEAR);
    }

    @BeforeAll
    static void trainTinyNetAndBound() {
        data = Splits.stratified(MnistLoader.shippedSubset(), 800, 300, 5);
        net = Mlp.initialize(MlpSpec.of(784, new int[] {16}, 10, Activation.RELU), 3, DataType.FLOAT);
        init = net.copy();
        new Trainer(TrainConfig.of(3, 50, OptimizerConfig.sgd(0.05, 0.9), 3), new CrossEntropyObjective(), null).fit(net, data);
        result = PacBayesAnalysis.run(net, init, data.train(), data.test(), small());
    }

    @Test
    void klOfDiagonalGaussiansMatchesTheOneDimensionalClosedFormSummed() {
        INDArray mu = Nd4j.createFromArray(0.3, -0.1, 0.0), logS = Nd4j.createFromArray(Math.log(0.2), Math.log(0.5), Math.log(0.1));
        INDArray w0 = Nd4j.createFromArray(0.1, 0.1, 0.0);
        double lambda = 0.09, expected = 0;
        double[] m = {0.3, -0.1, 0}, s = {0.2, 0.5, 0.1}, m0 = {0.1, 0.1, 0};
        for (int i = 0; i < 3; i++) expected += 0.5 * ((s[i] * s[i] + (m[i] - m0[i]) * (m[i] - m0[i])) / lambda - 1 + Math.log(lambda / (s[i] * s[i])));
        assertEquals(expected, new DiagonalGaussian(mu, logS).klToIsotropic(w0, lambda), 1e-12);
        // equal variances: ‖μ − w₀‖²/(2σ²)
        assertEquals((0.04 + 0.04) / (2 * 0.09), DiagonalGaussian.isotropic(mu, 0.3).klToIsotropic(w0, 0.09), 1e-12);
    }

    @Test
    void boundsExceedTheMonteCarloStochasticTestError() {
        for (BoundEvaluation b : new BoundEvaluation[] {result.grid(), result.optimizedCandidate()}) {
            assertTrue(b.klInverse() >= b.stochasticTestError(), b.toString());
            assertTrue(b.empiricalErrorUpper() >= b.empiricalError(), b.toString());
            assertTrue(b.klInverse() >= b.empiricalErrorUpper(), b.toString());
        }
    }

    @Test
    void everyReportedBoundReassemblesFromItsFields() {
        PacBayesBoundsTest.assertReassembles(result.grid());
        PacBayesBoundsTest.assertReassembles(result.optimizedCandidate());
        assertEquals(0.01 / 2, result.grid().deltaMc(), 0.0, "each posterior gets δ′/2");
    }

    @Test
    void mcAllesterIsNeverTighterThanTheKlInverse() {
        for (BoundEvaluation b : new BoundEvaluation[] {result.grid(), result.optimizedCandidate()}) {
            assertTrue(b.mcAllester() >= b.klInverse(), b.toString());
        }
    }

    @Test
    void optimizationTightensTheGridBound() {
        assertTrue(result.optimized().bound() <= result.grid().bound(), result.toString());
        // the optimizer itself, not just the min, must improve on its starting point here
        assertTrue(result.optimizedCandidate().bound() < result.grid().bound(), result.toString());
        assertTrue(result.surrogateEnd() < result.surrogateStart(), result.toString());
        assertEquals(result.grid().kl(), result.grid().distanceFromInit() * result.grid().distanceFromInit() / (2 * Math.pow(result.grid().priorSigma(), 2)),
                1e-6 * result.grid().kl());
    }

    @Test
    void seededRunsAreReproducible() {
        PacBayesResult again = PacBayesAnalysis.run(net, init, data.train(), data.test(), small().withSteps(0));
        assertEquals(result.grid().klInverse(), again.grid().klInverse(), 0);
        assertEquals(result.grid().empiricalError(), again.grid().empiricalError(), 0);
    }

    @Test
    void rejectsAPriorOfAnotherArchitecture() {
        Model other = Mlp.initialize(MlpSpec.of(784, new int[] {8}, 10, Activation.RELU), 3, DataType.FLOAT);
        assertThrows(IllegalArgumentException.class, () -> PacBayesAnalysis.run(net, other, data.train(), data.test(), small()));
    }
}
