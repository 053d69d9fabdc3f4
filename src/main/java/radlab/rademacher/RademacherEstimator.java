package radlab.rademacher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.Workspaces;

/**
 * Monte Carlo estimator of the empirical Rademacher complexity: m sign draws σ ∈ {±1}^{n·K}, the class's supremum
 * for each, and their mean with a Student-t confidence interval (Commons Math) and McDiarmid's concentration bound.
 *
 * <p>Reproducible regardless of thread count: draw j's signs come from a generator seeded by (seed, j) alone, the
 * draws are split into fixed chunks whose results land at their own indices, and the mean is summed in index order.
 */
public final class RademacherEstimator {
    private final int draws;
    private final long seed;
    private final int threads;
    private final double confidence;
    private final int chunk;

    /**
     * @param draws      m ≥ 2
     * @param seed       seed of the sign draws
     * @param threads    worker threads ≥ 1
     * @param confidence level of the confidence interval and McDiarmid bound, in (0,1)
     */
    public RademacherEstimator(int draws, long seed, int threads, double confidence) {
        if (draws < 2) throw new IllegalArgumentException("need at least 2 sign draws for an error bar, got " + draws);
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0,1), got " + confidence);
        this.draws = draws;
        this.seed = seed;
        this.threads = threads;
        this.confidence = confidence;
        this.chunk = 50;
    }

    public static RademacherEstimator of(int draws, long seed) {
        return new RademacherEstimator(draws, seed, 1, 0.95);
    }

    public RademacherEstimate estimate(FunctionClass f) {
        return estimate(f, i -> { });
    }

    /** @param progress called with the number of draws completed so far (from worker threads) */
    public RademacherEstimate estimate(FunctionClass f, IntConsumer progress) {
        long t0 = System.nanoTime();
        double[] values = run(f, progress, null);
        return summarize(f, values, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The estimate of a fitted class together with each draw's {@link SignFitting.Fit} (restart values), in draw
     * order: what a study reports about the search comes from here, not from state kept in the class.
     */
    public record Fitted(RademacherEstimate estimate, List<SignFitting.Fit> fits) {
        public Fitted {
            fits = List.copyOf(fits);
        }

        /** Mean over draws of (best − worst) restart value, summed in draw order. */
        public double meanRestartSpread() {
            return fits.stream().mapToDouble(SignFitting.Fit::spread).average().orElse(Double.NaN);
        }

        /** Mean over draws of (best − the first restart's value). */
        public double meanGainOverFirst() {
            return fits.stream().mapToDouble(SignFitting.Fit::gainOverFirst).average().orElse(Double.NaN);
        }
    }

    public Fitted estimateFits(SignFitting f) {
        return estimateFits(f, i -> { });
    }

    /** As {@link #estimate(FunctionClass, IntConsumer)}, with every draw's fit kept; the estimate is the same. */
    public Fitted estimateFits(SignFitting f, IntConsumer progress) {
        long t0 = System.nanoTime();
        SignFitting.Fit[] fits = new SignFitting.Fit[draws];
        double[] values = run(f, progress, fits);
        return new Fitted(summarize(f, values, (System.nanoTime() - t0) / 1e9), Arrays.asList(fits));
    }

    /** Suprema of every draw, chunk by chunk on the pool; when {@code fits} is given, each draw's fit lands there too. */
    private double[] run(FunctionClass f, IntConsumer progress, SignFitting.Fit[] fits) {
        int width = f.sampleSize() * f.outputs();
        double[] values = new double[draws];
        List<int[]> chunks = new ArrayList<>();
        radlab.data.Batches.forEach(draws, chunk, (from, to) -> chunks.add(new int[] {from, to}));
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(radlab.util.NativeThreads.pinned(r), "radlab-rademacher-draws"));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int[] c : chunks) {
                futures.add(pool.submit(() -> {
                    double[] sup;
                    if (fits != null) {
                        List<SignFitting.Fit> fs = ((SignFitting) f).fits(signs(c[0], c[1], width));
                        for (int i = 0; i < fs.size(); i++) fits[c[0] + i] = fs.get(i);
                        sup = fs.stream().mapToDouble(SignFitting.Fit::best).toArray();
                    } else {
                        sup = suprema(f, c[0], c[1], width);
                    }
                    if (sup.length != c[1] - c[0]) throw new IllegalStateException(f.describe() + " returned " + sup.length + " suprema for " + (c[1] - c[0]) + " draws");
                    System.arraycopy(sup, 0, values, c[0], sup.length);
                    progress.accept(done.addAndGet(sup.length));
                }));
            }
            for (Future<?> fu : futures) fu.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return values;
    }

    /** The class's suprema for draws [from, to). */
    private double[] suprema(FunctionClass f, int from, int to, int width) {
        if (!f.exact()) return f.suprema(signs(from, to, width));
        // closed-form classes are pure functions of σ that return plain doubles: the chunk's sign matrix and products
        // (3.2 MB and more per 50 draws of n = 8,000) reuse one workspace block instead of fresh native memory that
        // libnd4j zero-fills (7 % of rademacher-l2, JFR)
        try (MemoryWorkspace ws = Workspaces.step("radlab-rademacher")) {
            return f.suprema(signs(from, to, width));
        }
    }

    /** Sign draws [from, to): row j − from holds draw j's signs, from a generator seeded by (seed, j). */
    INDArray signs(int from, int to, int width) {
        double[] s = new double[(to - from) * width];
        for (int j = from; j < to; j++) {
            // exactly the stream of new SplittableRandom(mix(seed, j)).nextBoolean(): the i-th boolean is the sign bit
            // of SplittableRandom's 32-bit mix of state seed + (i+1)·γ, written out as a branch-free counter-based
            // loop the JIT can unroll and vectorise (about 3× faster than calling nextBoolean, measured; same signs, tested)
            long z = mix(seed, j);
            int base = (j - from) * width;
            for (int i = 0; i < width; i++) {
                z += GOLDEN_GAMMA;
                long m = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
                s[base + i] = (((m ^ (m >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 63) * 2.0 - 1.0;
            }
        }
        // Nd4j.create(double[], …) copies element by element (1.3 ms for a 50×8000 chunk); one bulk put is 0.17 ms
        INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, to - from, width);
        out.data().asNioDouble().put(s);
        return out;
    }

    /** SplittableRandom's default increment γ (its GOLDEN_GAMMA), the state step of a generator made from a seed. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    /** The old per-draw path (SplittableRandom.nextBoolean), kept as the reference the fast path is tested against. */
    static double[] referenceSigns(long seed, int draw, int width) {
        SplittableRandom r = new SplittableRandom(mix(seed, draw));
        double[] s = new double[width];
        for (int i = 0; i < width; i++) s[i] = r.nextBoolean() ? 1.0 : -1.0;
        return s;
    }

    static long mix(long seed, long j) {
        long z = seed * 0x9E3779B97F4A7C15L + j;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private RademacherEstimate summarize(FunctionClass f, double[] values, double seconds) {
        SummaryStatistics st = new SummaryStatistics();
        double sum = 0;
        for (double v : values) {
            st.addValue(v);
            sum += v;
        }
        double mean = sum / values.length;
        double se = st.getStandardDeviation() / Math.sqrt(values.length);
        double t = new TDistribution(values.length - 1).inverseCumulativeProbability(0.5 + confidence / 2);
        return new RademacherEstimate(f.describe(), f.sampleSize(), values, mean, se, confidence, mean - t * se, mean + t * se,
                f.exact() ? mcDiarmidHalfWidth(f, values.length, 1 - confidence) : Double.NaN, f.exact(), seed, seconds);
    }

    /**
     * Printed only for exact classes: McDiarmid concentrates the mean of the true suprema around R̂_S, while a fitted
     * class's mean is of optimizer outputs, lower estimates with an unknown bias, around which a half-width would claim
     * a precision that the centre does not have. The mean of m draws is a function of the m·n independent signs; flipping σ_ji changes it by at most
     * 2c_i/(n·m), so McDiarmid gives P(|mean − R̂_S| ≥ t) ≤ 2·exp(−2t²m/Σ_i(2c_i/n)²), i.e.
     * t = √(Σ_i (2c_i/n)² · ln(2/δ) / (2m)).
     */
    static double mcDiarmidHalfWidth(FunctionClass f, int m, double delta) {
        double[] c = f.valueBounds();
        if (c == null) return Double.NaN;
        double s = 0;
        for (double ci : c) s += Math.pow(2 * ci / f.sampleSize(), 2);
        return Math.sqrt(s * Math.log(2 / delta) / (2.0 * m));
    }
}
