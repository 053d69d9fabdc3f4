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
 * test JVM in a background thread — by {@link SuiteListener} when the run begins, or by the notebook test itself —
 * so that the kernel, a separate process, computes while the other test classes run. The thread only waits for the
 * child processes; their output goes to files under target/, read when they end.
 */
public final class BackgroundNotebooks {
    /** What the run printed, or why it failed (null when it passed). */
    public record Outcome(String output, String failure) {}

    /** One kernel at a time: the suite's other classes use the other core, and the memory of two kernels is saved. */
    static final int JOBS = 1;
    static final long INSTALL_MINUTES = 10, RUN_MINUTES = 15;
    static final Path ROOT = Path.of("").toAbsolutePath();

    private static FutureTask<Outcome> task;

    private BackgroundNotebooks() {}

    /** Starts the run unless it has started already. */
    public static synchronized void start() {
        if (task != null) return;
        task = new FutureTask<>(BackgroundNotebooks::runAll);
        Thread t = new Thread(task, "radlab-notebooks");
        t.setDaemon(true);
        t.start();
    }

    /** The run's outcome, starting it first if needed. */
    public static Outcome await() throws InterruptedException, ExecutionException, TimeoutException {
        start();
        return task.get(INSTALL_MINUTES + RUN_MINUTES + 1, TimeUnit.MINUTES);
    }

    private static Outcome runAll() throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (!cp.contains("nd4j")) return new Outcome("", "test classpath without dependencies: " + cp.substring(0, Math.min(200, cp.length())));
        // a kernel spec of this checkout's own: the spec is per user, and another checkout's test may install one too
        String kernel = "radlab-java-test-" + Integer.toHexString(ROOT.toString().hashCode());
        Path dir = Files.createDirectories(ROOT.resolve("target/notebooks"));
        // a 384 MB heap, with the kernel's memory governor, keeps the kernel near 0.55 GB next to the two test JVMs (at 512 MB:
        // 0.66 GB, and the suite's summed peak 3.09 GB)
        Outcome installed = run(List.of("bash", "notebooks/install-kernel.sh", "--classpath", cp, "--name", kernel, "--heap", "384m"), INSTALL_MINUTES,
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
