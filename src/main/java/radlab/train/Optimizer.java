package radlab.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import radlab.nn.Workspaces;

/**
 * Updates parameters in place from their gradients. SGD and Nesterov momentum use ND4J's native updaters (one op per
 * parameter). Adam runs as one fused loop per parameter over the contiguous buffers ({@link FusedAdam}): ND4J
 * 1.0.0-M2.1's {@code adam_updater} op costs ~11 ns per element (2.3 ms for a 784×256 weight, a third of a plain
 * training epoch, bench/pytorch/README.md), the loop ~1 ns, with the op's exact arithmetic, so the updates are
 * bit-identical (OptimizerTest).
 */
public final class Optimizer {
    private final IUpdater config;
    private List<GradientUpdater<?>> updaters;
    private List<FusedAdam> adams;
    private int iteration;

    private Optimizer(IUpdater config) {
        this.config = config;
    }

    /** A fresh optimizer of the configured kind: Adam, or SGD with Nesterov momentum (plain SGD when momentum is 0). */
    public static Optimizer create(OptimizerConfig cfg) {
        return new Optimizer(switch (cfg.kind()) {
            case ADAM -> new Adam(cfg.learningRate());
            case SGD -> cfg.momentum() == 0 ? new Sgd(cfg.learningRate()) : new Nesterovs(cfg.learningRate(), cfg.momentum());
        });
    }

    /** The same optimizer on ND4J's native updater for every kind (tests compare the fused Adam with it). */
    static Optimizer nativeUpdaters(OptimizerConfig cfg) {
        Optimizer o = create(cfg);
        o.adams = List.of();
        return o;
    }

