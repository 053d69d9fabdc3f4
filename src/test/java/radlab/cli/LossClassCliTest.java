package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossClassCliTest {
    @Test
    void everyBadOptionIsOneErrorLineWithExitCodeTwoBeforeAnyWork(@TempDir Path out) throws Exception {
        Path model = Files.createDirectories(out.resolve("m"));
        List<String[]> bad = List.of(
                new String[] {"--class", "loss"},
                new String[] {"--class", "loss", "--model", out.resolve("missing").toString()},
                new String[] {"--class", "loss", "--model", model.toString(), "--loss", "hinge"},
                new String[] {"--class", "loss", "--model", model.toString(), "--norm", "l3"},
                new String[] {"--class", "loss", "--model", model.toString(), "--epsilon", "-1"},
                new String[] {"--class", "loss", "--model", model.toString(), "--gamma", "0"},
                new String[] {"--class", "loss", "--model", model.toString(), "--step-size", "2"},
                new String[] {"--class", "loss", "--model", model.toString(), "--attack-steps", "0"},
                new String[] {"--class", "loss", "--model", model.toString(), "--draws", "1"});
        for (String[] args : bad) {
            String[] full = java.util.stream.Stream.concat(java.util.stream.Stream.of("rademacher"),
                    java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--out", out.toString(), "--quiet"))).toArray(String[]::new);
            Object[] r = CliTest.run(full);
            String err = ((String) r[1]).strip();
            assertEquals(2, r[0], String.join(" ", args) + ": " + err);
            assertTrue(err.startsWith("radlab: error: ") && !err.contains("\n") && !err.contains("Exception"), err);
        }
        assertFalse(Files.exists(out.resolve("rademacher")), "no report directory is written for bad input");
    }
}
