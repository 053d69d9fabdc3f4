package radlab.rademacher;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.Dataset;
import radlab.nn.Model;
import radlab.nn.Workspaces;
import radlab.nn.layer.LinearLayer;
import radlab.train.Objective;

/**
 * A loss class g∘F around a trained network (F = {@link ModelBall}, g = {@link LossTerm}) seen through random-sign
 * fitting (docs/theory.md §4.5): for each σ, projected gradient ascent on (1/n)Σσ_i g(f, z_i) over the weights, from
 * f̂ itself (restart 0) and from seeded random starts inside the ball; the best value over steps and restarts is the
 * supremum's <b>lower estimate</b>. Steps are normalised per layer, W ← W + η_t‖W‖_F·G/‖G‖_F with η_t falling
 * linearly from η to η/10, then the retraction; the objective's scale (cross-entropy vs ‖J‖) does not matter.
 *
 * <p>Deterministic: a draw's restarts and PGD starts are seeded from (seed, σ) alone.
 */
public final class LossClassFitting implements SignFitting {
    private final ModelBall ball;
    private final LossTerm term;
    private final Dataset sample;
    private final int restarts, steps;
    private final double stepSize;
    private final long seed;

    public LossClassFitting(ModelBall ball, LossTerm term, Dataset sample, int restarts, int steps, double stepSize, long seed) {
        if (restarts < 1 || steps < 0) throw new IllegalArgumentException("restarts must be ≥ 1 and steps ≥ 0, got " + restarts + " and " + steps);
        if (!(stepSize > 0)) throw new IllegalArgumentException("step size must be positive, got " + stepSize);
        this.ball = ball;
        this.term = term;
        this.sample = new Dataset(sample.name(), sample.features().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE), sample.labels(), sample.numClasses());
        this.restarts = restarts;
        this.steps = steps;
        this.stepSize = stepSize;
        this.seed = seed;
    }

    @Override
    public int sampleSize() {
        return sample.size();
    }

    /** (construction seed, σ) mixed: a draw's starts depend on its signs, not on which draws were fitted before. */
    @Override
    public long seedFor(double[] sigma) {
        return RademacherEstimator.mix(seed, Arrays.hashCode(sigma));
    }

    /** Best value of (1/n)Σσ_i g(f, z_i) found for one sign vector; restart 0 starts at f̂, restart r at a start seeded by (seed, r). */
    @Override
    public Fit fit(double[] sigma, long seed) {
        int n = sampleSize();
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = sigma[i] / n;
        double[] values = new double[restarts];
        for (int r = 0; r < restarts; r++) {
            long rs = RademacherEstimator.mix(seed, r);
            Model m = r == 0 ? ball.reference().copy() : ball.randomStart(rs, sample.features());
            values[r] = ascend(m, w, rs);
        }
        return new Fit(values);
    }

    /** Projected ascent from m (modified in place); returns the best value seen. */
    double ascend(Model m, double[] w, long rs) {
        ball.project(m, sample.features());
        double best = Double.NEGATIVE_INFINITY;
        for (int t = 0; t <= steps; t++) {
            long attackSeed = RademacherEstimator.mix(rs, 1000 + t);
            if (t == steps) {
                double[] v = term.values(m, sample, attackSeed);
                double total = 0;
                for (int i = 0; i < v.length; i++) total += w[i] * v[i];
                return Math.max(best, total);
            }
            // One workspace block per step for its temporaries (the Jacobians of n samples × K seeds, tens of MB): as
            // fresh allocations they were freed only by the garbage collector, returned to the OS by the memory
            // governor's trim and zeroed again by the next step, a third of the study's time in page faults. The
            // weights are updated and projected in place, so nothing created here outlives the step.
            try (MemoryWorkspace ws = Workspaces.step("radlab-sign-fitting")) {
                Objective.Value val = term.weighted(m, sample, w, attackSeed);
                best = Math.max(best, val.loss());
                double eta = stepSize * (1 - 0.9 * t / (double) Math.max(1, steps - 1));
                List<LinearLayer> ls = m.linearLayers();
                List<INDArray> grads = val.gradients().parameters();
                for (int l = 0; l < ls.size(); l++) { // parameters are (weight, bias) per dense layer; biases stay at f̂'s
                    INDArray g = grads.get(2 * l);
                    double gn = g.norm2Number().doubleValue();
                    if (gn > 0) ls.get(l).weight().addi(g.mul(eta * ls.get(l).weight().norm2Number().doubleValue() / gn));
                }
                ball.project(m, sample.features());
            }
        }
        return best;
    }

    public ModelBall ball() {
        return ball;
    }

    public LossTerm term() {
        return term;
    }

    /** The ramp loss lies in [0, 1]; the other losses have no bound over the class here (null). */
    @Override
    public double[] valueBounds() {
        if (term.kind() != LossTerm.Kind.RAMP) return null;
        double[] c = new double[sampleSize()];
        Arrays.fill(c, 1);
        return c;
    }

    @Override
    public String describe() {
        return String.format("%s ∘ {%s}, sign fitting (%d restarts × %d steps, η=%s) on n=%d", term.describe(), ball.describe(),
                restarts, steps, stepSize, sampleSize());
    }
}
