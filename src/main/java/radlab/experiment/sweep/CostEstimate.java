package radlab.experiment.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import radlab.spec.ExperimentSpec;
import radlab.spec.SpecJson;

/**
 * What a grid will cost, from a short calibration on this machine. Points of one kind (same architecture, objective
 * kind, optimizer, attack settings — everything but the sizes, the seed and the objective's λ/ε) cost the same per
 * training image per epoch, per evaluated image and per certified image, plus a fixed measuring cost per point
 * (bounds, norms, clean evaluation). For each kind the whole {@link PointRunner} pipeline runs twice on reduced copies
 * of its first point: 1 epoch on at most {@value #TRAIN_SMALL} and {@value #TRAIN} training images, measured on at most
 * {@value #EVAL_SMALL} and {@value #EVAL} evaluation images (and as many certified ones, at most the point's own
 * number); nothing is written. The certificates' and the complete verifier's seconds (the row's {@code time.certify_*}
 * and {@code time.verify_*}) of the two runs give the line {@code certify = certifyFixed + perCertified · certified}
 * (the Lipschitz certificate's norms are a cost per model, not per image), the rest of the two measuring times the
 * line {@code rest = fixed + perImage · evalSize} (slopes and intercepts clamped at ≥ 0), and a point is estimated as
 * <pre>  t = (training seconds / training images of the larger run) · trainSize · epochs + fixed + perImage · evalSize
 *        + certifyFixed + perCertified · certified</pre>
 * (the certificates scale with the certified images, not with evalSize: a paper-profile point certifies 500 of its
 * 2,000 test images). A smaller throwaway run first keeps JIT and ND4J start-up out of the timings.
 */
public final class CostEstimate {
    public static final int TRAIN = 500, TEST = 200, EVAL = 200, TRAIN_SMALL = 100, EVAL_SMALL = 50;

    /**
     * Seconds per training image per epoch; fixed measuring seconds and measuring seconds per evaluated image; fixed
     * certificate seconds and certificate seconds per certified image; for one point kind.
     */
    public record Calibration(double trainSecondsPerImageEpoch, double measureFixedSeconds, double measureSecondsPerImage, double certifyFixedSeconds,
                              double certifySecondsPerImage, boolean diverged) {
        /** Lines through two (evaluated images, measuring seconds without certificates) and two (certified images, certificate seconds) timings. */
        static Calibration fit(double trainPerImageEpoch, int e1, double m1, int e2, double m2, int c1, double s1, int c2, double s2, boolean diverged) {
            if (diverged) return new Calibration(trainPerImageEpoch, 0, 0, 0, 0, true);
            double[] measure = line(e1, m1, e2, m2), certify = line(c1, s1, c2, s2);
            return new Calibration(trainPerImageEpoch, measure[0], measure[1], certify[0], certify[1], false);
        }

        /** {intercept, slope} of the line through (x1, y1) and (x2, y2), slope and intercept clamped at ≥ 0; all fixed when x1 = x2. */
        private static double[] line(int x1, double y1, int x2, double y2) {
            if (x2 == x1) return new double[] {Math.max(0, y2), 0};
            double slope = Math.max(0, (y2 - y1) / (x2 - x1));
            return new double[] {Math.max(0, y2 - slope * x2), slope};
        }

        double seconds(ExperimentSpec p) {
            int certified = certified(p);
            return trainSecondsPerImageEpoch * p.data().trainSize() * p.optimizer().epochs() + measureFixedSeconds + measureSecondsPerImage * p.evaluation().evalSize()
                    + (certified == 0 ? 0 : certifyFixedSeconds + certifySecondsPerImage * certified);
        }
    }

    /**
     * One timed run: training seconds and images, measuring seconds (NaN if training diverged) and evaluated images, and
     * the part of the measuring seconds spent on certificates and complete verification, with the certified images.
     */
    private record Timing(double train, int trainImages, double measure, int evalImages, double certify, int certifyImages) {
        double measureWithoutCertificates() {
            return measure - certify;
        }
    }

    /** Per-point estimated seconds (one core each), in the order of the points given, and what the calibration took. */
    public record Result(List<Double> pointSeconds, int kinds, double calibrationSeconds) {
        public Result {
            pointSeconds = List.copyOf(pointSeconds);
        }

