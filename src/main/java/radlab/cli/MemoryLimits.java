package radlab.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The memory limits of {@code java -jar target/radlab.jar} (docs/performance.md, Memory). A JVM cannot lower its
 * maximum heap once started, and glibc reads its arena settings only at process start, so {@link RadlabCli#main}
 * relaunches itself once in a child JVM with the limits below (stdio inherited, exit code forwarded) unless the user
 * manages the heap already:
 * <ul>
 *   <li>a memory budget B = {@value #BUDGET_ENV} (or -D{@value #BUDGET_PROPERTY}), default {@value #DEFAULT_BUDGET_TEXT};</li>
 *   <li>heap -Xmx = B/2 with the serial collector (G1's own structures were 45–75 MB resident, and a full collection of a
 *       small serial heap takes milliseconds: {@link radlab.util.MemoryGovernor} asks for them), young generation B/32 and initial
 *       heap B/16: frequent young collections free the buffers of arrays that die young (measured on a 1-epoch
 *       {@code train}: 901 MB peak with the default young generation of 85 MB, 843 MB with 32 MB);</li>
 *   <li>{@code MALLOC_ARENA_MAX=2}: ND4J's buffers are malloc'd by the worker threads and freed by the deallocator thread;
 *       with glibc's default of 8 arenas per core the freed memory stays spread over arenas and is not reused;</li>
 *   <li>{@code OPENBLAS_CORETYPE=SkylakeX} on AVX-512 CPUs ({@link BlasKernel}): like the arena setting, OpenBLAS reads
 *       it only at load time, so the child is where it can be set;</li>
 *   <li>{@link radlab.util.MemoryGovernor} collects garbage when the resident size passes 70 % of B, which is what returns ND4J's
 *       off-heap buffers (they are freed only when their Java objects are collected);</li>
 *   <li>the hard limits stay where they were before the relaunch existed (the user's default heap + 1 GB), so that a
 *       job whose live arrays exceed B (CNN Jacobians) still runs: the governor then raises its threshold above what a
 *       collection leaves. JavaCPP keeps maxbytes; the limit on resident memory (JavaCPP's maxphysicalbytes, which
 *       reads /proc for every new NDArray) is enforced by {@link radlab.util.MemoryGovernor} instead, unless the user set
 *       maxphysicalbytes.</li>
 * </ul>
 * No relaunch when the user set a heap size (-Xmx, -Xms, -XX:MaxHeapSize, -XX:MaxRAM…, also in JAVA_TOOL_OPTIONS or
 * JDK_JAVA_OPTIONS), attached an agent or debugger, asked for the Spark engine (Spark needs a larger heap; spark-submit
 * sets its own), set {@value #NO_RELAUNCH_ENV} (or -D{@value #NO_RELAUNCH_PROPERTY}=true), or in the child itself.
 */
final class MemoryLimits {
    static final String BUDGET_ENV = "RADLAB_MEMORY";
    static final String BUDGET_PROPERTY = "radlab.memory";
    static final String NO_RELAUNCH_ENV = "RADLAB_NO_RELAUNCH";
    static final String NO_RELAUNCH_PROPERTY = "radlab.noRelaunch";
    /** Set on the child's command line: the child must not relaunch again, and watches its parent. */
    static final String CHILD_PROPERTY = "radlab.relaunched";
    static final String DEFAULT_BUDGET_TEXT = "1g";
    static final long DEFAULT_BUDGET = 1L << 30;
    /** Smallest budget accepted: below it the JVM, ND4J's libraries and one batch do not fit. */
    static final long MIN_BUDGET = 256L << 20;
    static final String MAX_PHYSICAL = "org.bytedeco.javacpp.maxphysicalbytes";
    static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";
    /**
     * The hard limit on resident memory, in bytes, that the relaunched child enforces with radlab.util.MemoryGovernor
     * instead of in JavaCPP ({@link #childCommand}): JavaCPP's check (maxphysicalbytes) reads /proc for every new
     * NDArray, 7 % of a training epoch (bench/pytorch/README.md), while the governor reads it every 20 ms.
     */
    static final String HARD_LIMIT_PROPERTY = "radlab.memory.hardLimit";

    /**
     * What the CLI's memory governor does when a collection leaves more resident than {@code hardLimit}: what JavaCPP's
     * own check did by failing the allocation, one line and the failure exit code (the shutdown hooks remove staging
     * directories, so no half-written report is left).
     */
    static java.util.function.LongConsumer exitOnHardLimit(long hardLimit) {
        return after -> {
            System.err.println(outOfMemoryMessage(after, hardLimit));
            System.exit(RadlabCli.EXIT_FAILURE);
        };
    }

    /** The one-line error of a run stopped by the hard limit, in the words of the CLI's out-of-memory error. */
    static String outOfMemoryMessage(long after, long hardLimit) {
        return String.format("radlab: error: out of memory (resident %d MB after a garbage collection, above the limit of %d MB); use smaller "
                + "sizes or raise the memory limit, e.g. %s=4g (docs/performance.md, Memory)", after >> 20, hardLimit >> 20, BUDGET_ENV);
    }

    private MemoryLimits() {}

    /**
     * The memory budget in bytes: -Dradlab.memory, then RADLAB_MEMORY, then 1 GiB. Sizes as for -Xmx (512m, 2g, or
     * bytes).
     *
     * @throws IllegalArgumentException for a malformed or too small value (a one-line usage error)
     */
    static long budget(String property, String env) {
        String v = property != null ? property : env;
        if (v == null || v.isBlank()) return DEFAULT_BUDGET;
        String name = property != null ? "-D" + BUDGET_PROPERTY : BUDGET_ENV;
        long b;
        try {
            b = parseSize(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + v + "' is not a size such as 1g, 1536m or 4g");
        }
        if (b < MIN_BUDGET) throw new IllegalArgumentException(name + "='" + v + "' is below the minimum of 256m");
        return b;
    }

    /** A size as written for -Xmx: digits with an optional k, m, g or t suffix (binary units). */
    static long parseSize(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            case 't' -> unit = 1L << 40;
            default -> { }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        if (!digits.matches("[0-9]{1,13}")) throw new NumberFormatException(s);
        return Math.multiplyExact(Long.parseLong(digits), unit);
    }

    /**
     * The heap of the child for budget {@code b}: half, in megabytes. The default commands use under 100 MB of it, and
     * heap pages that are never touched are not resident; but reading the full 60,000-image MNIST or Fashion-MNIST
     * holds 235 MB of bytes and floats at once on the heap, which a quarter (256 MB) did not fit.
     */
    static long heapMegabytes(long b) {
        return Math.max(64, (b >> 20) / 2);
    }

    /** Whether the JVM options or the environment already choose a heap size, or attach an agent or debugger. */
    static boolean userManagesJvm(List<String> jvmArgs, Map<String, String> env) {
        List<String> all = new ArrayList<>(jvmArgs);
        for (String var : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            String v = env.get(var);
            if (v != null) all.addAll(List.of(v.trim().split("\\s+")));
        }
        for (String a : all) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-XX:MaxHeapSize") || a.startsWith("-XX:InitialHeapSize")
                    || a.startsWith("-XX:MaxRAM") || a.startsWith("-XX:MinRAM") || a.startsWith("-XX:InitialRAM")
                    || a.startsWith("-agentlib") || a.startsWith("-agentpath") || a.startsWith("-javaagent") || a.startsWith("-Xrun")
                    || a.startsWith("-Xdebug")) return true;
        }
        return false;
    }

    /** Whether to relaunch: not in the child, not switched off, no heap or agent of the user's, no Spark engine. */
    static boolean shouldRelaunch(String[] args, List<String> jvmArgs, Map<String, String> env, Map<String, String> props) {
        if (props.get(CHILD_PROPERTY) != null) return false;
        if (isSet(env.get(NO_RELAUNCH_ENV)) || isSet(props.get(NO_RELAUNCH_PROPERTY))) return false;
        if (userManagesJvm(jvmArgs, env)) return false;
        for (String a : args) if (a.equals("spark") || a.startsWith("--engine=spark")) return false;
        return true;
    }

    private static boolean isSet(String v) {
        return v != null && !v.isBlank() && !v.equalsIgnoreCase("false") && !v.equals("0");
    }

    /**
     * The child's command line: the same java, the parent's JVM options, radlab's limits for those the user did not
     * set, the same class path and main class, and the same arguments.
     *
     * @param hardLimit JavaCPP's maxbytes/maxphysicalbytes for the child (the parent's default heap + 1 GB)
     */
    static List<String> childCommand(Path java, List<String> jvmArgs, String classPath, long budget, long hardLimit, String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        long heap = heapMegabytes(budget);
        cmd.add("-Xmx" + heap + "m");
        // A small young generation is collected often, and each young collection frees the ND4J buffers of the arrays
        // that died young; a small initial heap lets the heap stay small when the job does not need more.
        cmd.add("-Xms" + heap / 8 + "m");   // larger than the young generation, else the JVM prints a warning
        cmd.add("-Xmn" + heap / 16 + "m");
        if (jvmArgs.stream().noneMatch(a -> a.startsWith("-XX:+Use") && a.endsWith("GC"))) cmd.add("-XX:+UseSerialGC");
        cmd.addAll(jvmArgs);
        if (jvmArgs.stream().noneMatch(a -> a.startsWith("-D" + MAX_PHYSICAL + "="))) {
            // the hard limit on resident memory moves from JavaCPP (a /proc read for every new NDArray: 7 % of a
            // training epoch) to the governor, which reads it every 20 ms and fails the run the same way
            cmd.add("-D" + MAX_PHYSICAL + "=0");
            cmd.add("-D" + HARD_LIMIT_PROPERTY + "=" + hardLimit);
        }
        if (jvmArgs.stream().noneMatch(a -> a.startsWith("-D" + MAX_BYTES + "="))) cmd.add("-D" + MAX_BYTES + "=" + hardLimit);
        if (jvmArgs.stream().noneMatch(a -> a.startsWith("-D" + BUDGET_PROPERTY + "="))) cmd.add("-D" + BUDGET_PROPERTY + "=" + budget);
        cmd.add("-D" + CHILD_PROPERTY + "=true");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(RadlabCli.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * The child's environment: this one's, with MALLOC_ARENA_MAX=2 unless the user set it, OMP_NUM_THREADS=1 always,
     * and radlab's {@link BlasKernel} choice. OMP_NUM_THREADS must be in the environment at start: libnd4j's reductions
     * read it, not the thread count set through ND4J's API, so without it a sweep's rows differed in the 13th digit
     * from the same points run by Spark executors (which get OMP_NUM_THREADS=1 from Spark). A user's value is replaced:
     * radlab's threads are RADLAB_THREADS (radlab.util.NativeThreads says why ND4J keeps one).
     */
    static Map<String, String> childEnvironment(Map<String, String> env, java.util.Set<String> cpuFlags) {
        Map<String, String> child = new HashMap<>(env);
        child.putIfAbsent("MALLOC_ARENA_MAX", "2");
        child.put("OMP_NUM_THREADS", "1");
        BlasKernel.apply(child, cpuFlags);
        return child;
    }

    /** JavaCPP's hard limit when radlab sets it: the max heap + 1 GB, at least 2 GB (the limit before issue #14's relaunch). */
    static long hardLimit(long maxHeap) {
        return Math.max(2L << 30, maxHeap + (1L << 30));
    }

    /**
     * Runs the command in a child JVM with radlab's limits when {@link #shouldRelaunch} says so, and returns its exit
     * code; empty when the command is to run in this JVM. The child inherits stdin, stdout and stderr (so progress bars
     * still see a terminal); if this JVM is stopped (Ctrl-C, kill), the child is stopped too and waited for, so that it
     * removes its staging directory; if this JVM dies without that (kill -9), the child notices and exits.
     */
    static Optional<Integer> relaunch(String[] args) {
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        Map<String, String> props = new HashMap<>();
        for (String p : List.of(CHILD_PROPERTY, NO_RELAUNCH_PROPERTY)) if (System.getProperty(p) != null) props.put(p, System.getProperty(p));
        if (!shouldRelaunch(args, jvmArgs, System.getenv(), props)) return Optional.empty();
        long budget = budget(System.getProperty(BUDGET_PROPERTY), System.getenv(BUDGET_ENV));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = childCommand(java, jvmArgs, System.getProperty("java.class.path"), budget, hardLimit(Runtime.getRuntime().maxMemory()), args);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().clear();
        pb.environment().putAll(childEnvironment(System.getenv(), BlasKernel.cpuFlags()));
        Process child;
        try {
            child = pb.start();
        } catch (java.io.IOException e) {
            System.err.println("radlab: warning: could not start a JVM with radlab's memory limits (" + e.getMessage() + "); running without them");
            return Optional.empty();
        }
        Thread stopChild = new Thread(() -> {
            if (!child.isAlive()) return;
            child.destroy();   // SIGTERM: the child's own shutdown hooks remove its staging
            try {
                child.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "radlab-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        while (true) {
            try {
                return Optional.of(child.waitFor());
            } catch (InterruptedException e) {
                // keep waiting: the shutdown hook stops the child when this JVM is asked to exit
            }
        }
    }

    /** In the child: exit when the parent JVM is gone (kill -9 of the parent leaves no shutdown hook to stop us). */
    static void watchParent() {
        if (System.getProperty(CHILD_PROPERTY) == null) return;
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> {
            System.err.println("radlab: error: the launching JVM exited; stopping");
            System.exit(RadlabCli.EXIT_FAILURE);
        }));
    }
}
