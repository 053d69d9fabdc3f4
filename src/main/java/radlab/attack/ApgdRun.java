package radlab.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.nn.ForwardPass;
import radlab.nn.Model;
import radlab.util.Broadcasts;

/**
 * One run of APGD from one random start on a batch (Croce &amp; Hein 2020, ICML, "Reliable evaluation of adversarial
 * robustness with an ensemble of diverse parameter-free attacks", Algorithm 1; details as in the reference code
 * fra31/auto-attack, autoattack/autopgd_base.py, {@code attack_single_run}):
 * <ul>
 *   <li>step size η = 2ε per sample, momentum α = 0.75 (α = 1 on the first step);</li>
 *   <li>checkpoints every k steps, k starting at ⌊0.22·N⌋ and shrinking by ⌊0.03·N⌋ down to ⌊0.06·N⌋ (each at least 1),
 *       i.e. p_{j+1} − p_j = max(p_j − p_{j−1} − 0.03, 0.06);</li>
 *   <li>at a checkpoint a sample's step size is halved, and it restarts from its best point and that point's gradient,
 *       if the loss increased in at most ρ = 75 % of the last k steps, or if its step size was not halved at the
 *       previous checkpoint and its best loss has not improved since;</li>
 *   <li>bookkeeping of the highest-loss point and of the last misclassified iterate.</li>
 * </ul>
 * Every operation is on the whole batch; per-sample step sizes are an n × 1 column. Float inputs go through
 * {@link ApgdFusedRun}, the same algorithm with its bookkeeping in Java loops. The reference compares the
 * first window's oldest loss with an unfilled row of zeros; here it is compared with the starting point's loss.
 */
final class ApgdRun {
    static final double RHO = 0.75;
    static final double MOMENTUM = 0.75;
    static final double INITIAL_STEP = 2.0;

    /**
     * @param best        per sample, the point of highest objective
     * @param adversarial per sample, the last misclassified iterate (the start where there was none)
     * @param fooled      1 where some iterate (the start included) was misclassified, else 0 (n × 1)
     */
    record Outcome(INDArray best, INDArray adversarial, INDArray fooled) {}

    private record Eval(INDArray loss, INDArray grad, INDArray wrong) {}

    private ApgdRun() {}

    /**
     * @param x0     clean inputs (n × d), in the model's precision
     * @param y      true classes one-hot (n × K); {@code yIdx} the same as class indices (length n)
     * @param target target classes one-hot, for the targeted loss (else null)
     */
    static Outcome run(Model model, INDArray x0, INDArray y, INDArray yIdx, INDArray target, AttackLoss loss, ThreatModel t, int steps,
                       SplittableRandom rnd) {
        if (ApgdFusedRun.applies(x0)) return ApgdFusedRun.run(model, x0, y, yIdx, target, loss, t, steps, rnd);
        return runNd4j(model, x0, y, yIdx, target, loss, t, steps, rnd);
    }

    /** The algorithm in ND4J array operations: float64 inputs, and the reference the fused float form is tested against. */
    static Outcome runNd4j(Model model, INDArray x0, INDArray y, INDArray yIdx, INDArray target, AttackLoss loss, ThreatModel t, int steps,
                           SplittableRandom rnd) {
        int n = (int) x0.rows();
        int[] checks = checkpoints(steps);
        int nextCheck = 0, lastCheck = 0;
        INDArray cur = Perturbations.clipToBox(x0.add(Perturbations.randomOnSphere(n, x0.columns(), t, rnd, x0.dataType())));
        Eval e = eval(model, cur, y, yIdx, target, loss);
        INDArray grad = e.grad(), best = cur.dup(), gradBest = grad.dup(), bestLoss = e.loss().dup();
        INDArray adversarial = cur.dup(), fooled = e.wrong().dup();
        INDArray step = Nd4j.valueArrayOf(new long[] {n, 1}, INITIAL_STEP * t.epsilon(), x0.dataType());
        INDArray old = cur.dup();
        List<INDArray> history = new ArrayList<>(List.of(e.loss()));   // history.get(i) = loss after i steps
        INDArray bestAtLastCheck = bestLoss.dup(), reducedLastCheck = Nd4j.onesLike(bestLoss);
        Interval box = t.norm() == AttackNorm.LINF ? linfBox(x0, t.epsilon()) : null;
        for (int i = 0; i < steps; i++) {
            double a = i > 0 ? MOMENTUM : 1.0;
            INDArray momentum = cur.sub(old);
            // the step is built in place in the old gradient's buffer: it is not needed any more
            INDArray z = Broadcasts.muliColumn(direction(grad, t.norm()), step).addi(cur);
            project(z, x0, t, box);
            z.subi(cur).muli(a).addi(cur).addi(momentum.muli(1 - a));
            project(z, x0, t, box);
            free(momentum, old);
            old = cur;
            cur = z;
            e = eval(model, cur, y, yIdx, target, loss);
            grad = e.grad();
            blendRows(adversarial, cur, e.wrong());
            fooled = Transforms.max(fooled, e.wrong(), false);
            INDArray improved = e.loss().gt(bestLoss).castTo(cur.dataType());
            blendRows(best, cur, improved);
            blendRows(gradBest, grad, improved);
            bestLoss = Transforms.max(bestLoss, e.loss(), true);
            history.add(e.loss());
            if (nextCheck < checks.length && i + 1 == checks[nextCheck]) {
                int k = checks[nextCheck] - lastCheck;   // the window since the previous checkpoint
                INDArray increases = Nd4j.zerosLike(bestLoss);
                for (int c = 0; c < k; c++) increases.addi(history.get(i + 1 - c).gt(history.get(i - c)).castTo(cur.dataType()));
                INDArray oscillating = increases.lte(k * RHO).castTo(cur.dataType());
                INDArray stalled = reducedLastCheck.rsub(1.0).muli(bestLoss.gt(bestAtLastCheck).castTo(cur.dataType()).rsubi(1.0));
                INDArray halve = Transforms.max(oscillating, stalled, false);
                reducedLastCheck = halve;
                bestAtLastCheck = bestLoss.dup();
                Broadcasts.muliColumn(step, halve.mul(-0.5).addi(1.0).reshape(n, 1));
                blendRows(cur, best, halve);
                blendRows(grad, gradBest, halve);
                lastCheck = checks[nextCheck++];
            }
        }
        free(old, cur, grad, gradBest);
        return new Outcome(best, adversarial, fooled.reshape(n, 1));
    }

