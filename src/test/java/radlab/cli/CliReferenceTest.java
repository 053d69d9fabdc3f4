package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * docs/cli.md is generated from the picocli model ({@link RadlabCli#commandLine}): every command's usage text exactly as
 * {@code radlab COMMAND --help} prints it, without colours. The test fails when the page differs from the model, so the
 * reference cannot drift from the code. Regenerate it with
 * {@code mvn -B -q test -Dtest=CliReferenceTest -Dradlab.regenerate=true} (or run {@link #main}).
 */
class CliReferenceTest {
    static final Path PAGE = Path.of("docs/cli.md");
    static final String REGENERATE = "radlab.regenerate";
    /** picocli's default width; fixed here so that a {@code picocli.usage.width} setting cannot change the page. */
    static final int WIDTH = 80;

    /** The whole page: an introduction, the command list, then one section per command in registration order. */
    static String render() {
        CommandLine root = RadlabCli.commandLine();
        StringBuilder md = new StringBuilder();
        md.append("# radlab command reference\n\n");
        md.append("Generated from the picocli model by `CliReferenceTest`; do not edit by hand. After changing an option, run\n");
        md.append("`mvn -B -q test -Dtest=CliReferenceTest -Dradlab.regenerate=true` to rewrite this page (the test fails while\n");
        md.append("it differs from the code). Each section is what `java -jar target/radlab.jar COMMAND --help` prints.\n\n");
        Map<String, CommandLine> subs = commands(root);
        md.append("| command | what it does |\n|---|---|\n");
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
            md.append("| [`").append(e.getKey()).append("`](#radlab-").append(e.getKey()).append(") | ")
                    .append(RadlabCli.firstSentence(e.getValue().getCommandSpec().usageMessage()).replace("|", "\\|")).append(" |\n");
        }
        md.append("\n## radlab\n\n").append(usage(root));
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) md.append("\n## radlab ").append(e.getKey()).append("\n\n").append(usage(e.getValue()));
        return md.toString();
    }

    /** The subcommands a user runs, in the order `radlab --help` lists them (picocli's own `help` left out). */
    static Map<String, CommandLine> commands(CommandLine root) {
        return root.getSubcommands().entrySet().stream()
                .filter(e -> !(e.getValue().getCommand() instanceof CommandLine.HelpCommand))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    static String usage(CommandLine cl) {
        cl.setUsageHelpWidth(WIDTH);
        String text = cl.getUsageMessage(Ansi.OFF).lines().map(String::stripTrailing).collect(Collectors.joining("\n"));
        return "```text\n" + text.strip() + "\n```\n";
    }

    @Test
    void docsCliMdIsTheGeneratedReference() throws IOException {
        String expected = render();
        if (Boolean.getBoolean(REGENERATE)) Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
        String actual = Files.exists(PAGE) ? Files.readString(PAGE, StandardCharsets.UTF_8) : "";
        if (!actual.equals(expected)) {
            fail("docs/cli.md differs from the picocli model (first difference at line " + firstDifferentLine(actual, expected)
                    + "). Regenerate it: mvn -B -q test -Dtest=CliReferenceTest -Dradlab.regenerate=true");
        }
    }

    @Test
    void everyCommandAndOptionIsOnThePage() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        for (Map.Entry<String, CommandLine> e : commands(RadlabCli.commandLine()).entrySet()) {
            assertTrue(page.contains("\n## radlab " + e.getKey() + "\n"), "docs/cli.md has no section for " + e.getKey());
            for (CommandLine.Model.OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.hidden()) continue;
                assertTrue(page.contains(o.longestName()), e.getKey() + " " + o.longestName() + " is not in docs/cli.md");
            }
        }
    }

    static int firstDifferentLine(String a, String b) {
        List<String> x = a.lines().toList(), y = b.lines().toList();
        int i = 0;
        while (i < x.size() && i < y.size() && x.get(i).equals(y.get(i))) i++;
        return i + 1;
    }

    @Test
    void firstDifferentLineCountsFromOne() {
        assertEquals(1, firstDifferentLine("a\nb", "x\nb"));
        assertEquals(2, firstDifferentLine("a\nb", "a\nc"));
    }

    /** Writes docs/cli.md (run from the repository root). */
    public static void main(String[] args) throws IOException {
        Files.writeString(PAGE, render(), StandardCharsets.UTF_8);
    }
}
