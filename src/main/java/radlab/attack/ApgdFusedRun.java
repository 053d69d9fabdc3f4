package radlab.attack;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.ForwardPass;
import radlab.nn.Model;
import radlab.nn.Workspaces;

/**
 * {@link ApgdRun}'s algorithm for float inputs with the per-step bookkeeping in Java loops over heap rows: the step,
 * both projections, the momentum, and the row updates of the best point, its gradient and the last misclassified
 * iterate. On the paper profile's 2,000 × 784 batches the ND4J form of this bookkeeping (about 25 element-wise passes
 * and a dozen fresh, zero-filled n × d arrays per step) took more time than the network's forward and backward passes;
 * here it is two passes over a row plus row copies, and only the model's own passes run in ND4J.
 *
 * <p>The arithmetic is ApgdRun's, in float, in the same order, except the row norms of the ℓ2 direction and
 * projection, which are summed in double (ND4J sums in float in an order of its own): iterates can differ from
 * ApgdRun's in the last bits, so a test compares the two on their outcomes ({@code ApgdFusedRunTest}).
 */
final class ApgdFusedRun {
    private final Model model;
    private final INDArray y, target;
    private final long[] truth;   // the true classes, read once
    private final AttackLoss loss;
    private final boolean linf;
    private final float eps;
    private final int n, d;
    private final float[] x0, lo, hi, best, gradBest, adversarial, grad, tmp;
    private float[] cur, old;   // swapped after every step
    private final INDArray curNd;

    private ApgdFusedRun(Model model, INDArray x0, INDArray y, INDArray yIdx, INDArray target, AttackLoss loss, ThreatModel t) {
        this.model = model;
        this.y = y;
        this.truth = yIdx.toLongVector();
        this.target = target;
        this.loss = loss;
        this.linf = t.norm() == AttackNorm.LINF;
        this.eps = (float) t.epsilon();
        this.n = (int) x0.rows();
        this.d = (int) x0.columns();
        int len = n * d;
        this.x0 = new float[len];
        copyRows(x0, this.x0);
        cur = new float[len];
        old = new float[len];
        best = new float[len];
        gradBest = new float[len];
        adversarial = new float[len];
        grad = new float[len];
        tmp = new float[len];
        if (linf) {
            // ApgdRun's box: max(x0 − ε, 0) and min(x0 + ε, 1), each in float
            lo = new float[len];
            hi = new float[len];
            for (int i = 0; i < len; i++) {
                float a = this.x0[i] - eps, b = this.x0[i] + eps;
                lo[i] = a > 0f ? a : 0f;
                hi[i] = b < 1f ? b : 1f;
            }
        } else {
            lo = hi = null;
        }
        curNd = Nd4j.createUninitialized(DataType.FLOAT, n, d);
    }

    /** Whether the fused form applies: float, 2-D, small enough for int indices. */
    static boolean applies(INDArray x0) {
        return x0.dataType() == DataType.FLOAT && x0.rank() == 2 && x0.length() <= Integer.MAX_VALUE / 2;
    }

    static ApgdRun.Outcome run(Model model, INDArray x0, INDArray y, INDArray yIdx, INDArray target, AttackLoss loss, ThreatModel t, int steps,
                               SplittableRandom rnd) {
        return new ApgdFusedRun(model, x0, y, yIdx, target, loss, t).run(steps, rnd, t);
    }

