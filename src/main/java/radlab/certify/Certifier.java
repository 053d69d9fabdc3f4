package radlab.certify;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.Batches;
import radlab.data.Dataset;
import radlab.nn.Model;
import radlab.nn.Workspaces;

/**
 * Certified robust accuracy of a model on a sample: the lower end of the bracket [certified, attacked] around the true
 * robust accuracy. Works in double precision, in chunks of samples; CROWN's are sized so that one of its coefficient
 * tensors (chunk × 2·width × d doubles) stays under {@link #TENSOR_BYTES}: a fixed chunk of 100 made them 321 MB each for a
 * 784-256-256-10 network, and the few alive at once were most of a `train` run's 2.6 GB peak (issue #14). Each sample's
 * bounds are computed row by row, so the chunk size does not change them (CertifyTest checks bit-identity; α-CROWN's
 * bounds can differ in the last bits, ~1e-16 relative, for a chunk of one sample: its optimizer carries rounding along).
 */
public final class Certifier {
    /** Largest chunk, as before the memory-based size. */
    public static final int MAX_CHUNK = 100;
    /**
     * Target size of one coefficient tensor. Small enough that glibc serves the few such tensors alive at once from
     * memory it already holds: with larger ones every allocation was a fresh mapping whose pages the kernel faulted in
     * and zeroed, which was 80 % of CROWN's time. Measured, CROWN ℓ∞ on 500 test digits of a 784-256-256-10 network
     * (2-core AMD EPYC): 26 s at 48 MB (chunks of 15), 21 s at 24 MB, 7.6 s at 16 MB (chunks of 5), 8.4 s at 12 MB,
     * 17 s at 6 MB (chunks of 1: a collection per sample).
     */
    static final long TENSOR_BYTES = 16L << 20;

    /** The certificates radlab computes. */
    public enum Method {
        IBP("IBP"), CROWN("CROWN"), LIPSCHITZ("Lipschitz"),
        /** CROWN with optimized ReLU lower slopes ({@link AlphaCrown}, default settings); not in {@link #all}'s default set. */
        ALPHA_CROWN("α-CROWN");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether the method certifies this threat model (the Lipschitz-margin certificate is for ℓ2 only). */
        public boolean applies(ThreatModel t) {
            return this != LIPSCHITZ || t.norm() == AttackNorm.L2;
        }

        /** Whether the method handles every layer of the model (IBP and (α-)CROWN have no convolution or pooling module yet). */
        public boolean applies(Model model) {
            return this == LIPSCHITZ || BoundedNetwork.supports(model);
        }
    }

    private Certifier() {}

    /** The default set of {@link #all}: α-CROWN costs more (see {@link AlphaCrown}) and is asked for by name. */
    public static final List<Method> DEFAULT_METHODS = List.of(Method.IBP, Method.CROWN, Method.LIPSCHITZ);

    /** A method's name in specs and on the command line: ibp, crown, alpha-crown, lipschitz. */
    public static String name(Method m) {
        return m.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The names of {@code methods}, in order. */
    public static List<String> names(List<Method> methods) {
        return methods.stream().map(Certifier::name).toList();
    }

    /**
     * The methods named, in the given order; no names means {@link #DEFAULT_METHODS}.
     *
     * @throws IllegalArgumentException naming the first unknown or repeated name
     */
    public static List<Method> methods(List<String> names) {
        if (names.isEmpty()) return DEFAULT_METHODS;
        List<Method> out = new ArrayList<>();
        for (String raw : names) {
            String n = raw.trim().toLowerCase(java.util.Locale.ROOT);
            Method m = java.util.Arrays.stream(Method.values()).filter(x -> name(x).equals(n)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown certificate '" + raw.trim() + "'; expected a comma list of "
                            + String.join(",", names(List.of(Method.values())))));
            if (out.contains(m)) throw new IllegalArgumentException("certificate '" + n + "' named twice");
            out.add(m);
        }
        return out;
    }

    /** Every method of {@link #DEFAULT_METHODS} that applies to the threat model, in the order IBP, CROWN, Lipschitz. */
    public static List<CertifiedAccuracy> all(Model model, Dataset data, ThreatModel threat) {
        return all(model, data, threat, DEFAULT_METHODS);
    }

    /** Each of {@code methods} that applies to the threat model and the model, in the given order. */
    public static List<CertifiedAccuracy> all(Model model, Dataset data, ThreatModel threat, List<Method> methods) {
        List<CertifiedAccuracy> out = new ArrayList<>();
        for (Method m : methods) if (m.applies(threat) && m.applies(model)) out.add(certify(model, data, threat, m));
        return out;
    }

    public static CertifiedAccuracy certify(Model model, Dataset data, ThreatModel threat, Method method) {
        return certify(model, data, threat, method, method == Method.CROWN || method == Method.ALPHA_CROWN ? chunk(model) : MAX_CHUNK);
    }

    /** α-CROWN with the given optimizer settings (method label "α-CROWN"). */
    public static CertifiedAccuracy alphaCrown(Model model, Dataset data, ThreatModel threat, AlphaCrown.Settings settings) {
        return certify(model, data, threat, Method.ALPHA_CROWN, chunk(model), settings);
    }

    /** With a given number of samples per chunk (for tests: the bounds must not depend on it). */
    static CertifiedAccuracy certify(Model model, Dataset data, ThreatModel threat, Method method, int chunk) {
        return certify(model, data, threat, method, chunk, AlphaCrown.Settings.DEFAULT);
    }

