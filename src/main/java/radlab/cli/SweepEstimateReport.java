package radlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import radlab.experiment.sweep.CostEstimate;
import radlab.experiment.sweep.Durations;
import radlab.experiment.sweep.Engine;
import radlab.experiment.sweep.Grid;
import radlab.experiment.sweep.PointStore;
import radlab.experiment.sweep.Shard;
import radlab.experiment.sweep.Sweep;
import radlab.experiment.sweep.engine.LocalEngine;
import radlab.experiment.sweep.engine.ThreadPolicy;
import radlab.spec.ExperimentSpec;

/**
 * {@code --estimate} of sweep and reproduce: {@link #LINES} lines on stdout — points to run, the calibration, core-hours,
 * wall time on the chosen engine, and the caveat that this is an estimate from this machine. Trains no point, creates
 * no directory (an existing one is only read, to leave out points already done).
 */
final class SweepEstimateReport {
    static final int LINES = 5;
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?])?");

    private SweepEstimateReport() {}

    /** Estimates the points of {@code grids} (each with its sweep directory) that {@code shard} owns and are not yet done in their directory. */
    static int print(List<Grid> grids, List<Path> dirs, Shard shard, EngineOptions engine, boolean quiet) {
        List<ExperimentSpec> todo = new ArrayList<>();
        int total = 0, done = 0;
        for (int g = 0; g < grids.size(); g++) {
            Grid grid = grids.get(g);
            Path dir = dirs.get(g);
            List<Sweep.Planned> plan = Files.isDirectory(dir) ? Sweep.plan(grid, new Sweep.Options(dir, false, 0, null)) : null;
            PointStore store = new PointStore(dir);
            for (int i = 0; i < grid.points().size(); i++) {
                if (shard != null && !shard.owns(i)) continue;
                total++;
                if (plan != null && store.status(plan.get(i).task().hash()) instanceof PointStore.Status.Done) done++;
                else todo.add(grid.points().get(i));
            }
        }
        Consumer<String> log = quiet ? s -> { } : System.err::println;
        CostEstimate.Result r;
        try (Engine calibration = new LocalEngine(1)) {
            r = CostEstimate.of(todo, calibration, log);
        }
        String names = String.join(" + ", grids.stream().map(Grid::name).toList());
        System.out.printf("grid %s%s: %d points to run (%d of %d already done)%n", names, shard == null ? "" : " shard " + shard, todo.size(), done, total);
        System.out.printf("calibration: %d point kind(s), each run twice (1 epoch on ≤ %d and ≤ %d training images, measured on ≤ %d and ≤ %d images), "
                + "took %.1f s%n", r.kinds(), CostEstimate.TRAIN_SMALL, CostEstimate.TRAIN, CostEstimate.EVAL_SMALL, CostEstimate.EVAL, r.calibrationSeconds());
        System.out.printf("core-hours: %.3g (one core per point; longest point %s)%n", r.coreSeconds() / 3600,
                Durations.format(r.pointSeconds().stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        System.out.println(wall(r, engine));
        System.out.println("note: an estimate from a short calibration on this machine; other hardware or load scales it");
        return 0;
    }

    static int print(String name, List<ExperimentSpec> points, Shard shard, Path dir, EngineOptions engine, boolean quiet) {
        return print(List.of(new Grid(name, points)), List.of(dir), shard, engine, quiet);
    }

    /** The wall-time line: the engine's task slots run the points in grid order, each taking the next one when free. */
    private static String wall(CostEstimate.Result r, EngineOptions o) {
        String name = o.validate();
        int cores = ThreadPolicy.cores();
        if (name.equals("local")) {
            int workers = o.workers > 0 ? o.workers : cores;
            // More workers than cores share them: each point then runs proportionally slower.
            double slow = Math.max(1.0, (double) workers / cores);
            return String.format("wall time: %s on local (%d worker%s × %d ND4J thread, %d cores)", Durations.format(CostEstimate.wallSeconds(r.pointSeconds(), workers) * slow),
                    workers, workers == 1 ? "" : "s", ThreadPolicy.THREADS_PER_TASK, cores);
        }
        Matcher m = o.master == null ? null : LOCAL.matcher(o.master.trim());
        if (m != null && m.matches()) {
            int slots = m.group(1) == null ? 1 : m.group(1).equals("*") ? cores : Integer.parseInt(m.group(1));
            double slow = Math.max(1.0, (double) slots / cores);
            return String.format("wall time: %s on spark (%s, %d task slot(s)), plus Spark's start-up", Durations.format(CostEstimate.wallSeconds(r.pointSeconds(), slots) * slow),
                    o.master.trim(), slots);
        }
        return String.format("wall time: about %s divided by the cluster's task slots (not known before Spark starts), plus Spark's start-up",
                Durations.format(r.coreSeconds()));
    }
}
