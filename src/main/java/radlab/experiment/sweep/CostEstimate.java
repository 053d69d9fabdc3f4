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
 * training image per epoch and per attacked image. For each kind the whole {@link PointRunner} pipeline runs once on
 * a reduced copy of its first point (1 epoch on at most {@value #TRAIN} training images, attacks and norms on at most
 * {@value #EVAL} evaluation images); nothing is written. A point is then estimated as
 * <pre>  t = (epoch seconds / calibration train size) · trainSize · epochs + (measure seconds / calibration eval size) · evalSize</pre>
 * Fixed per-point costs (data loading, bounds, clean evaluation) are scaled with the evaluation size too, which
 * overstates them slightly; the first calibration is preceded by a smaller throwaway run so JIT and ND4J start-up are
 * not counted.
 */
public final class CostEstimate {
    public static final int TRAIN = 500, TEST = 100, EVAL = 50;

    /** Seconds per training image per epoch and per evaluation image, measured for one point kind. */
    public record Calibration(double trainSecondsPerImageEpoch, double measureSecondsPerImage, boolean diverged) {}

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

    public static Result of(List<ExperimentSpec> points, Consumer<String> log) {
        long t0 = System.nanoTime();
        Map<String, ExperimentSpec> kinds = new LinkedHashMap<>();
        for (ExperimentSpec p : points) kinds.putIfAbsent(kind(p), reduced(p, TRAIN, TEST, EVAL));
        Map<String, Calibration> cal = new LinkedHashMap<>();
        if (!kinds.isEmpty()) {
            time(reduced(kinds.values().iterator().next(), 64, 50, 8));  // warm-up, not counted
        }
        int i = 0;
        for (Map.Entry<String, ExperimentSpec> e : kinds.entrySet()) {
            ExperimentSpec s = e.getValue();
            Calibration c = time(s);
            cal.put(e.getKey(), c);
            log.accept(String.format("calibration %d/%d: %s %s: %.2g s per 1000 training images per epoch, %.2g s per 1000 evaluated images%s", ++i,
                    kinds.size(), s.model().arch(), s.objective().kind(), 1000 * c.trainSecondsPerImageEpoch(), 1000 * c.measureSecondsPerImage(),
                    c.diverged() ? " (diverged: its evaluation time is unknown and counted as 0)" : ""));
        }
        List<Double> seconds = new ArrayList<>();
        for (ExperimentSpec p : points) {
            Calibration c = cal.get(kind(p));
            seconds.add(c.trainSecondsPerImageEpoch() * p.data().trainSize() * p.optimizer().epochs()
                    + c.measureSecondsPerImage() * p.evaluation().evalSize());
        }
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

    private static Calibration time(ExperimentSpec s) {
        SweepData.Loaded data = SweepData.load(s.data());
        // On a worker thread of the local engine, exactly as a sweep runs the point (not on this thread: ND4J's thread
        // settings are per thread, and the main thread's were measured several times slower).
        ResultRow[] row = new ResultRow[1];
        PointTask task = new PointTask(SpecJson.canonical(s), "estimate", data.hash(), "estimate", null);
        try (Engine e = new radlab.experiment.sweep.engine.LocalEngine(1)) {
            e.run(List.of(task), (t, encoded) -> {
                try {
                    row[0] = RowCodec.decode(encoded, t.hash());
                } catch (RowCodec.CorruptRowException ex) {
                    throw new IllegalStateException("calibration produced an invalid row: " + ex.getMessage());
                }
            });
        }
        double train = ((Number) row[0].get("time.train_seconds")).doubleValue() / s.data().trainSize();
        Object measure = row[0].get("time.measure_seconds");
        return new Calibration(train, measure == null ? 0 : ((Number) measure).doubleValue() / s.evaluation().evalSize(), measure == null);
    }
}
