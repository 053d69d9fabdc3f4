package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every {@code java -jar target/radlab.jar …} line of the code blocks of README.md and of the docs pages that carry
 * runnable lines ({@link #PAGES}) runs in-process through {@link RadlabCli#run}, in order, in one temporary directory:
 * README first (its {@code train} line writes {@code reports/plain/model}, which README's and docs/commands.md's later
 * lines read), then docs/robustness.md (writes and reads {@code jr-l2} and {@code adv}), docs/commands.md,
 * docs/sweeps.md and docs/reproducing.md. A documented example can never crash again. The example's own options are
 * kept; small sizes are added only where the example does not set them. {@code reproduce} lines train a sweep of
 * networks however small the data, so by default they are only parsed; the "slow" group runs them.
 */
class ReadmeExamplesTest {
    static final String JAR = "java -jar target/radlab.jar";

    /** The pages whose code blocks hold runnable lines, in the order their lines run (later lines read earlier models). */
    static final List<Path> PAGES = List.of(Path.of("README.md"), Path.of("docs/robustness.md"), Path.of("docs/commands.md"),
            Path.of("docs/sweeps.md"), Path.of("docs/reproducing.md"));

    /** Options added per command when the example does not set them. */
    static final Map<String, List<String>> SMALL = Map.of(
            "train", List.of("--train-size", "300", "--test-size", "100", "--epochs", "1", "--hidden", "32", "--steps", "10", "--target-classes", "2",
                    "--certify-size", "20", "--quiet"),
            "eval", List.of("--train-size", "300", "--test-size", "100"),
            // no --attack-size: `attack --model M` alone once crashed after all the work when it was absent
            "attack", List.of("--train-size", "300", "--test-size", "100", "--steps", "10", "--target-classes", "2", "--certify-size", "20", "--quiet"),
            "rademacher", List.of("--quiet"),
            "reproduce", List.of("--quiet"),
            "rerun", List.of("--quiet"),
            // one draw per grid σ when choosing σ: the robust example attacks the training set once per draw and σ
            "pac-bayes", List.of("--train-size", "300", "--test-size", "100", "--selection-draws", "1", "--quiet"),
            "correlate", List.of("--resamples", "100"));

    /** The argument lists of every line that runs the jar in the code blocks of {@link #PAGES}, in order. */
    static List<List<String>> examples() throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (Path page : PAGES) out.addAll(examples(page));
        return out;
    }

    /** The argument lists of every line of {@code page}'s code blocks that runs the jar, in order of appearance. */
    static List<List<String>> examples(Path page) throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (String line : runnableLines(page)) {
            String cmd = line.substring(line.indexOf(JAR) + JAR.length());
            int comment = cmd.indexOf(" #");
            if (comment >= 0) cmd = cmd.substring(0, comment);
            cmd = cmd.split("&&|;|\\|")[0].trim();
            out.add(cmd.isEmpty() ? List.of() : Arrays.asList(cmd.split("\\s+")));
        }
        return out;
    }

    /** The lines of {@code page}'s fenced code blocks that run the jar, as written (comments included). */
    static List<String> runnableLines(Path page) throws IOException {
        return runnableLinesWithComments(page).stream().map(l -> l.get(1)).toList();
    }

    /** Each runnable line as [the comment line just above it, or "", the line]. */
    static List<List<String>> runnableLinesWithComments(Path page) throws IOException {
        List<List<String>> out = new ArrayList<>();
        boolean inCode = false;
        String previous = "";
        for (String line : Files.readAllLines(page)) {
            if (line.trim().startsWith("```")) {
                inCode = !inCode;
                previous = "";
                continue;
            }
            if (inCode && line.contains(JAR)) out.add(List.of(previous.trim().startsWith("#") ? previous : "", line));
            previous = line;
        }
        return out;
    }

    /** The example with paths under reports/ moved to {@code tmp}, {@code --out tmp} and the small-size options added. */
    static String[] adapted(List<String> example, Path tmp) {
        List<String> args = new ArrayList<>();
        for (String a : example) args.add(a.startsWith("reports/") ? tmp.resolve(a.substring("reports/".length())).toString() : a);
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) return args.toArray(String[]::new);
        List<String> extra = new ArrayList<>();
        // a CNN's attack suite costs ~10× an MLP's per digit: fewer digits (CnnCliTest covers CNN training and attacks)
        int arch = args.indexOf("--arch");
        boolean cnn = args.get(0).equals("train") && arch >= 0 && arch + 1 < args.size() && args.get(arch + 1).startsWith("cnn:");
        if (cnn) {
            extra.addAll(List.of("--train-size", "100", "--test-size", "50", "--certify-size", "5"));
            // the documented sizes too (1,000/500 digits: 10 s per example of this suite's time)
            for (String[] opt : new String[][] {{"--train-size", "100"}, {"--test-size", "50"}}) if (args.contains(opt[0])) args.set(args.indexOf(opt[0]) + 1, opt[1]);
        }
        extra.addAll(SMALL.getOrDefault(args.get(0), List.of()));
        // sign fitting is the costly part of the network and loss classes; the other classes reject these options
        if (args.get(0).equals("rademacher") && (args.contains("mlp") || args.contains("loss"))) extra.addAll(List.of("--restarts", "1", "--steps", "10"));
        for (int i = 0; i < extra.size(); i++) {
            String opt = extra.get(i);
            boolean flag = i + 1 >= extra.size() || extra.get(i + 1).startsWith("--");
            boolean archGiven = opt.equals("--hidden") && args.contains("--arch"); // --hidden is an alias of --arch mlp:…
            if (!args.contains(opt) && !archGiven) {
                args.add(opt);
                if (!flag) args.add(extra.get(i + 1));
            }
            if (!flag) i++;
        }
        // norms reads the data the example's model was trained on (300 digits here): its --n must fit them
        if (args.get(0).equals("norms") && args.contains("--n")) args.set(args.indexOf("--n") + 1, "100");
        // attack subsamples --attack-size of each set: it must fit the 300/100 digits here too
        if (args.get(0).equals("attack") && args.contains("--attack-size")) args.set(args.indexOf("--attack-size") + 1, "50");
        // Monte Carlo draws: each network-class draw fits signs by gradient ascent (13 s for the documented 20 draws of 200
        // points); a linear class's draws are cheap, but a thousand at six sizes took 7 s
        if (args.get(0).equals("rademacher") && args.contains("--draws")) {
            boolean network = args.contains("mlp") || args.contains("loss");
            int draws = Integer.parseInt(args.get(args.indexOf("--draws") + 1));
            args.set(args.indexOf("--draws") + 1, String.valueOf(Math.min(draws, network ? 4 : 100)));
            if (network && args.contains("--n")) args.set(args.indexOf("--n") + 1, String.valueOf(Math.min(100, Integer.parseInt(args.get(args.indexOf("--n") + 1)))));
        }
        // the robust PAC-Bayes bound attacks every draw of every robust sample: fewer draws (24 s → a few)
        if (args.get(0).equals("pac-bayes")) {
            for (String[] opt : new String[][] {{"--draws", "10"}, {"--robust-draws", "2"}}) if (args.contains(opt[0])) args.set(args.indexOf(opt[0]) + 1, opt[1]);
        }
        if (!args.contains("--out")) args.addAll(List.of("--out", tmp.toString()));
        return args.toArray(String[]::new);
    }

    @Test
    void readmeHasAnExampleOfEveryCommand() throws IOException {
        List<String> commands = examples(Path.of("README.md")).stream().filter(e -> !e.isEmpty()).map(e -> e.get(0)).distinct().toList();
        for (String c : CliReferenceTest.commands(RadlabCli.commandLine()).keySet()) {
            assertTrue(commands.contains(c), "README has no example of " + c + ": " + commands);
        }
    }

    /** A page with runnable lines that is not in {@link #PAGES} would never be run. */
    @Test
    void everyDocsPageWithRunnableLinesIsRun() throws IOException {
        try (var files = Files.list(Path.of("docs"))) {
            for (Path page : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                if (!runnableLines(page).isEmpty()) assertTrue(PAGES.contains(page), page + " has runnable lines but is not in ReadmeExamplesTest.PAGES");
            }
        }
    }

    /** Each runnable line says how long it takes on 2 cores (in its own comment or the comment line above it). */
    @Test
    void everyExampleStatesItsTime() throws IOException {
        for (Path page : PAGES) {
            for (List<String> l : runnableLinesWithComments(page)) {
                int comment = l.get(1).indexOf(" #");
                String said = l.get(0) + (comment >= 0 ? l.get(1).substring(comment) : "");
                assertTrue(said.contains("on 2 cores"), page + ": the line states no time (\"# ~40 s on 2 cores\"): " + l.get(1));
            }
        }
    }

    @Test
    void everyReadmeExampleRuns(@TempDir Path tmp) throws IOException {
        for (List<String> example : examples()) {
            String[] args = adapted(example, tmp);
            if (!example.isEmpty() && (example.get(0).equals("reproduce") || fullSizeSweep(example))) {
                new CommandLine(new RadlabCli()).parseArgs(args); // throws on an unknown option or a bad value
                continue;
            }
            long t0 = System.nanoTime();
            Object[] r = CliTest.run(args);
            assertEquals(0, r[0], "documented example `" + String.join(" ", example) + "` run as " + Arrays.toString(args) + ":\n" + r[1]);
            // each example's time in the test output: the suite's time budget is shared, and this test is among its largest
            System.out.printf("ReadmeExamplesTest: %5.1f s  %s%n", (System.nanoTime() - t0) / 1e9, String.join(" ", args));
            // each example runs in this JVM, whose small heap rarely fills: without a collection, ND4J's native arrays of
            // every example so far stay resident (the suite's peak, over 3 GB, was here)
            System.gc();
        }
    }

    /**
     * A sweep over a full-size grid (minutes to hours): the default suite only parses it, the grid itself is validated
     * by GridTest; {@code grids/tiny.json} runs in full.
     */
    static boolean fullSizeSweep(List<String> example) {
        return example.get(0).equals("sweep") && !example.contains("grids/tiny.json");
    }

    @Test
    @Tag("slow")
    void readmeReproduceExamplesRun(@TempDir Path tmp) throws IOException {
        for (List<String> example : examples()) {
            if (example.isEmpty() || !(example.get(0).equals("reproduce") || fullSizeSweep(example))) continue;
            String[] args = adapted(example, tmp);
            Object[] r = CliTest.run(args);
            assertEquals(0, r[0], "documented example `" + String.join(" ", example) + "`:\n" + r[1]);
        }
    }
}