    private ApgdRun.Outcome run(int steps, SplittableRandom rnd, ThreatModel t) {
        int[] checks = ApgdRun.checkpoints(steps);
        int nextCheck = 0, lastCheck = 0;
        INDArray start = Perturbations.clipToBox(Nd4j.createFromArray(x0).reshape('c', n, d).addi(Perturbations.randomOnSphere(n, d, t, rnd, DataType.FLOAT)));
        start.data().asNioFloat().get(cur);
        ApgdRun.free(start);
        Eval e = eval();
        float[] lossNow = e.loss();
        System.arraycopy(cur, 0, best, 0, cur.length);
        System.arraycopy(grad, 0, gradBest, 0, grad.length);
        System.arraycopy(cur, 0, adversarial, 0, cur.length);
        System.arraycopy(cur, 0, old, 0, cur.length);
        boolean[] fooled = e.wrong().clone();
        float[] bestLoss = lossNow.clone();
        float[] step = new float[n];
        java.util.Arrays.fill(step, (float) (ApgdRun.INITIAL_STEP * t.epsilon()));
        float[][] history = new float[steps + 1][];
        history[0] = lossNow;
        float[] bestAtLastCheck = bestLoss.clone();
        boolean[] reducedLastCheck = new boolean[n];
        java.util.Arrays.fill(reducedLastCheck, true);
        for (int i = 0; i < steps; i++) {
            float a = i > 0 ? (float) ApgdRun.MOMENTUM : 1f;
            for (int r = 0; r < n; r++) stepRow(r, step[r], a);
            float[] previous = cur;
            cur = old;
            old = previous;
            e = eval();
            lossNow = e.loss();
            boolean[] wrong = e.wrong();
            for (int r = 0; r < n; r++) {
                int off = r * d;
                if (wrong[r]) {
                    System.arraycopy(cur, off, adversarial, off, d);
                    fooled[r] = true;
                }
                if (lossNow[r] > bestLoss[r]) {
                    System.arraycopy(cur, off, best, off, d);
                    System.arraycopy(grad, off, gradBest, off, d);
                    bestLoss[r] = lossNow[r];
                }
            }
            history[i + 1] = lossNow;
            if (nextCheck < checks.length && i + 1 == checks[nextCheck]) {
                int k = checks[nextCheck] - lastCheck;
                for (int r = 0; r < n; r++) {
                    int increases = 0;
                    for (int c = 0; c < k; c++) if (history[i + 1 - c][r] > history[i - c][r]) increases++;
                    boolean oscillating = increases <= k * ApgdRun.RHO;
                    boolean stalled = !reducedLastCheck[r] && !(bestLoss[r] > bestAtLastCheck[r]);
                    boolean halve = oscillating || stalled;
                    reducedLastCheck[r] = halve;
                    if (halve) {
                        step[r] *= 0.5f;
                        System.arraycopy(best, r * d, cur, r * d, d);
                        System.arraycopy(gradBest, r * d, grad, r * d, d);
                    }
                }
                bestAtLastCheck = bestLoss.clone();
                lastCheck = checks[nextCheck++];
            }
        }
        ApgdRun.free(curNd);
        INDArray fooledCol = Nd4j.create(DataType.FLOAT, n, 1);
        for (int r = 0; r < n; r++) if (fooled[r]) fooledCol.putScalar(r, 0, 1f);
        return new ApgdRun.Outcome(Nd4j.createFromArray(best).reshape('c', n, d), Nd4j.createFromArray(adversarial).reshape('c', n, d), fooledCol);
    }