    /** p ← p − update(g). The gradient arrays may be overwritten. */
    public void step(List<INDArray> parameters, List<INDArray> gradients) {
        if (adams == null) adams = config instanceof Adam a && FusedAdam.supports(parameters) ? FusedAdam.create(a, parameters) : List.of();
        if (!adams.isEmpty()) {
            for (int i = 0; i < parameters.size(); i++) adams.get(i).step(parameters.get(i), gradients.get(i), iteration);
            iteration++;
            return;
        }
        if (updaters == null) {
            updaters = new ArrayList<>();
            try (MemoryWorkspace outside = Workspaces.outside()) { // the state outlives the (workspace) step that creates it
                for (INDArray p : parameters) {
                    long stateSize = config.stateSize(p.length());
                    INDArray state = stateSize == 0 ? null : Nd4j.zeros(p.dataType(), 1, stateSize);
                    updaters.add(config.clone().instantiate(state, true));
                }
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            INDArray g = gradients.get(i);
            updaters.get(i).applyUpdater(g, iteration, 0);
            parameters.get(i).subi(g);
        }
        iteration++;
    }

    /**
     * Adam for one parameter, m and v on the Java heap: the element-wise formula of ND4J's {@code adam_updater}
     * (libnd4j updaterAdam.cpp) in the parameter's precision, operation by operation (Java introduces no fused
     * multiply-add), followed by p ← p − update as {@code subi} did:
     * m ← β₁m + g(1−β₁), v ← β₂v + g·g(1−β₂), p ← p − m·ε_t/(√v + ε) with ε_t = lr·√(1−β₂^t)/(1−β₁^t).
     */
    static final class FusedAdam {
        private final double lr, beta1, beta2, epsilon;
        private final float[] mf, vf, pf, gf, gt; // state m, v and scratch: the parameter, the gradient (c order), f order
        private final double[] md, vd, pd, gd;

        private FusedAdam(Adam a, INDArray p) {
            lr = a.getLearningRate(0, 0);
            beta1 = a.getBeta1();
            beta2 = a.getBeta2();
            epsilon = a.getEpsilon();
            int n = (int) p.length();
            boolean f = p.dataType() == DataType.FLOAT;
            mf = f ? new float[n] : null;
            vf = f ? new float[n] : null;
            pf = f ? new float[n] : null;
            gf = f ? new float[n] : null;
            gt = f && p.rank() == 2 && p.rows() > 1 && p.columns() > 1 ? new float[n] : null;
            md = f ? null : new double[n];
            vd = f ? null : new double[n];
            pd = f ? null : new double[n];
            gd = f ? null : new double[n];
        }

        static List<FusedAdam> create(Adam a, List<INDArray> parameters) {
            List<FusedAdam> l = new ArrayList<>();
            for (INDArray p : parameters) l.add(new FusedAdam(a, p));
            return l;
        }

        /** Contiguous c-order float or double parameters that own their buffer from its start. */
        static boolean supports(List<INDArray> parameters) {
            for (INDArray p : parameters) {
                if (!contiguous(p) || (p.dataType() != DataType.FLOAT && p.dataType() != DataType.DOUBLE)) return false;
            }
            return true;
        }

        private static boolean contiguous(INDArray a) {
            return a.ordering() == 'c' && a.elementWiseStride() == 1 && a.offset() == 0 && a.length() <= Integer.MAX_VALUE;
        }

        /** src (rows × cols in f order) into dst in c order, in cache-sized tiles. */
        private static void transpose(float[] src, float[] dst, int rows, int cols) {
            final int b = 32;
            for (int r0 = 0; r0 < rows; r0 += b) {
                for (int c0 = 0; c0 < cols; c0 += b) {
                    int r1 = Math.min(rows, r0 + b), c1 = Math.min(cols, c0 + b);
                    for (int r = r0; r < r1; r++) for (int c = c0; c < c1; c++) dst[r * cols + c] = src[c * rows + r];
                }
            }
        }

        void step(INDArray p, INDArray g, int iteration) {
            if (g.dataType() != p.dataType() || g.length() != p.length()) {
                throw new IllegalArgumentException("gradient " + g.dataType() + " of length " + g.length()
                        + " does not fit parameter " + p.dataType() + " of length " + p.length());
            }
            // the native op's element order: gradient and state in logical c order. An f-order matrix gradient (a
            // transposed GEMM's result, Dense.parameterGradients) is read in place at the transposed position.
            boolean fOrder = g.rank() == 2 && g.ordering() == 'f' && g.elementWiseStride() == 1 && g.offset() == 0 && g.rows() > 1 && g.columns() > 1
                    && java.util.Arrays.equals(g.shape(), p.shape());
            INDArray gc = fOrder || contiguous(g) ? g : g.dup('c');
            int n = (int) p.length(), rows = fOrder ? (int) g.rows() : 1, cols = fOrder ? (int) g.columns() : n;
            if (mf != null) {
                FloatBuffer pb = p.data().asNioFloat(), gb = gc.data().asNioFloat();
                float b1 = (float) beta1, b2 = (float) beta2, eps = (float) epsilon;
                if (eps == 0f) eps = 1e-7f;
                float t = (float) iteration + 1;
                float b1t = (float) Math.pow(b1, t), b2t = (float) Math.pow(b2, t);
                float epsT = (float) ((float) lr * (float) Math.sqrt((float) (1.0 - b2t)) / (1.0 - b1t));
                if (Float.isNaN(epsT) || epsT == 0f || Float.isInfinite(epsT)) epsT = eps;
                float c1 = 1 - b1, c2 = 1 - b2;
                float[] pa = pf, ga = gf;
                pb.get(0, pa, 0, n); // bulk copies: element access through the direct buffer costs more than the update
                if (fOrder) {
                    gb.get(0, gt, 0, n);
                    transpose(gt, ga, rows, cols);
                } else {
                    gb.get(0, ga, 0, n);
                }
                for (int i = 0; i < n; i++) { // a straight loop over arrays, which C2 vectorises
                    float gi = ga[i];
                    float m = b1 * mf[i] + gi * c1;
                    float v = b2 * vf[i] + gi * gi * c2;
                    mf[i] = m;
                    vf[i] = v;
                    pa[i] = pa[i] - (m * epsT) / ((float) Math.sqrt(v) + eps);
                }
                pb.put(0, pa, 0, n);
            } else {
                DoubleBuffer pb = p.data().asNioDouble(), gb = gc.data().asNioDouble();
                double b1 = beta1, b2 = beta2, eps = epsilon == 0 ? 1e-7 : epsilon;
                double t = (double) iteration + 1;
                double b1t = Math.pow(b1, t), b2t = Math.pow(b2, t);
                double epsT = lr * Math.sqrt(1.0 - b2t) / (1.0 - b1t);
                if (Double.isNaN(epsT) || epsT == 0 || Double.isInfinite(epsT)) epsT = eps;
                double c1 = 1 - b1, c2 = 1 - b2;
                double[] pa = pd, ga = gd;
                pb.get(0, pa, 0, n);
                if (fOrder) {
                    double[] t2 = new double[n];
                    gb.get(0, t2, 0, n);
                    for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) ga[r * cols + c] = t2[c * rows + r];
                } else {
                    gb.get(0, ga, 0, n);
                }
                for (int i = 0; i < n; i++) {
                    double gi = ga[i];
                    double m = b1 * md[i] + gi * c1;
                    double v = b2 * vd[i] + gi * gi * c2;
                    md[i] = m;
                    vd[i] = v;
                    pa[i] = pa[i] - (m * epsT) / (Math.sqrt(v) + eps);
                }
                pb.put(0, pa, 0, n);
            }
            // the NIO views do not keep p and gc alive; gc may be a temporary copy
            java.lang.ref.Reference.reachabilityFence(p);
            java.lang.ref.Reference.reachabilityFence(gc);
        }
    }
}
