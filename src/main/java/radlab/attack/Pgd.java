package radlab.attack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import radlab.util.Broadcasts;
import radlab.nn.Workspaces;
import radlab.data.Dataset;
import radlab.nn.Model;

/**
 * Projected gradient ascent on the loss (Madry et al. 2018): optional uniform random start in the ε-ball, then
 * {@code steps} steps of size α along the steepest-ascent direction, each projected onto the ε-ball around x and the
 * box [0,1]. Returns, per sample, the iterate with the highest loss seen (the clean point included), so the attack
 * loss is never below the clean loss.
 */
public final class Pgd implements Attack {
    private final ThreatModel threat;
    private final int steps;
    private final double stepSize;
    private final boolean randomStart;
    private final long seed;

    /**
     * @param stepSize α &gt; 0; {@link #defaultStepSize} gives the common 2.5·ε/steps
     * @param seed     seed of the random starts
     */
    public Pgd(ThreatModel threat, int steps, double stepSize, boolean randomStart, long seed) {
        if (steps < 1) throw new IllegalArgumentException("PGD steps must be ≥ 1, got " + steps);
        boolean validStep = stepSize > 0 && Double.isFinite(stepSize) || threat.epsilon() == 0 && stepSize == 0;
        if (!validStep) throw new IllegalArgumentException("PGD step size must be positive and finite, got " + stepSize);
        this.threat = threat;
        this.steps = steps;
        this.stepSize = stepSize;
        this.randomStart = randomStart;
        this.seed = seed;
    }

    /** PGD with α = 2.5·ε/steps and a random start. */
    public static Pgd standard(ThreatModel threat, int steps, long seed) {
        return new Pgd(threat, steps, defaultStepSize(threat.epsilon(), steps), true, seed);
    }

    public static double defaultStepSize(double epsilon, int steps) {
        return 2.5 * epsilon / steps;
    }

    @Override
    public INDArray perturb(Model model, INDArray x, int[] labels) {
        return perturb(model, x, labels, true);
    }

    /**
     * @param fused whether float ℓ∞ attacks may take the fused step ({@link LinfStep}); false forces the ND4J path
     *              (kept for double precision and ℓ2, and as the reference the tests compare the fused step with)
     */
    INDArray perturb(Model model, INDArray x, int[] labels, boolean fused) {
        INDArray x0 = model.prepareInput(x);
        if (threat.epsilon() == 0) return x0.dup();
        if (fused && LinfStep.applies(threat, x0)) return perturbFused(model, x0.dup('c'), labels); // own c-order buffers
        INDArray best = x0.dup();
        INDArray bestLoss = LossGradient.losses(model, x0, labels);
        INDArray cur = randomStart
                ? Perturbations.clipToBox(x0.add(Perturbations.randomInBall(x0.rows(), x0.columns(), threat, startRandom(labels), x0.dataType())))
                : x0.dup();
        INDArray oneHot = Dataset.oneHot(labels, model.outputDim(), model.dataType());
        INDArray scratch = Nd4j.createUninitialized(x0.dataType(), x0.shape());
        for (int s = 0; s < steps; s++) {
            // every temporary of a step lives in a reused workspace block instead of fresh native memory (no malloc,
            // page faults or GC-deferred frees); the iterate is copied out into cur, which lives outside
            try (MemoryWorkspace ws = Workspaces.step("radlab-pgd")) {
                LossGradient lg = LossGradient.of(model, cur, oneHot);
                keepBest(best, bestLoss, cur, lg.perExampleLoss(), scratch);
                // the step is built in the gradient's buffer: α·dir + cur equals cur + α·dir exactly (addition commutes)
                INDArray next = Perturbations.ascentDirectionInPlace(lg.inputGradient(), threat.norm()).muli(stepSize).addi(cur);
                cur.assign(Perturbations.projectedPointInPlace(x0, next, threat));
            }
        }
        keepBest(best, bestLoss, cur, LossGradient.losses(model, cur, labels), scratch);
        return best;
    }

