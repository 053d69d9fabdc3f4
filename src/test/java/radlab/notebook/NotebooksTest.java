package radlab.notebook;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import radlab.testing.BackgroundNotebooks;

/**
 * Executes every notebook in notebooks/ headless (nbclient) with radlab's Java kernel on the test classpath (the run
 * itself starts with the suite, in the background: {@link BackgroundNotebooks}), and fails
 * on any cell error or when a committed notebook's outputs no longer have the structure of the fresh run (same cells,
 * same output types per cell; {@code run_notebooks.py --check}): the committed notebooks carry their outputs, and
 * {@code notebooks/refresh.sh} is the one command that re-executes and writes them back. When the kernel or the
 * Jupyter client packages cannot be installed it fails with the installer's message rather than skipping.
 */
class NotebooksTest {
    static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void everyNotebookExecutesWithoutCellErrors() throws Exception {
        BackgroundNotebooks.Outcome run = BackgroundNotebooks.await();
        if (run.failure() != null) fail(run.failure());
        System.out.println(run.output());
        long notebooks;
        try (var s = Files.list(ROOT.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).count();
        }
        assertTrue(notebooks >= 3 && run.output().contains(notebooks + " passed, 0 failed"), run.output());
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