    /**
     * Row r: z = P(cur + η·dir(g)); z = P(cur + a·(z − cur) + (1 − a)·(cur − old)); old ← cur, cur ← z, with P the
     * projection onto the ε-ball around x0 intersected with [0,1]^d. The new iterate is written into old's row (the
     * caller then swaps the two arrays). The loops are short and read and write their arrays at one index, the form
     * C2 vectorises: one loop doing all of it ran 10× slower (scalar Math.max/min cost ~1.5 ns each, and a branch on
     * the data was mispredicted half the time).
     *
     * <p>sign(g) is clamp(g·2¹⁰⁰·2¹⁰⁰, −1, 1), as in {@link LinfStep}: ±1 for finite non-zero g, ±0 for ±0, where
     * libnd4j gives +0 (the same bits once added to the iterate). The clamps are Math.max/min, equal to libnd4j's
     * {@code a > b ? a : b} and {@code a < b ? a : b} here because the bounds are never −0; they differ only if a NaN
     * enters, which then propagates (libnd4j's ternaries would replace it by a bound).
     */
    private void stepRow(int r, float eta, float a) {
        int off = r * d, end = off + d;
        float b = 1f - a;
        float[] c = cur, o = old, g = grad, x = x0, t = tmp;
        if (linf) {
            float[] l = lo, h = hi;
            for (int i = off; i < end; i++) {
                float s = Math.min(Math.max(g[i] * 0x1p100f * 0x1p100f, -1f), 1f);
                t[i] = Math.min(Math.max(s * eta + c[i], l[i]), h[i]);
            }
            for (int i = off; i < end; i++) o[i] = Math.min(Math.max((t[i] - c[i]) * a + c[i] + (c[i] - o[i]) * b, l[i]), h[i]);
            return;
        }
        float nrm = (float) norm(g, off, d) + 1e-12f;
        for (int i = off; i < end; i++) t[i] = (g[i] / nrm * eta + c[i]) - x[i];
        float f = radius(t, off, end);
        for (int i = off; i < end; i++) t[i] = Math.min(Math.max(t[i] * f + x[i], 0f), 1f);
        for (int i = off; i < end; i++) t[i] = ((t[i] - c[i]) * a + c[i] + (c[i] - o[i]) * b) - x[i];
        f = radius(t, off, end);
        for (int i = off; i < end; i++) o[i] = Math.min(Math.max(t[i] * f + x[i], 0f), 1f);
    }

    /** min(ε / (‖δ‖₂ + 10⁻¹²), 1) for the row δ = t[off, end), ApgdRun's ℓ2 projection factor (the norm summed in double). */
    private float radius(float[] t, int off, int end) {
        float norm = (float) norm(t, off, end - off);
        return Math.min(eps / (norm + 1e-12f), 1f);
    }

    /**
     * ‖v[off, off + len)‖₂, summed in double over four interleaved partial sums: one running sum is a chain of
     * dependent additions (4 cycles each), which made this the attack's hottest Java loop.
     */
    private static double norm(float[] v, int off, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = off, e = off + len, e4 = off + (len & ~3);
        for (; j < e4; j += 4) {
            double a = v[j], b = v[j + 1], c = v[j + 2], d = v[j + 3];
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += d * d;
        }
        for (; j < e; j++) s0 += (double) v[j] * v[j];
        return Math.sqrt((s0 + s1) + (s2 + s3));
    }

    /** The model at cur: per-sample loss and misclassification (the input gradient goes into {@link #grad}). */
    private record Eval(float[] loss, boolean[] wrong) {}

    private Eval eval() {
        FloatBuffer in = curNd.data().asNioFloat();
        in.put(0, cur);
        // Every array of the forward and backward pass lives in one workspace block, reused by the next step: their
        // values leave as Java arrays (loss, predictions, the gradient in grad). Freed one by one they had left the
        // backward pass's intermediates (ReLU and pooling products) to the collector, and a CNN's steps faulted in and
        // zeroed fresh pages for them: 28 of its 96 CPU-seconds were the kernel's.
        try (MemoryWorkspace ws = Workspaces.step("radlab-apgd")) {
            ForwardPass fp = model.forward(curNd);
            AttackLoss.Value v = loss.evaluate(fp.logits(), y, target);
            long[] p = Nd4j.argMax(fp.logits(), 1).toLongVector();
            boolean[] w = new boolean[n];
            for (int r = 0; r < n; r++) w[r] = p[r] != truth[r];
            copyRows(model.inputGradient(fp, v.logitGradient()), grad);
            float[] l = v.perSample().castTo(DataType.FLOAT).toFloatVector();
            java.lang.ref.Reference.reachabilityFence(curNd);
            return new Eval(l, w);
        }
    }

    /** The float rows of {@code a} (any order or view) into {@code out}, through a c-order copy only when needed. */
    private static void copyRows(INDArray a, float[] out) {
        INDArray c = LinfStep.ownsContiguousC(a) ? a : a.dup('c');
        c.data().asNioFloat().get(0, out);
        java.lang.ref.Reference.reachabilityFence(c);
        if (c != a) ApgdRun.free(c);
    }
}