    /**
     * The step counts after which the step size is checked, as the reference code counts them: windows of
     * k = ⌊0.22·N⌋ steps, then k − ⌊0.03·N⌋, … down to ⌊0.06·N⌋ (each at least 1), while they fit in N steps. For
     * N = 100: 22, 41, 57, 70, 80, 87, 93, 99 = ⌈p_j·N⌉ of the paper's p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06).
     */
    static int[] checkpoints(int steps) {
        int k = Math.max((int) (0.22 * steps), 1);
        int kMin = Math.max((int) (0.06 * steps), 1), kDecrease = Math.max((int) (0.03 * steps), 1);
        List<Integer> out = new ArrayList<>();
        for (int at = k; at <= steps; at += k) {
            out.add(at);
            k = Math.max(k - kDecrease, kMin);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private record Interval(INDArray lower, INDArray upper) {}

    /** ℓ∞ ball ∩ [0,1]^d is the box [max(x−ε,0), min(x+ε,1)]. */
    private static Interval linfBox(INDArray x0, double eps) {
        return new Interval(Transforms.max(x0.sub(eps), 0.0, false), Transforms.min(x0.add(eps), 1.0, false));
    }

    /** sign(g) (ℓ∞) or g/‖g‖₂ (ℓ2), row-wise, computed in place in g. */
    private static INDArray direction(INDArray g, AttackNorm norm) {
        if (norm == AttackNorm.LINF) return Transforms.sign(g, false);
        INDArray n = g.norm2(1).reshape(g.rows(), 1).addi(1e-12);
        return Broadcasts.diviColumn(g, n);
    }

    /** Projects each row of z onto the ε-ball around x0 and then the box [0,1], in place (the result stays in both). */
    private static void project(INDArray z, INDArray x0, ThreatModel t, Interval box) {
        if (box != null) {
            Transforms.min(Transforms.max(z, box.lower(), false), box.upper(), false);
            return;
        }
        z.subi(x0);
        INDArray norms = z.norm2(1).reshape(z.rows(), 1);
        Broadcasts.muliColumn(z, Transforms.min(norms.addi(1e-12).rdivi(t.epsilon()), 1.0, false)).addi(x0);
        Transforms.min(Transforms.max(z, 0.0, false), 1.0, false);
    }

    /**
     * Releases the off-heap memory of arrays that are dead now. ND4J frees an array's buffer only when the garbage
     * collector finds its small Java object, which under an attack's allocation rate (a dozen n × d arrays per step)
     * happens too late: without this an APGD run on 1,000 digits grew past 20 GB.
     */
    static void free(INDArray... arrays) {
        for (INDArray a : arrays) if (a != null && a.closeable()) a.close();
    }

    /** Rows of {@code into} where {@code mask} (length n, 0/1) is 1 are replaced by those of {@code from}, in place. */
    static void blendRows(INDArray into, INDArray from, INDArray mask) {
        INDArray m = mask.reshape(into.rows(), 1);
        INDArray part = Broadcasts.muliColumn(from.dup(), m);
        Broadcasts.muliColumn(into, m.rsub(1.0)).addi(part);
        free(part);
    }

    private static Eval eval(Model model, INDArray x, INDArray y, INDArray yIdx, INDArray target, AttackLoss loss) {
        ForwardPass fp = model.forward(x);
        AttackLoss.Value v = loss.evaluate(fp.logits(), y, target);
        INDArray wrong = Nd4j.argMax(fp.logits(), 1).neq(yIdx).castTo(x.dataType());
        INDArray g = model.inputGradient(fp, v.logitGradient());
        // The pass's intermediates are dead now: free them eagerly rather than leave them to the GC, which lets
        // off-heap memory grow by gigabytes over an attack (every step allocates a new set).
        for (int j = 1; j <= fp.layerCount(); j++) {
            free(fp.value(j));
            if (fp.hasLocal(j - 1) && fp.local(j - 1) instanceof INDArray a) free(a);
        }
        return new Eval(v.perSample(), g, wrong);
    }
}
