package radlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The user documentation (README.md and docs/*.md) reads in five minutes and describes the current state: the README
 * stays short, no page carries the development's issue or session numbers (history belongs in CHANGELOG.md and
 * bench/pytorch/README.md), and every relative link reaches an existing file and heading.
 */
class UserDocsTest {
    static final int README_MAX_LINES = 200;
    /** "issue #14", "(#12)", "#10", "session 6": the development's bookkeeping, not something a user can act on. */
    static final Pattern HISTORY = Pattern.compile("(?i)\\bissues?\\s*#?\\d+|(?<![&\\w/])#\\d+\\b|\\bsessions?\\s+\\d+");
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    static List<Path> userPages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void readmeIsShort() throws IOException {
        int lines = Files.readAllLines(Path.of("README.md")).size();
        assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines; move detail into docs/ (at most " + README_MAX_LINES + ")");
    }

    @Test
    void noDevelopmentHistoryInUserDocs() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path page : userPages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = HISTORY.matcher(lines.get(i));
                if (m.find()) found.add(page + ":" + (i + 1) + ": " + m.group());
            }
        }
        assertEquals(List.of(), found, "issue or session numbers in user docs (move history to CHANGELOG.md)");
    }

    @Test
    void historyPatternFindsWhatItShould() {
        for (String s : List.of("issue #14", "(#12)", "see #10.", "Session 6", "sessions 5")) assertTrue(HISTORY.matcher(s).find(), s);
        for (String s : List.of("# 1. Build", "(#radlab-train)", "#n − 2", "&#124;", "docs/theory.md#2-input-jacobians", "Lemma A.8"))
            assertTrue(!HISTORY.matcher(s).find(), s);
    }

    @Test
    void relativeLinksReachFilesAndHeadings() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : userPages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) continue; // http:, https:, mailto:
                links++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + " → " + target + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md") && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(page + " → " + target + " (no such heading)");
                }
            }
        }
        assertTrue(links >= 20, "found only " + links + " relative links");
        assertEquals(List.of(), broken, "broken links in user docs");
    }

    /** GitHub's heading anchors: lower case, characters other than letters, marks, digits, '_', '-' and space dropped, spaces to '-'. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(page)) {
            if (line.trim().startsWith("```")) inCode = !inCode;
            if (inCode || !line.startsWith("#")) continue;
            out.add(slug(line.replaceFirst("^#+\\s*", "")));
        }
        return out;
    }

    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{Nd}\\p{Pc} -]", "").replace(' ', '-');
    }

    @Test
    void slugsAreGitHubs() {
        assertEquals("24-surrogate-inequalities-radlabattacksurrogatecomparison-ours",
                slug("2.4 Surrogate inequalities (`radlab.attack.SurrogateComparison`) [ours]"));
        assertEquals("set-up-two-commands", slug("Set-up: two commands"));
        assertEquals("radlab-pac-bayes", slug("radlab pac-bayes"));
    }
}
