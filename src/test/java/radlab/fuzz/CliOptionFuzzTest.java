package radlab.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Random option values for every command (issue #13, "fuzzing as a test"): invalid numbers, NaN, −0.0, huge and
 * empty values, unknown names, bad paths, options that do not fit together. Each case starts from small valid settings
 * so that a case that happens to be valid finishes in well under a second; values that are valid but would make a run
 * long (many epochs, large networks, the paper profile) are left out on purpose. Seeded. Tagged slow: 120 in-process
 * runs take about half a minute or more on the shared 2-core machine ({@code mvn test -Pslow -Dtest=CliOptionFuzzTest}).
 */
@Tag("slow")
class CliOptionFuzzTest {
    static final int TRIES = 120;
    static final Path FIXTURES;
    static final Path MODEL;

    static {
        try {
            FIXTURES = Files.createTempDirectory("radlab-cli-fuzz-fixtures");
            Files.writeString(FIXTURES.resolve("a-file"), "not a directory");
            MODEL = FIXTURES.resolve("m/model");
            FuzzSupport.Outcome o = FuzzSupport.run(List.of("train", "--hidden", "4", "--epochs", "1", "--train-size", "100", "--test-size", "50",
                    "--no-robust-eval", "--out", FIXTURES.toString(), "--run", "m", "--quiet"));
            if (o.code() != 0) throw new IllegalStateException(o.err());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final String[] NUMBERS = {"-1", "0", "1", "2", "x", "", "1.5", "NaN", "Infinity", "-0.0", "1e309", "2147483648", "-2147483649"};
    static final String[] PATHS = {"", "@FILE/x", "/proc/radlab-fuzz", "@FILE"}; // none creatable, even as root

    /** Option → values to try; "@OUT" and "@FILE" are replaced by the case's output directory and a regular file. */
    static final Map<String, Map<String, String[]>> OPTIONS = Map.of(
            "train", Map.ofEntries(
                    Map.entry("--epochs", new String[] {"-1", "0", "x", "", "1.5", "2147483648"}),
                    Map.entry("--batch-size", new String[] {"-5", "0", "1", "1000000", "x"}),
                    Map.entry("--lr", new String[] {"-1", "0", "NaN", "Infinity", "1e10", "1e-3", "-0.0", "1e309", "x"}),
                    Map.entry("--momentum", new String[] {"-0.1", "1", "0.5", "NaN"}),
                    Map.entry("--optimizer", new String[] {"adam", "sgd", "rmsprop", ""}),
                    Map.entry("--weight-decay", new String[] {"-1", "NaN", "Infinity", "0.1", "-0.0"}),
                    Map.entry("--augment-shift", new String[] {"-1", "0", "2", "27", "28", "1000", "2147483647"}),
                    Map.entry("--hidden", new String[] {"0", "-3", "2,2", "", "a", "4,,4", "99999999999"}),
                    Map.entry("--activation", new String[] {"relu", "tanh", "softplus", "sigmoid", ""}),
                    Map.entry("--precision", new String[] {"float", "double", "half", ""}),
                    Map.entry("--jacobian-reg", new String[] {"none", "l2", "l1", "l3", ""}),
                    Map.entry("--lambda", new String[] {"-1", "0", "0.01", "NaN", "Infinity", "-0.0"}),
                    Map.entry("--jacobian-projections", new String[] {"-1", "0", "1", "x"}),
                    Map.entry("--adversarial-training", new String[] {null}),
                    Map.entry("--attack", new String[] {"fgsm", "pgd", "cw", ""}),
                    Map.entry("--norm", new String[] {"l2", "linf", "l3", ""}),
                    Map.entry("--epsilon", new String[] {"-1", "0", "0.1", "NaN", "Infinity", "-0.0", "1e300"}),
                    Map.entry("--steps", new String[] {"-1", "0", "1", "2", "x"}),
                    Map.entry("--step-size", new String[] {"-1", "0", "0.01", "NaN"}),
                    Map.entry("--train-size", new String[] {"-1", "0", "50", "9000", "x"}),
                    Map.entry("--test-size", new String[] {"-1", "0", "20", "9999"}),
                    Map.entry("--dataset", new String[] {"mnist", "cifar", ""}),
                    Map.entry("--data", PATHS),
                    Map.entry("--seed", NUMBERS)),
            "rademacher", Map.ofEntries(
                    Map.entry("--class", new String[] {"linear-l2", "linear-l1", "kernel-rbf", "mlp", "random-labels", "banana", ""}),
                    Map.entry("--n", new String[] {"-1", "0", "10", "20", "100000", "x"}),
                    Map.entry("--draws", new String[] {"1", "2", "3", "x", "-2"}),
                    Map.entry("--bound", NUMBERS),
                    Map.entry("--rbf-width", NUMBERS),
                    Map.entry("--hidden", new String[] {"0", "2", "2,2", ""}),
                    Map.entry("--spectral", new String[] {"1", "1,1", "-1,1", "NaN,1", ""}),
                    Map.entry("--frobenius", new String[] {"1", "1,1", "0,1", "Infinity,1"}),
                    Map.entry("--jacobian-bound", new String[] {"-1", "0", "0.5", "NaN"}),
                    Map.entry("--restarts", new String[] {"0", "1", "2", "-1"}),
                    Map.entry("--steps", new String[] {"0", "1", "2", "-1"}),
                    Map.entry("--epochs", new String[] {"0", "1", "-1", "x"}),
                    Map.entry("--sweep-n", new String[] {"10", "10,20", "0", "100000", ""}),
                    Map.entry("--threads", new String[] {"0", "1", "2", "5000", "-1"}),
                    Map.entry("--confidence", new String[] {"0", "1", "0.9", "NaN", "-0.0"}),
                    Map.entry("--data", PATHS)),
            "eval", Map.of("--model", new String[] {"@MODEL", "", "@FILE/x", "@FILE", "/proc"}, "--data", PATHS,
                    "--train-size", new String[] {"-1", "0", "20", "9000"}),
            "attack", Map.of("--model", new String[] {"@MODEL", "", "@FILE/x", "@FILE"}, "--attack-size", new String[] {"-1", "0", "5", "x"},
                    "--attack", new String[] {"fgsm", "pgd", "cw"}, "--norm", new String[] {"l2", "linf", "l0"},
                    "--epsilon", new String[] {"-1", "0", "0.1", "NaN", "-0.0"}, "--steps", new String[] {"0", "1", "2"}),
            "reproduce", Map.of("--profile", new String[] {"huge", "", "quick2"}, "--figure", new String[] {"robustness-vs-cost", "pie", "", "all"},
                    "--workers", new String[] {"-1", "0", "x"}, "--engine", new String[] {"local", "mesos", ""}, "--out", PATHS));

    /** Options every command shares, with values that break them. */
    static final Map<String, String[]> COMMON = Map.of(
            "--out", new String[] {"", "/proc/radlab-fuzz", "@FILE", "@OUT/sub dir"},
            "--run", new String[] {"", ".", "..", "a/b", "r".repeat(256), " ", "ü"},
            "--overwrite", new String[] {null},
            "--bogus", new String[] {null, "1"});

    /** Small valid settings per command; a fuzzed option replaces its entry. */
    static Map<String, String> base(String command) {
        Map<String, String> b = new LinkedHashMap<>();
        switch (command) {
            case "train" -> b.putAll(Map.of("--hidden", "4", "--epochs", "1", "--train-size", "100", "--test-size", "50", "--steps", "1"));
            case "rademacher" -> b.putAll(Map.of("--n", "20", "--train-size", "100", "--test-size", "50"));
            case "eval", "attack" -> b.putAll(Map.of("--model", "@MODEL", "--train-size", "100", "--test-size", "50"));
            default -> b.put("--profile", "huge"); // reproduce: a valid profile would run for minutes, so only its checks are fuzzed
        }
        if (command.equals("attack")) b.putAll(Map.of("--attack-size", "10", "--steps", "2"));
        return b;
    }

    /** A command and one to three of its options, each with an index into that option's values (taken modulo their count). */
    record Case(String command, List<Pick> options) {
        record Pick(String option, int value) {}

        static Case random(SplittableRandom r) {
            // 4:3:1:1:1, roughly as the commands' option counts
            String command = Fuzz.oneOf(r, "train", "train", "train", "train", "rademacher", "rademacher", "rademacher", "eval", "attack", "reproduce");
            List<String> names = new ArrayList<>(OPTIONS.get(command).keySet());
            names.addAll(COMMON.keySet());
            names.sort(null);
            List<Pick> picks = new ArrayList<>();
            for (int n = 1 + r.nextInt(3); picks.size() < n; ) picks.add(new Pick(names.get(r.nextInt(names.size())), r.nextInt(100)));
            return new Case(command, picks);
        }
    }

    /**
     * Inputs that were bugs, checked before the random tries: an unknown --activation named no option (1 of the 120
     * tries catches that, too few to rely on).
     */
    static final List<Case> FOUND = List.of(new Case("train", List.of(new Case.Pick("--activation", 3)))); // sigmoid

    @Test
    void everyCommandKeepsItsContractOnRandomOptionValues() {
        for (Case c : FOUND) {
            try {
                keepsTheContract(c);
            } catch (Exception | AssertionError e) {
                throw new AssertionFailedError("found input " + c + ": " + e, e);
            }
        }
        Fuzz.forAll(13015, TRIES, Case::random, CliOptionFuzzTest::keepsTheContract);
    }

    private static void keepsTheContract(Case c) throws Exception {
        String command = c.command();
        Path tmp = Files.createTempDirectory("radlab-cli-fuzz");
        try {
            Path out = tmp.resolve("out");
            Map<String, String> opts = base(command);
            opts.put("--out", out.toString());
            if (!command.equals("reproduce")) opts.put("--run", "fz");
            List<String> flags = new ArrayList<>();
            for (Case.Pick o : c.options()) {
                String[] values = OPTIONS.get(command).containsKey(o.option()) ? OPTIONS.get(command).get(o.option()) : COMMON.get(o.option());
                String v = values[o.value() % values.length];
                if (v != null) v = v.replace("@FILE", FIXTURES.resolve("a-file").toString());
                if (v == null) {
                    flags.add(o.option());
                    continue;
                }
                opts.put(o.option(), v.replace("@OUT", out.toString()).replace("@FILE", FIXTURES.resolve("a-file").toString())
                        .replace("@MODEL", MODEL.toString()));
            }
            if (command.equals("rademacher")) { // keep the slow classes fast unless the case itself sets these
                String cls = opts.getOrDefault("--class", "linear-l2");
                if (cls.equals("mlp")) for (String[] kv : new String[][] {{"--draws", "2"}, {"--restarts", "1"}, {"--steps", "2"}}) opts.putIfAbsent(kv[0], kv[1]);
                if (cls.equals("random-labels")) opts.putIfAbsent("--epochs", "1");
            }
            if (opts.containsKey("--model")) opts.put("--model", opts.get("--model").replace("@MODEL", MODEL.toString()));
            List<String> args = new ArrayList<>(List.of(command));
            opts.forEach((k, v) -> {
                args.add(k);
                args.add(v);
            });
            args.addAll(flags);
            args.add("--quiet");
            FuzzSupport.Outcome o = FuzzSupport.run(args);
            FuzzSupport.assertContract(args, o, out);
        } finally {
            FuzzSupport.delete(tmp);
        }
    }
}
