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
        Path out = Path.of("reports", "bench");
        Files.createDirectories(out);
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("-rf", "json", "-rff", out.resolve("jmh.json").toString()));
        org.openjdk.jmh.Main.main(a.toArray(String[]::new));
    }
}
