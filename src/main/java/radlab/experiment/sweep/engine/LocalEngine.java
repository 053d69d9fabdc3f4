package radlab.experiment.sweep.engine;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import radlab.experiment.sweep.Engine;
import radlab.experiment.sweep.PointRunner;
import radlab.experiment.sweep.PointTask;

/**
 * Runs points on a pool of worker threads in this JVM (default: one per core), each training its own model. Rows do
 * not depend on the worker count: a point's computation is a pure function of its task, and each worker gets a
 * share of the cores ({@link ThreadPolicy}).
 */
public final class LocalEngine implements Engine {
    private final int workers;

    public LocalEngine(int workers) {
        if (workers < 1) throw new IllegalArgumentException("--workers must be ≥ 1, got " + workers);
        this.workers = workers;
    }

    public static int defaultWorkers() {
        return ThreadPolicy.cores();
    }

    @Override
    public void run(List<PointTask> tasks, BiConsumer<PointTask, String> onRow) {
        if (tasks.isEmpty()) return;
        int w = Math.min(workers, tasks.size());
        ThreadPolicy.apply();
        ExecutorService pool = Executors.newFixedThreadPool(w, r -> {
            Thread t = new Thread(radlab.util.NativeThreads.pinned(r), "radlab-sweep-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<Object[]> done = new ExecutorCompletionService<>(pool);
            for (PointTask task : tasks) done.submit(() -> new Object[] {task, PointRunner.runEncoded(task)});
            for (int i = 0; i < tasks.size(); i++) {
                Future<Object[]> f = done.take();
                Object[] r = f.get();
                onRow.accept((PointTask) r[0], (String) r[1]);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public String describe() {
        return "local (" + workers + " worker" + (workers == 1 ? "" : "s") + " × " + ThreadPolicy.THREADS_PER_TASK + " ND4J thread)";
    }
}
