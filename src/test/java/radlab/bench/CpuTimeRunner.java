package radlab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * radlab's side of {@code bench/pytorch/cpu-compare.sh}: runs one {@link PyTorchComparisonBenchmark} workload (1
 * warm-up, then REPS timed runs, like reference.py) and prints "WORKLOAD wall_median cpu_median" with the thread's
 * CPU time, which other processes' load on a shared machine does not inflate (wall time does, by 2-4x at load 10).
 * With OMP_NUM_THREADS=1 all of ND4J's and OpenBLAS's work runs on the calling thread; rademacher-l2 runs on the
 * estimator's worker thread, so there the process CPU time is taken (reference.py: process time there too).
 */
public final class CpuTimeRunner {
    private CpuTimeRunner() {}

    public static void main(String[] args) {
        PyTorchComparisonBenchmark b = new PyTorchComparisonBenchmark();
        b.workload = args[0];
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // rademacher-l2 computes on the estimator's worker thread: count the whole process there (JIT and GC included)
        boolean process = args[0].startsWith("rademacher");
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        b.setup();
        for (int i = 0; i < warmup; i++) b.run();
        double[] wall = new double[reps], cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = process ? os.getProcessCpuTime() : mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            b.run();
            wall[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = ((process ? os.getProcessCpuTime() : mx.getCurrentThreadCpuTime()) - c0) / 1e9;
        }
        System.out.printf("%s %.4f %.4f%n", args[0], median(wall), median(cpu));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
