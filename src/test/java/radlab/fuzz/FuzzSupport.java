package radlab.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import radlab.cli.RadlabCli;
import radlab.data.IdxFixtures;
import radlab.report.AtomicFiles;

/** Runs the CLI in-process and checks the contract every run must keep, whatever its input. */
final class FuzzSupport {
    record Outcome(int code, String out, String err) {}

    static {
        // SLF4J warns once, on first use, that the test class path has two providers (slf4j-nop and Spark's log4j);
        // started here, the warning goes to the real stderr instead of the first captured run's.
        org.slf4j.LoggerFactory.getILoggerFactory();
    }

    private FuzzSupport() {}

    static Outcome run(List<String> args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            return new Outcome(RadlabCli.run(args.toArray(String[]::new)), out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Exit code 0, 1 or 2; never a stack trace or an internal error; a failure is one "radlab: error:" line (plus
     * picocli's "Try … --help" hint) naming an option or a file; a failed run leaves {@code out} empty, a successful one
     * leaves no staging behind.
     */
    static void assertContract(List<String> args, Outcome o, Path out) {
        String context = String.join(" ", args) + "\nexit " + o.code() + "\nstderr: " + o.err();
        assertTrue(o.code() == 0 || o.code() == 1 || o.code() == 2, context);
        for (String s : List.of(o.err(), o.out())) {
            assertFalse(s.contains("\tat ") || s.contains("Exception") || s.contains("internal error") || s.contains("Error:"), context);
        }
        if (o.code() != 0) {
            List<String> lines = o.err().lines().filter(l -> !l.isBlank()).toList();
            assertFalse(lines.isEmpty(), context);
            assertTrue(lines.get(0).startsWith("radlab: error: "), context);
            for (String l : lines.subList(1, lines.size())) assertTrue(l.matches("Try '.*--help'\\."), context);
            String first = lines.get(0);
            assertTrue(first.contains("--") || first.contains("'-") || first.contains("/") || first.contains("-idx"), "names an option or a file: " + context);
            assertEquals(List.of(), list(out), "nothing left in the output directory: " + context);
        } else {
            try (Stream<Path> s = Files.walk(out)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".radlab-staging-")), "no staging left: " + context);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static List<String> list(Path dir) {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeFiles(Path dir, byte[][] files) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < files.length; i++) if (files[i] != null) Files.write(dir.resolve(IdxFixtures.FILES[i]), files[i]);
        return dir;
    }

    static void delete(Path dir) {
        try {
            AtomicFiles.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