    private static CertifiedAccuracy certify(Model model, Dataset data, ThreatModel threat, Method method, int chunk, AlphaCrown.Settings settings) {
        if (!method.applies(threat)) throw new IllegalArgumentException(method.label() + " certifies ℓ2 threat models only, not " + threat);
        long t0 = System.nanoTime();
        Model dbl = model.copy(DataType.DOUBLE);
        double[] bound;
        if (method == Method.LIPSCHITZ) {
            double lipschitz;
            try {
                lipschitz = LipschitzMargin.lipschitzConstant(dbl);
            } catch (IllegalArgumentException | ArithmeticException e) {
                // no sound constant for this model: report the method as unavailable, the other certificates stand
                return CertifiedAccuracy.unavailable(method.label(), threat, e.getMessage(), (System.nanoTime() - t0) / 1e9);
            }
            bound = LipschitzMargin.marginLowerBounds(dbl, data, threat.epsilon(), lipschitz);
        } else {
            // chunks on radlab's evaluation threads (RADLAB_THREADS): each chunk's bounds depend only on its rows
            bound = Batches.mapRowsParallel(data.size(), chunk, radlab.util.EvaluationThreads.get(), (start, end) -> {
                int[] y = Batches.labels(data, start, end);
                double[] b = inReusedMemory(method, () -> minOverOtherClasses(marginBounds(dbl, Batches.rows(data.features(), start, end), y, threat,
                        method, settings), y));
                if (method == Method.ALPHA_CROWN) releaseGarbage();
                return b;
            });
        }
        return new CertifiedAccuracy(method.label(), threat, bound, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Samples per CROWN chunk for this model: its largest coefficient tensor (2·width × d doubles per sample) under
     * {@link #TENSOR_BYTES}. IBP keeps chunks of {@link #MAX_CHUNK}: its arrays are only chunk × width, and each chunk
     * ends in a collection (measured: IBP on 500 samples went from 0.9 s to 5.8 s in chunks of 15).
     */
    static int chunk(Model model) {
        long width = 1;
        for (radlab.nn.layer.Layer l : model.layers()) if (l instanceof radlab.nn.layer.Dense d) width = Math.max(width, d.outputSize());
        long perSample = 2 * width * model.inputDim() * Double.BYTES;
        return (int) Math.max(1, Math.min(MAX_CHUNK, TENSOR_BYTES / perSample));
    }

    /**
     * Runs one bound computation whose result leaves as Java doubles. IBP's and CROWN's arrays go into one workspace
     * block that the next call reuses: no fresh pages to fault in and zero, and no collection needed. α-CROWN's stay
     * fresh arrays, left to the caller's {@link #releaseGarbage}: its optimisation loop would grow one block without
     * bound.
     */
    static double[] inReusedMemory(Method method, java.util.function.Supplier<double[]> bounds) {
        if (method == Method.ALPHA_CROWN) return bounds.get();
        try (MemoryWorkspace ws = Workspaces.step("radlab-certify")) {
            return bounds.get();
        }
    }

    /**
     * ND4J frees an array's off-heap buffer only when the garbage collector collects its small Java object, and a chunk
     * leaves hundreds of megabytes of such garbage (reshaped views cannot be closed early) while barely touching the
     * Java heap: without a collection per chunk a reproduction run grew past 11 GB and was killed by the OOM killer.
     */
    static void releaseGarbage() {
        System.gc();
    }

    /** n × K lower bounds of f_y − f_j over each sample's region (column y is 0). */
    static INDArray marginBounds(Model model, INDArray x, int[] labels, ThreatModel threat, Method method) {
        return marginBounds(model, x, labels, threat, method, AlphaCrown.Settings.DEFAULT);
    }

    static INDArray marginBounds(Model model, INDArray x, int[] labels, ThreatModel threat, Method method, AlphaCrown.Settings settings) {
        return marginBounds(new BoundedNetwork(model, labels), x, threat, method, settings);
    }

    /** As above on a network already bounded for {@code x}'s labels (a radius search reuses one across its ε). */
    static INDArray marginBounds(BoundedNetwork net, INDArray x, ThreatModel threat, Method method, AlphaCrown.Settings settings) {
        InputRegion region = new InputRegion(x, threat);
        INDArray ibp = MarginBounds.ibp(net, region);
        if (method == Method.IBP) return ibp;
        Interval[] inputBounds = MarginBounds.inputBounds(net, region);
        // CROWN's linear relaxation is tighter on average but not everywhere: with ReLU's adaptive lower slope and large
        // ℓ2 balls a few margins come out below IBP's (measured: 0.3 % of margins of a random 784-24-24-10 net at ε = 0.3,
        // 12 % at ε = 1). Both are sound, so the reported CROWN bound is the larger of the two.
        INDArray crown = Transforms.max(MarginBounds.crown(net, region, inputBounds), ibp, false);
        if (method == Method.CROWN) return crown;
        // every α gives a sound bound, so α-CROWN reports the larger of its own and CROWN's: never looser by construction
        return Transforms.max(AlphaCrown.lower(net, region, inputBounds, settings), crown, false);
    }

    /** min over j ≠ y of the bounds, per row. */
    static double[] minOverOtherClasses(INDArray bounds, int[] labels) {
        INDArray y = radlab.data.Dataset.oneHot(labels, (int) bounds.columns(), DataType.DOUBLE);
        return bounds.add(y.muli(1e300)).min(1).toDoubleVector();
    }
}
