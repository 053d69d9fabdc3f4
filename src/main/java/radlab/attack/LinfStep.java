package radlab.attack;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One float ℓ∞ PGD iteration as a single pass over the rows, in place: the best-iterate update
 * best ← best + (cur − best)·[better] of {@code Pgd.keepBest}, then the step and projection of
 * {@link Perturbations#ascentDirectionInPlace} and {@link Perturbations#projectedPointInPlace}:
 * cur ← min(max(x0 + min(max((sign(g)·α + cur) − x0, −ε), ε), 0), 1).
 *
 * <p>Why a Java loop (issue #14): on PGD's 1,000 × 784 arrays the ND4J path runs ~12 element-wise ops per step
 * (sign, scale, add, subtract, four clamps, add, assign, the best update) plus a copy of the f-order input gradient
 * into c order at ~4 ns per element, a quarter of pgd20-linf's time; this pass reads the gradient in whichever order
 * it comes and touches each element once (measured: ~1.6 ms per step for 1,000 × 784 in c order, against 4.2 ms for
 * ND4J's f→c copy alone). Every operation is the ND4J op's float arithmetic, in the same order (libnd4j's sign is
 * (0 &lt; g) − (g &lt; 0), its scalar max and min are {@code a > b ? a : b} and {@code a < b ? a : b}, scalars are
 * rounded to float first), so the results are bit-identical; {@link #stepFast} says why its vectorisable form
 * gives the same bits. PgdFusedStepTest compares with the ND4J path, on edge values too (±0, NaN, ±∞).
 *
 * <p>Rows go through in chunks of {@link #ROWS} (heap scratch of a few hundred KB, whatever n), copied in and out of
 * the arrays' native buffers in bulk.
 */
final class LinfStep {
    /** Rows per chunk: 64 × 784 floats is 200 KB per scratch array. */
    static final int ROWS = 64;

    private final FloatBuffer x0, cur, best;
    private final int n, d;
    private final float alpha, eps;
    private final float[] xs, cs, bs, gs, gcols;
    private final INDArray[] arrays;

    /** x0, cur and best: float, c order, contiguous, same shape; cur and best are updated in place. */
    LinfStep(INDArray x0, INDArray cur, INDArray best, double stepSize, double epsilon) {
        for (INDArray a : new INDArray[] {x0, cur, best}) {
            if (!ownsContiguousC(a) || a.dataType() != DataType.FLOAT || !java.util.Arrays.equals(a.shape(), x0.shape())) {
                throw new IllegalArgumentException("LinfStep needs float c-order arrays of one shape");
            }
        }
        // the NIO views below do not keep their arrays alive (a collected array's native buffer is freed at once):
        // the step holds the arrays, and fences itself after each use
        this.arrays = new INDArray[] {x0, cur, best};
        this.x0 = x0.data().asNioFloat();
        this.cur = cur.data().asNioFloat();
        this.best = best.data().asNioFloat();
        this.n = (int) x0.rows();
        this.d = (int) x0.columns();
        this.alpha = (float) stepSize; // ND4J's scalar ops round the scalar to the array's type first
        this.eps = (float) epsilon;
        int chunk = Math.min(n, ROWS) * d;
        xs = new float[chunk];
        cs = new float[chunk];
        bs = new float[chunk];
        gs = new float[chunk];
        gcols = new float[chunk];
    }

    /** Whether the fused float ℓ∞ step applies to inputs {@code x0} (float ℓ∞ of a size the int indices cover). */
    static boolean applies(ThreatModel t, INDArray x0) {
        return t.norm() == AttackNorm.LINF && x0.dataType() == DataType.FLOAT && x0.rank() == 2
                && x0.length() <= Integer.MAX_VALUE / 2;
    }

    /** Whether {@code a} is a 2-D c-order array that owns its buffer from offset 0 (its NIO view is its rows in order). */
    static boolean ownsContiguousC(INDArray a) {
        return a.rank() == 2 && a.ordering() == 'c' && a.elementWiseStride() == 1 && a.offset() == 0 && !a.isView();
    }

    /**
     * best ← best + (cur − best)·better[row]; then, unless {@code grad} is null, cur ← the projected step along
     * sign(grad). {@code grad} (n × d) may be in c or f order.
     */
    void keepBestAndStep(float[] better, INDArray grad) {
        FloatBuffer g = null;
        INDArray gradHold = null;
        boolean fOrder = false;
        if (grad != null) {
            INDArray gc = grad;
            fOrder = grad.ordering() == 'f' && grad.elementWiseStride() == 1 && grad.offset() == 0;
            if (!fOrder && !(grad.ordering() == 'c' && grad.elementWiseStride() == 1 && grad.offset() == 0)) gc = grad.dup('c');
            if (gc.dataType() != DataType.FLOAT || gc.rows() != n || gc.columns() != d) {
                throw new IllegalArgumentException("gradient " + gc.dataType() + " " + java.util.Arrays.toString(gc.shape()) + " does not fit");
            }
            g = gc.data().asNioFloat();
            gradHold = gc;
        }
        for (int r0 = 0; r0 < n; r0 += ROWS) {
            int r1 = Math.min(n, r0 + ROWS), rows = r1 - r0, off = r0 * d, len = rows * d;
            cur.get(off, cs, 0, len);
            best.get(off, bs, 0, len);
            keepBest(bs, cs, better, r0, rows, d);
            best.put(off, bs, 0, len);
            if (g == null) continue;
            x0.get(off, xs, 0, len);
            if (fOrder) {
                // the chunk's columns, each contiguous in f order, side by side, then into row order
                for (int c = 0; c < d; c++) g.get(c * n + r0, gcols, c * rows, rows);
                columnsToRows(gcols, gs, rows, d);
            } else {
                g.get(off, gs, 0, len);
            }
            if (stepFast(gs, xs, cs, len, alpha, eps)) {
                cur.get(off, cs, 0, len);
                stepExact(gs, xs, cs, len, alpha, eps);
            }
            cur.put(off, cs, 0, len);
        }
        java.lang.ref.Reference.reachabilityFence(this);
        java.lang.ref.Reference.reachabilityFence(grad);
        java.lang.ref.Reference.reachabilityFence(gradHold);
    }

    private static void keepBest(float[] bs, float[] cs, float[] better, int r0, int rows, int d) {
        for (int r = 0; r < rows; r++) {
            float b = better[r0 + r];
            for (int i = r * d, e = i + d; i < e; i++) bs[i] = bs[i] + (cs[i] - bs[i]) * b;
        }
    }

    /**
     * cur ← min(max(x0 + min(max((sign(g)·α + cur) − x0, −ε), ε), 0), 1) on {@code len} elements, as a loop C2
     * vectorises (a branch on g's random sign was mispredicted half the time: 10 ns per element). sign(g) is
     * clamp(g·2¹⁰⁰·2¹⁰⁰, −1, 1): exactly ±1 for every finite non-zero float (the products are exact or overflow to
     * ±∞) and ±0 for ±0, where libnd4j gives +0 ((0 &lt; g) − (g &lt; 0)); ±0·α added to the iterate gives the same
     * bits, since the iterate is never −0 after a step (the box clamp maps −0 to +0), and in a first step without a
     * random start, where it equals x0, the difference with x0 is +0 either way. Math.max/min equal libnd4j's
     * {@code a > b ? a : b} / {@code a < b ? a : b} unless a NaN enters (the second operand is −ε, ε, +0 or 1, so
     * signed zeros agree); a NaN (a NaN gradient or input, ∞ − ∞) propagates to the result, and such chunks are
     * recomputed with the ternaries ({@link #stepExact}).
     *
     * @return whether a NaN came out
     */
    private static boolean stepFast(float[] gs, float[] xs, float[] cs, int len, float alpha, float eps) {
        float ne = -eps;
        for (int i = 0; i < len; i++) {
            float s = Math.min(Math.max(gs[i] * 0x1p100f * 0x1p100f, -1f), 1f);
            float x = xs[i];
            float delta = Math.min(Math.max((s * alpha + cs[i]) - x, ne), eps);
            cs[i] = Math.min(Math.max(delta + x, 0f), 1f);
        }
        boolean nan = false;
        for (int i = 0; i < len; i++) nan |= cs[i] != cs[i];
        return nan;
    }

    /** The same step with libnd4j's operations written out (sign as comparisons, clamps as ternaries), any input. */
    static void stepExact(float[] gs, float[] xs, float[] cs, int len, float alpha, float eps) {
        for (int i = 0; i < len; i++) {
            float gi = gs[i], x = xs[i];
            float s = gi > 0f ? 1f : gi < 0f ? -1f : 0f;
            float delta = (s * alpha + cs[i]) - x;
            delta = delta > -eps ? delta : -eps;
            delta = delta < eps ? delta : eps;
            float v = delta + x;
            v = v > 0f ? v : 0f;
            cs[i] = v < 1f ? v : 1f;
        }
    }

    /** gs's chunk stored column by column (cols[c·rows + r]) into row order. */
    private static void columnsToRows(float[] cols, float[] gs, int rows, int d) {
        for (int r = 0; r < rows; r++) for (int c = 0, i = r * d; c < d; c++, i++) gs[i] = cols[c * rows + r];
    }
}