    /**
     * The float ℓ∞ attack with the step, projection and best-iterate update fused into one pass over the rows
     * ({@link LinfStep}) instead of ~12 ND4J ops over n×d arrays, and the input gradient left in the f order its last
     * GEMM writes (no copy to c order, which ND4J does at ~4 ns per element). The same float operations in the same
     * order as the ND4J path, so bit-identical (PgdFusedStepTest).
     */
    private INDArray perturbFused(Model model, INDArray x0, int[] labels) {
        INDArray best = x0.dup();
        float[] bestLoss = LossGradient.losses(model, x0, labels).toFloatVector();
        INDArray cur = randomStart
                ? Perturbations.clipToBox(x0.add(Perturbations.randomInBall(x0.rows(), x0.columns(), threat, startRandom(labels), x0.dataType())))
                : x0.dup();
        INDArray oneHot = Dataset.oneHot(labels, model.outputDim(), model.dataType());
        LinfStep kernel = new LinfStep(x0, cur, best, stepSize, threat.epsilon());
        for (int s = 0; s < steps; s++) {
            try (MemoryWorkspace ws = Workspaces.step("radlab-pgd")) {
                LossGradient lg = LossGradient.ofAnyOrder(model, cur, oneHot);
                kernel.keepBestAndStep(better(bestLoss, lg.perExampleLoss()), lg.inputGradient());
            }
        }
        kernel.keepBestAndStep(better(bestLoss, LossGradient.losses(model, cur, labels)), null);
        return best;
    }

    /**
     * Per row, 1 where {@code loss} beats {@code bestLoss} and 0 elsewhere; {@code bestLoss} is updated as
     * bestLoss + (loss − bestLoss)·[better], {@link #keepBest}'s float arithmetic.
     */
    private static float[] better(float[] bestLoss, INDArray lossArray) {
        float[] loss = lossArray.toFloatVector(), b = new float[loss.length];
        for (int r = 0; r < loss.length; r++) {
            b[r] = loss[r] > bestLoss[r] ? 1f : 0f;
            bestLoss[r] = bestLoss[r] + (loss[r] - bestLoss[r]) * b[r];
        }
        return b;
    }

    /**
     * The random start's generator, fresh for each call from the seed and the batch's labels (no hidden state: the
     * same batch gets the same start whatever was attacked before, so results do not depend on call order or on
     * which thread ran which batch; batches with other labels get other starts).
     */
    SplittableRandom startRandom(int[] labels) {
        long z = seed * 0x9E3779B97F4A7C15L + Arrays.hashCode(labels) + ((long) labels.length << 32);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    /**
     * Rows where {@code loss} beats {@code bestLoss} replace the rows of {@code best} (both updated in place), as
     * best + (cand − best)·[better], with the difference formed in {@code scratch} instead of a fresh n×d array.
     */
    private static void keepBest(INDArray best, INDArray bestLoss, INDArray cand, INDArray loss, INDArray scratch) {
        INDArray better = loss.gt(bestLoss).castTo(best.dataType()).reshape(best.rows(), 1);
        best.addi(Broadcasts.muliColumn(scratch.assign(cand).subi(best), better));
        bestLoss.addi(loss.sub(bestLoss).muli(better.reshape(bestLoss.length())));
    }

    public int steps() {
        return steps;
    }

    public double stepSize() {
        return stepSize;
    }

    @Override
    public ThreatModel threat() {
        return threat;
    }

    @Override
    public String describe() {
        return String.format("PGD-%d %s α=%.4g%s", steps, threat, stepSize, randomStart ? " random start" : "");
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attack", "pgd");
        m.put("norm", threat.norm().toString());
        m.put("epsilon", threat.epsilon());
        m.put("steps", steps);
        m.put("stepSize", stepSize);
        m.put("randomStart", randomStart);
        m.put("seed", seed);
        return m;
    }
}
