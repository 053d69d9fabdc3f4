package radlab.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.FloatBits;
import org.nd4j.linalg.indexing.NDArrayIndex;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.nn.layer.Activation;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;

/**
 * The fused float ℓ∞ PGD step ({@link LinfStep}, with the f-order input gradient of {@link LossGradient#ofAnyOrder})
 * against the ND4J path it replaces: the adversarial examples must be the same floats, bit for bit.
 */
class PgdFusedStepTest {
    private static int[] bits(INDArray a) {
        return FloatBits.of(a);
    }

    /** One step on crafted values (±0, NaN, ±∞, subnormal gradients, points on the box and ball faces), f and c order. */
    @Test
    void oneStepMatchesTheNd4jOpsOnEdgeValues() {
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
                1e-30f, -3e-38f, 0.5f, -0.25f, 1f, 0.1f, 0.9f, 1e20f};
        int n = 70, d = 29; // more than one chunk of LinfStep.ROWS rows
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        float[] g = new float[n * d], x = new float[n * d], c = new float[n * d];
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextInt(3) == 0 ? special[rnd.nextInt(special.length)] : (float) rnd.nextGaussian();
            x[i] = rnd.nextInt(4) == 0 ? special[rnd.nextInt(special.length)] : (float) rnd.nextDouble();
            c[i] = rnd.nextInt(4) == 0 ? special[rnd.nextInt(special.length)] : x[i] + (float) (0.2 * rnd.nextDouble() - 0.1);
        }
        ThreatModel t = new ThreatModel(AttackNorm.LINF, 0.1);
        double alpha = 0.0125;
        for (char order : new char[] {'c', 'f'}) {
            INDArray x0 = org.nd4j.linalg.factory.Nd4j.create(x, new long[] {n, d}), cur = org.nd4j.linalg.factory.Nd4j.create(c, new long[] {n, d});
            INDArray grad = org.nd4j.linalg.factory.Nd4j.create(g, new long[] {n, d});
            INDArray next = Perturbations.ascentDirectionInPlace(grad.dup(), AttackNorm.LINF).muli(alpha).addi(cur);
            INDArray expected = Perturbations.projectedPointInPlace(x0, next, t);
            float[] better = new float[n];
            for (int r = 0; r < n; r += 3) better[r] = 1f;
            // Pgd.keepBest's ops: best + (cand − best)·[better]
            INDArray expectedBest = x0.add(cur.sub(x0).muliColumnVector(org.nd4j.linalg.factory.Nd4j.create(better, new long[] {n, 1})));
            INDArray best = x0.dup(), fusedCur = cur.dup();
            new LinfStep(x0, fusedCur, best, alpha, t.epsilon()).keepBestAndStep(better, grad.dup(order));
            assertArrayEquals(bits(expected), bits(fusedCur), "step, order " + order);
            assertArrayEquals(bits(expectedBest), bits(best), "best, order " + order);
        }
    }

    @Test
    void fusedLinfStepIsBitIdenticalToTheNd4jPath() {
        Dataset all = MnistLoader.shippedSubset();
        // 150 rows: more than two LinfStep chunks and a partial one; a view, as RobustEvaluator's batches are
        INDArray x = all.features().get(NDArrayIndex.interval(100, 250), NDArrayIndex.all());
        int[] y = Arrays.copyOfRange(all.labels(), 100, 250);
        Mlp net = Mlp.initialize(MlpSpec.of(784, new int[] {64, 32}, 10, Activation.RELU), 4, DataType.FLOAT);
        for (double eps : new double[] {0.1, 0.3}) {
            ThreatModel t = new ThreatModel(AttackNorm.LINF, eps);
            for (Pgd pgd : new Pgd[] {Pgd.standard(t, 7, 3), new Pgd(t, 4, 0.37 * eps, false, 0), new Pgd(t, 3, 3 * eps, true, 9)}) {
                INDArray fused = pgd.perturb(net, x, y, true), reference = pgd.perturb(net, x, y, false);
                assertArrayEquals(bits(reference), bits(fused), pgd.describe());
                assertFalse(Arrays.equals(bits(fused), bits(x.dup())), pgd.describe() + " did not move");
            }
        }
        assertTrue(LinfStep.applies(new ThreatModel(AttackNorm.LINF, 0.1), x));
        assertFalse(LinfStep.applies(new ThreatModel(AttackNorm.L2, 0.1), x));
        assertFalse(LinfStep.applies(new ThreatModel(AttackNorm.LINF, 0.1), x.castTo(DataType.DOUBLE)));
    }
}