        public double coreSeconds() {
            return pointSeconds.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private CostEstimate() {}

    /**
     * @param engine runs the calibration points, one at a time: a one-worker local engine, so each is timed exactly as a
     *               sweep's worker runs it (ND4J's thread settings are per thread: on the caller's thread the same point
     *               was measured several times slower)
     */
    public static Result of(List<ExperimentSpec> points, Engine engine, Consumer<String> log) {
        long t0 = System.nanoTime();
        Map<String, ExperimentSpec> kinds = new LinkedHashMap<>();
        for (ExperimentSpec p : points) kinds.putIfAbsent(kind(p), p);
        Map<String, Calibration> cal = new LinkedHashMap<>();
        if (!kinds.isEmpty()) {
            time(reduced(kinds.values().iterator().next(), 64, 50, 8), engine);  // warm-up, not counted
        }
        int i = 0;
        for (Map.Entry<String, ExperimentSpec> e : kinds.entrySet()) {
            ExperimentSpec p = e.getValue();
            Timing small = time(reduced(p, TRAIN_SMALL, TEST, EVAL_SMALL), engine), large = time(reduced(p, TRAIN, TEST, EVAL), engine);
            boolean diverged = Double.isNaN(small.measure()) || Double.isNaN(large.measure());
            Calibration c = Calibration.fit(large.train() / large.trainImages(), small.evalImages(), small.measureWithoutCertificates(), large.evalImages(),
                    large.measureWithoutCertificates(), small.certifyImages(), small.certify(), large.certifyImages(), large.certify(), diverged);
            cal.put(e.getKey(), c);
            log.accept(String.format("calibration %d/%d: %s %s: %.2g s per 1000 training images per epoch; measuring %.2g s + %.2g s per 1000 evaluated "
                    + "images; certificates %.2g s + %.2g s per 1000 certified images%s", ++i, kinds.size(), p.model().arch(), p.objective().kind(),
                    1000 * c.trainSecondsPerImageEpoch(), c.measureFixedSeconds(), 1000 * c.measureSecondsPerImage(), c.certifyFixedSeconds(), 1000 * c.certifySecondsPerImage(),
                    diverged ? " (diverged: its measuring time is unknown and counted as 0)" : ""));
        }
        List<Double> seconds = new ArrayList<>();
        for (ExperimentSpec p : points) seconds.add(cal.get(kind(p)).seconds(p));
        return new Result(seconds, kinds.size(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The time to run {@code points} (estimated seconds each, in submission order) on {@code slots} parallel workers that
     * each take the next point when free — how both engines hand out tasks.
     */
    public static double wallSeconds(List<Double> points, int slots) {
        if (slots < 1) throw new IllegalArgumentException("slots must be ≥ 1, got " + slots);
        java.util.PriorityQueue<Double> free = new java.util.PriorityQueue<>();
        for (int i = 0; i < Math.min(slots, Math.max(points.size(), 1)); i++) free.add(0.0);
        double end = 0;
        for (double t : points) {
            double f = free.poll() + t;
            end = Math.max(end, f);
            free.add(f);
        }
        return end;
    }

    /** The test images a point certifies: the first certifySize of its evaluated test images. */
    static int certified(ExperimentSpec p) {
        return Math.min(p.evaluation().certifySize(), Math.min(p.evaluation().evalSize(), p.data().testSize()));
    }

    /** The point's kind: its spec without sizes, seed and the objective's strength. */
    static String kind(ExperimentSpec p) {
        ObjectNode t = SpecJson.toTree(reduced(p, 1, 1, 1));
        t.put("seed", 1);
        ObjectNode o = (ObjectNode) t.get("objective");
        o.remove("lambda");
        o.remove("epsilon");
        return t.toString();
    }

    /** A copy of {@code p} with at most these sizes and one epoch. */
    static ExperimentSpec reduced(ExperimentSpec p, int train, int test, int eval) {
        ObjectNode t = SpecJson.toTree(p);
        ObjectNode data = (ObjectNode) t.get("data"), opt = (ObjectNode) t.get("optimizer"), ev = (ObjectNode) t.get("evaluation");
        data.put("trainSize", Math.min(train, p.data().trainSize())).put("testSize", Math.min(test, p.data().testSize()));
        opt.put("epochs", 1);
        ev.put("evalSize", Math.min(eval, p.evaluation().evalSize())).put("certifySize", Math.min(eval, p.evaluation().certifySize()));
        return SpecJson.fromTree(t);
    }

    private static Timing time(ExperimentSpec s, Engine engine) {
        SweepData.Loaded data = SweepData.load(s.data());
        ResultRow[] row = new ResultRow[1];
        PointTask task = new PointTask(SpecJson.canonical(s), "estimate", data.hash(), "estimate", null);
        engine.run(List.of(task), (t, encoded) -> {
            try {
                row[0] = RowCodec.decode(encoded, t.hash());
            } catch (RowCodec.CorruptRowException ex) {
                throw new IllegalStateException("calibration produced an invalid row: " + ex.getMessage());
            }
        });
        Object measure = row[0].get("time.measure_seconds");
        double certify = 0;
        for (String stage : new String[] {"certify", "verify"}) {
            for (String norm : new String[] {"l2", "linf"}) {
                if (row[0].get(PointRunner.certificateSecondsColumn(stage, norm)) instanceof Number n && Double.isFinite(n.doubleValue())) certify += n.doubleValue();
            }
        }
        int certified = certified(s);
        return new Timing(((Number) row[0].get("time.train_seconds")).doubleValue(), s.data().trainSize(),
                measure == null ? Double.NaN : ((Number) measure).doubleValue(), s.evaluation().evalSize(), certify, certified);
    }
}
