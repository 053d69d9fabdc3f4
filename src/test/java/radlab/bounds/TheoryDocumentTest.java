package radlab.bounds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every "docs/theory.md §N" pointer in the code, and every bound's theory section, names a section that exists. */
class TheoryDocumentTest {
    static final Path THEORY = Path.of("docs/theory.md");

    static boolean hasSection(String doc, String number) {
        return Pattern.compile("(?m)^#{2,3} " + Pattern.quote(number) + "[ .]").matcher(doc).find();
    }

    @Test
    void everyPointerInTheCodeNamesAnExistingSection() throws Exception {
        String doc = Files.readString(THEORY);
        List<String> broken = new ArrayList<>();
        int pointers = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("docs/theory\\.md §(\\d+(?:\\.\\d+)?)").matcher(Files.readString(f));
                while (m.find()) {
                    pointers++;
                    if (!hasSection(doc, m.group(1))) broken.add(f.getFileName() + " → §" + m.group(1));
                }
            }
        }
        assertTrue(pointers >= 10, "found only " + pointers + " pointers");
        assertTrue(broken.isEmpty(), "pointers to missing sections: " + broken);
        for (Bound b : BoundRegistry.ALL) {
            assertTrue(hasSection(doc, b.theorySection().substring(1)), b.id() + " → " + b.theorySection());
            assertTrue(doc.contains("`" + b.getClass().getSimpleName() + "`"), b.getClass().getSimpleName() + " is named in docs/theory.md");
        }
    }
}
