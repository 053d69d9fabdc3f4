package radlab.jacobian;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Batches;
import radlab.nn.ForwardPass;
import radlab.nn.Model;
import radlab.nn.WorkingMemory;
import radlab.nn.Workspaces;
import radlab.nn.layer.Layer;

/**
 * Per-sample input–output Jacobians J(x) = ∂f(x)/∂x ∈ ℝ^{K×d} of a model's logits, for a whole batch at once
 * (K one-hot seeds per sample through the recursion of {@link VjpTrace}; no per-sample loop).
 */
public final class InputJacobians {
    private InputJacobians() {}

    /** Jacobians of the logits for every row of {@code x}, as an n × K × d array. */
    public static INDArray compute(Model model, INDArray x) {
        return compute(model.forward(x));
    }

    public static INDArray compute(ForwardPass fp) {
        int n = fp.batchSize(), k = fp.model().outputDim(), d = fp.model().inputDim();
        // Only g_0 is needed (no second pass), so the n·K-row temporaries (10 MB each for 1,000 digits) live in a
        // reused workspace block instead of fresh native memory, which the kernel zero-fills (a third of the time
        // before, JFR); the result is created outside it. Same operations in the same order as VjpTrace.run: the same
        // bits. The block stays with the thread, sized by its largest call (~41 MB for 1,000 MLP digits, ~10 MB for
        // norms' batches of 250).
        List<Layer> layers = fp.model().layers();
        for (int j = 0; j < layers.size(); j++) fp.local(j); // cached in fp, so created outside the workspace
        INDArray g;
        try (MemoryWorkspace ws = Workspaces.step("radlab-jacobians")) {
            g = oneHotSeeds(n, k, fp.model().dataType());
            for (int j = layers.size() - 1; j >= 1; j--) g = layers.get(j).inputVjp(g, fp.local(j), k);
            try (MemoryWorkspace out = Workspaces.outside()) {
                g = layers.get(0).inputVjp(g, fp.local(0), k);
                if (g.isAttached()) g = g.detach(); // a first layer whose VJP is a view of its input (none today)
            }
        }
        return owning(g, n, k, d);
    }

    /**
     * g (n·K × d) as an n × K × d c-order array that owns g's buffer, so that a caller's {@code close()} frees it: a
     * reshape is a view, which {@code close()} leaves alone, and the 31 MB of 1,000 MLP digits then waited for the
     * collector; on a machine whose kernel is slow to fault in fresh pages every call paid for a new mapping (65 % of
     * the Jacobians' time on an AMD EPYC VM, JFR). A layout other than plain c order is copied.
     */
    private static INDArray owning(INDArray g, long n, long k, long d) {
        if (g.ordering() == 'c' && !g.isView() && g.offset() == 0 && g.length() == n * k * d && g.data().length() == g.length()) {
            return Nd4j.create(g.data(), new long[] {n, k, d}, new long[] {k * d, d, 1}, 0, 'c');
        }
        return g.reshape('c', n, k, d).dup('c');
    }

    /**
     * ‖J(x_i)‖_F of every row of {@code x}, in batches of at most {@code batch} rows. When the first layer is dense
     * (weight W, d × h) J is never formed: the K seed rows are backpropagated to the first layer's output (g, K rows of
     * width h per sample) and ‖gWᵀ‖² = Σ_j ((gG)∘g)_j with G = WᵀW, computed once, so the widest product of
     * {@link #compute} (n·K × h times h × d, d = 784 for MNIST) becomes n·K × h times h × h. The sign-fitting loop of
     * the loss-class study needs this mean at every step. Otherwise the norms of {@link #compute}. The two agree to
     * rounding (InputJacobiansTest).
     */
    public static double[] frobenius(Model model, INDArray x, int batch) {
        List<Layer> layers = model.layers();
        if (layers.size() < 2 || !(layers.get(0) instanceof radlab.nn.layer.Dense first)) {
            return Batches.mapRows((int) x.rows(), batch, (start, end) -> {
                INDArray j = compute(model, Batches.rows(x, start, end)).castTo(DataType.DOUBLE);
                return org.nd4j.linalg.ops.transforms.Transforms.sqrt(j.mul(j).sum(1, 2), false).dup('c').data().asDouble();
            });
        }
        INDArray w = first.weight();
        INDArray gram = radlab.nn.layer.Gemm.product(w, true, w, false); // h × h
        int k = model.outputDim();
        return Batches.mapRows((int) x.rows(), batch, (start, end) -> {
            ForwardPass fp = model.forward(Batches.rows(x, start, end));
            int n = fp.batchSize();
            INDArray g = oneHotSeeds(n, k, model.dataType());
            for (int j = layers.size() - 1; j >= 1; j--) g = layers.get(j).inputVjp(g, fp.local(j), k);
            INDArray squares = radlab.nn.layer.Gemm.product(g, false, gram, false).muli(g).sum(1).reshape(n, k).sum(1).castTo(DataType.DOUBLE);
            double[] out = squares.dup('c').data().asDouble();
            for (int i = 0; i < n; i++) out[i] = Math.sqrt(Math.max(0, out[i])); // a quadratic form in G ⪰ 0: negative only by rounding
            return out;
        });
    }

    /** (n·K) × K seeds: sample b's K rows are e_1 … e_K. */
    static INDArray oneHotSeeds(int n, int k, DataType type) {
        return Nd4j.tile(Nd4j.eye(k).castTo(type), n, 1);
    }

    /**
     * Per-sample Jacobians in batches of at most {@code batch} rows, fewer if a batch's trace would exceed
     * {@link #BATCH_BYTES} ({@link #rowsWithin}), reduced to their norms. Each sample's Jacobian is computed from its
     * own row only, so the batch size does not change the norms (InputJacobiansTest checks bit-identity).
     */
    public static JacobianNorms norms(Model model, INDArray x, int batch) {
        int n = (int) x.rows();
        JacobianNorms.Builder b = new JacobianNorms.Builder(n);
        Batches.forEach(n, Math.min(batch, rowsWithin(model, BATCH_BYTES)), (start, end) -> {
            // the forward pass and the norms' float64 temporaries (several n × K × d arrays, 16 MB each for 250 MLP
            // digits) in one reused block; the norms leave as Java doubles
            try (MemoryWorkspace ws = Workspaces.step("radlab-jacobian-norms")) {
                INDArray j = compute(model, Batches.rows(x, start, end));
                b.add(start, j);
                j.close();   // n × K × d, created outside the workspaces and owned by this call: freed now
            }
        });
        return b.build();
    }

    /**
     * Memory target of one batch's trace. The trace keeps K gradient rows per sample for every layer's input and
     * output (plus the forward pass and convolution windows, hence the factor 4 below): an estimated 0.45 MB per
     * sample for a 784-256-256-10 MLP (250 rows fit), but 17 MB for cnn:c32k5-p2-c64k5-p2-d128, ~4 GB for a batch of
     * 250 (issue #14; an estimate, not measured alone).
     */
    static final long BATCH_BYTES = 128L << 20;

    /** Rows per batch whose estimated trace (4 · K forward passes' worth of {@link WorkingMemory#valuesPerSample}) fits in {@code bytes}. */
    static int rowsWithin(Model model, long bytes) {
        return WorkingMemory.rowsWithin(model, Integer.MAX_VALUE, bytes, 4 * model.outputDim());
    }
}
