package radlab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the JMH benchmarks with results written to {@code reports/bench/jmh.json} (JMH's JSON: every sample kept,
 * units and error stated) and a summary to stdout. Arguments are passed to JMH.
 */
public final class BenchMain {
    public static void main(String[] args) throws Exception {
        // OpenBLAS reads its kernel choice only at load time, from the environment: rerun this launcher once with the
        // CLI's choice (radlab.cli.BlasKernel), so that JMH's forks measure what `java -jar radlab.jar` runs
        java.util.Map<String, String> env = radlab.cli.BlasKernel.forChildOfThisJvm();
        if (!env.equals(System.getenv())) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true",
                    "-cp", System.getProperty("java.class.path"), BenchMain.class.getName()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().clear();
            pb.environment().putAll(env);
            System.exit(pb.start().waitFor());
        }
        Path out = Path.of("reports", "bench");
        Files.createDirectories(out);
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("-rf", "json", "-rff", out.resolve("jmh.json").toString()));
        org.openjdk.jmh.Main.main(a.toArray(String[]::new));
    }
}
