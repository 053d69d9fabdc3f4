package radlab.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The notebooks' headless run (notebooks/run_notebooks.py with radlab's kernel on the test classpath), started once per
 * Maven run in a background thread, so that the kernel, a separate process, computes while the test classes run. The
 * thread only waits for the child processes; their output goes to files under target/, read when they end.
 *
 * <p>Surefire runs two test JVMs and hands each the next class, so neither knows in advance which one will run the
 * notebook test. When the whole default suite runs ({@link #startForWholeSuite}), the first JVM to start claims the run
 * for the Maven invocation ({@link SharedWork}) and starts it at once; its outcome goes to a file under
 * {@code target/shared-RUNID/}, which the notebook test reads in whichever JVM it runs.
 * The claiming JVM does not exit before the run ends (a shutdown hook waits; the pom gives the fork the time), so the
 * kernel is never orphaned. Started with the suite, the notebooks overlap the other classes instead of running alone on
 * one core at the end (about 2 minutes of the suite's wall time).
 */
public final class BackgroundNotebooks {
    /** What the run printed, or why it failed (null when it passed). */
    public record Outcome(String output, String failure) {}

    /** One kernel at a time: the suite's other classes use the other core, and the memory of two kernels is saved. */
    static final int JOBS = 1;
    static final long INSTALL_MINUTES = 10, RUN_MINUTES = 15;
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DIR = ROOT.resolve("target/notebooks");
    /** Set by the pom for the default execution: Maven's -Dtest and -Dgroups, empty or unexpanded when not given. */
    static final List<String> SELECTION_PROPERTIES = List.of("radlab.test.selection", "radlab.test.groups");

    private static FutureTask<Outcome> task;
    /** This Maven run's notebooks' run ({@link SharedWork}); outside Maven, this JVM's own. */
    private static final Path SHARED = SharedWork.directory("notebooks")
            .orElse(DIR.resolve("jvm-" + ProcessHandle.current().pid() + "-" + System.nanoTime()).resolve("notebooks"));
    /** What the run printed, and why it failed (only when it did), for the JVM that did not run it. */
    private static final Path OUTPUT = SHARED.resolveSibling("notebooks-output.txt"), FAILURE = SHARED.resolveSibling("notebooks-failure.txt");

    private BackgroundNotebooks() {}

    /**
     * Starts the run now if this JVM runs part of the whole default suite and no other JVM of this Maven run has claimed
     * it. A single class or group (-Dtest, -Dgroups) starts nothing here: the notebook test starts the run if it is
     * among them.
     */
    public static void startForWholeSuite() {
        if (wholeSuite()) start();
    }

    /** Under Maven (a run id) with neither -Dtest nor -Dgroups. */
    static boolean wholeSuite() {
        return SharedWork.runId().isPresent() && SELECTION_PROPERTIES.stream().allMatch(p -> SharedWork.mavenProperty(p).isEmpty());
    }

    /** Starts the run in this JVM unless this JVM or another of this Maven run has started it. */
    public static synchronized void start() {
        if (task == null && SharedWork.claim(SHARED)) startClaimed();
    }

    /** The run's outcome, waiting for it (in this JVM, or written by the JVM that claimed it), starting it first if needed. */
    public static Outcome await() throws InterruptedException, ExecutionException, TimeoutException, IOException {
        start();
        long minutes = INSTALL_MINUTES + RUN_MINUTES + 1;
        synchronized (BackgroundNotebooks.class) {
            if (task == null) return awaitOutcomeFile(minutes);
        }
        return task.get(minutes, TimeUnit.MINUTES);
    }

    private static void startClaimed() {
        task = new FutureTask<>(() -> {
            Outcome o;
            try {
                o = runAll();
            } catch (IOException | RuntimeException e) {
                o = new Outcome("", "the notebooks' run failed: " + e);
            }
            writeOutcome(o);
            return o;
        });
        Thread t = new Thread(task, "radlab-notebooks");
        t.setDaemon(true);
        t.start();
        FutureTask<Outcome> mine = task;
        // another JVM of this run may be waiting for the outcome file: this JVM stays until the run has ended
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                mine.get(INSTALL_MINUTES + RUN_MINUTES + 1, TimeUnit.MINUTES);
            } catch (InterruptedException | ExecutionException | TimeoutException ignored) {
                // nothing more to wait for
            }
        }, "radlab-notebooks-wait"));
    }

    private static void writeOutcome(Outcome o) {
        if (o.failure() != null) radlab.report.AtomicFiles.writeString(FAILURE, o.failure());
        radlab.report.AtomicFiles.writeString(OUTPUT, o.output());
        SharedWork.done(SHARED);
    }

    private static Outcome awaitOutcomeFile(long minutes) throws IOException, InterruptedException {
        if (!SharedWork.await(SHARED, minutes)) return new Outcome("", "the JVM that ran the notebooks marked its run failed");
        String failure = Files.exists(FAILURE) ? Files.readString(FAILURE, StandardCharsets.UTF_8) : null;
        return new Outcome(Files.readString(OUTPUT, StandardCharsets.UTF_8), failure);
    }

    private static Outcome runAll() throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (!cp.contains("nd4j")) return new Outcome("", "test classpath without dependencies: " + cp.substring(0, Math.min(200, cp.length())));
        // a kernel spec of this checkout's own: the spec is per user, and another checkout's test may install one too
        String kernel = "radlab-java-test-" + Integer.toHexString(ROOT.toString().hashCode());
        Path dir = Files.createDirectories(DIR);
        // notebook 03 reproduces the smoke profile into reports/.sweeps/smoke: the suite's trained sweep is added there
        // first, so the notebook draws its figures from it instead of training the same 12 networks a third time
        SmokeSweep.mergeInto(ROOT.resolve("reports/.sweeps/smoke"));
        // a 256 MB heap and the serial collector keep the kernel near 0.68 GB at its peak (notebooks 04 and 05; 0.82 GB with
        // 320 MB and G1), next to both test JVMs and Maven, at ~9 % more of the kernel's time
        Outcome installed = run(List.of("bash", "notebooks/install-kernel.sh", "--classpath", cp, "--name", kernel, "--heap", "256m", "--serial-gc"), INSTALL_MINUTES,
                dir.resolve("install.log"));
        if (installed.failure() != null) return installed;
        // the installer says which interpreter has the Jupyter packages (it may fall back to Debian's python3)
        String python = installed.output().lines().filter(l -> l.startsWith("python: ")).map(l -> l.substring(8).trim()).findFirst().orElse("python3");
        return run(List.of(python, "notebooks/run_notebooks.py", "--kernel", kernel, "--check", "--jobs", String.valueOf(JOBS), "--out", dir.toString()),
                RUN_MINUTES, dir.resolve("run.log"));
    }

    private static Outcome run(List<String> command, long minutes, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String cmd = String.join(" ", command);
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Outcome(read(log), cmd + " did not finish in " + minutes + " minutes");
        }
        String out = read(log);
        return new Outcome(out, p.exitValue() == 0 ? null : cmd + " failed (exit " + p.exitValue() + "):\n" + out);
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
