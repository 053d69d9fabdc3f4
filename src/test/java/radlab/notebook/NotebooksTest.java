package radlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Executes every notebook in notebooks/ headless (nbclient) with radlab's Java kernel on the test classpath, and fails
 * on any cell error or when a committed notebook's outputs no longer have the structure of the fresh run (same cells,
 * same output types per cell; {@code run_notebooks.py --check}): the committed notebooks carry their outputs, and
 * {@code notebooks/refresh.sh} is the one command that re-executes and writes them back. When the kernel or the
 * Jupyter client packages cannot be installed it fails with the installer's message rather than skipping.
 */
class NotebooksTest {
    static final Path ROOT = Path.of("").toAbsolutePath();

    static String run(List<String> command, int minutes) throws Exception {
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + minutes + " minutes");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    @Test
    void everyNotebookExecutesWithoutCellErrors() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        assertTrue(cp.contains("nd4j"), "test classpath with dependencies: " + cp.substring(0, Math.min(200, cp.length())));
        // a kernel spec of this checkout's own: the spec is per user, and another checkout's test may install one too
        String kernel = "radlab-java-test-" + Integer.toHexString(ROOT.toString().hashCode());
        // a 1 GiB heap per kernel keeps two kernels and the test JVM within the suite's 3 GB (4g let one kernel reach 3 GB)
        String installed = run(List.of("bash", "notebooks/install-kernel.sh", "--classpath", cp, "--name", kernel, "--heap", "1g"), 10);
        // The installer says which interpreter has the Jupyter packages (it may fall back to Debian's python3).
        String python = installed.lines().filter(l -> l.startsWith("python: ")).map(l -> l.substring(8).trim()).findFirst().orElse("python3");
        // two kernels at once: the test JVM only waits meanwhile, and each kernel computes on one thread
        String out = run(List.of(python, "notebooks/run_notebooks.py", "--kernel", kernel, "--check", "--jobs", "2",
                "--out", ROOT.resolve("target/notebooks").toString()), 15);
        System.out.println(out);
        long notebooks;
        try (var s = Files.list(ROOT.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).count();
        }
        assertTrue(notebooks >= 3 && out.contains(notebooks + " passed, 0 failed"), out);
    }

    /** Without a kernel: every committed notebook has outputs in its code cells (what --check compares against). */
    @Test
    void committedNotebooksCarryTheirOutputs() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Path> files;
        try (var s = Files.list(ROOT.resolve("notebooks"))) {
            files = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(files.size() >= 3, files.toString());
        for (Path f : files) {
            var cells = mapper.readTree(f.toFile()).path("cells");
            long code = 0, withOutputs = 0;
            for (var c : cells) {
                if (!c.path("cell_type").asText().equals("code")) continue;
                code++;
                if (c.path("outputs").size() > 0) withOutputs++;
                for (var o : c.path("outputs")) {
                    assertTrue(!o.path("output_type").asText().equals("error"), f + ": a committed cell output is an error: " + o);
                }
            }
            assertTrue(code > 0 && withOutputs > 0, f + ": committed without outputs; run notebooks/refresh.sh");
        }
    }
}
