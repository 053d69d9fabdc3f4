package radlab.experiment.sweep.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import radlab.experiment.sweep.Engine;
import radlab.experiment.sweep.PointRunner;
import radlab.experiment.sweep.PointTask;

/**
 * Runs points as Apache Spark tasks: one partition per point, each task the pure function
 * {@link PointRunner#runEncoded} from a small serialisable {@link PointTask} to an encoded row; models train inside
 * the executors and only rows travel back. The driver submits one job per partition from a few threads, so each row
 * reaches the driver (and the point store) as soon as its task ends rather than when the whole sweep ends.
 * Load it only through {@link Engines}, which checks that Spark is on the classpath first.
 */
public final class SparkEngine implements Engine {
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]");
    /** Jobs queued at once on a cluster, whose task slots the driver cannot know (executors come and go). */
    static final int CLUSTER_JOBS_IN_FLIGHT = 512;
    private final JavaSparkContext sc;
    private final boolean local;
    private final int slots;

    /** @param master a Spark master URL such as local[2], or null to take it from spark-submit's configuration */
    public SparkEngine(String master, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) conf.setMaster(master);
        if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("--engine spark needs --master (e.g. local[2]) or a master set by spark-submit");
        }
        String m = conf.get("spark.master");
        Matcher lm = LOCAL.matcher(m);
        if (m.startsWith("local") && !m.equals("local") && !lm.matches()) throw new IllegalArgumentException("bad --master '" + m + "'; expected e.g. local[2]");
        if (master == null) Engines.checkMasterAnswers(m);  // a master set by spark-submit; --master was checked before any work
        this.local = m.startsWith("local");
        if (local) conf.setIfMissing("spark.ui.enabled", "false");
        this.slots = !local ? Math.max(1, conf.getInt("spark.executor.cores", 1) / conf.getInt("spark.task.cpus", 1))
                : m.equals("local") ? 1 : lm.group(1).equals("*") ? ThreadPolicy.cores() : Integer.parseInt(lm.group(1));
        try {
            this.sc = new JavaSparkContext(conf);
        } catch (Exception e) {  // Spark throws its checked SparkException from Scala, e.g. for an unparsable master URL
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(e.toString());
            throw new IllegalArgumentException("cannot start Spark with master '" + m + "': " + msg, e);
        }
        sc.setLogLevel("WARN");
    }

    @Override
    public void run(List<PointTask> tasks, BiConsumer<PointTask, String> onRow) {
        if (tasks.isEmpty()) return;
        ThreadPolicy.apply();  // local mode: the executors are threads of this JVM
        JavaRDD<String> rows = sc.parallelize(tasks, tasks.size()).map(new RunPoint());
        // One job per point, each blocking a submitter thread; Spark's FIFO scheduler starts them in grid order as task
        // slots free up. Locally twice the slots keep them busy; a cluster's slots are unknown here (spark.executor.cores
        // is per executor), so there every point is queued, up to CLUSTER_JOBS_IN_FLIGHT: with 2 × per-executor slots
        // in flight, a third one-core worker sat idle.
        int inFlight = local ? Math.max(2, 2 * slots) : CLUSTER_JOBS_IN_FLIGHT;
        ExecutorService submitters = Executors.newFixedThreadPool(Math.min(tasks.size(), inFlight));
        try {
            ExecutorCompletionService<Integer> done = new ExecutorCompletionService<>(submitters);
            List<List<String>[]> results = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) results.add(null);
            for (int i = 0; i < tasks.size(); i++) {
                int p = i;
                done.submit(() -> {
                    results.set(p, rows.collectPartitions(new int[] {p}));
                    return p;
                });
            }
            for (int i = 0; i < tasks.size(); i++) {
                int p = done.take().get();
                onRow.accept(tasks.get(p), results.get(p)[0].get(0));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Spark task failed: " + rootMessage(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } finally {
            submitters.shutdownNow();
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage().lines().findFirst().orElse(t.toString());
    }

    @Override
    public String describe() {
        return "spark (" + sc.master() + ", " + slots + " task slot(s)" + (local ? "" : " per executor") + " × " + ThreadPolicy.THREADS_PER_TASK + " ND4J thread)";
    }

    @Override
    public void close() {
        sc.stop();
    }

    /** The Spark task: sets ND4J's threads in the executor JVM, then runs the point. */
    static final class RunPoint implements Function<PointTask, String> {
        @Override
        public String call(PointTask task) {
            ThreadPolicy.apply();
            return PointRunner.runEncoded(task);
        }
    }
}
