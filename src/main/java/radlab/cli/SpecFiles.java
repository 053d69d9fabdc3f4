package radlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import radlab.util.IoErrors;

/** Reading a command's {@code --spec FILE}: a problem in the file is one line naming the file (exit 2), before any work. */
final class SpecFiles {
    /** The name under which every report that has a specification stores it (train, attack, norms). */
    static final String SPEC_JSON = TrainingReport.SPEC_JSON;

    private SpecFiles() {}

    static <T> T read(Path file, Function<String, T> parse) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + IoErrors.reason(e) + ")", e);
        }
        return inFile(file, () -> parse.apply(text));
    }

    /** Runs {@code work} (building objects from the file's settings), naming the file in any one-line error. */
    static <T> T inFile(Path file, Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
