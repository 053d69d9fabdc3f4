package radlab.cli;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which class-specific options of {@code radlab rademacher} apply to which {@code --class}. An option given for a
 * class that does not use it is rejected before any work (issue #11: random-labels silently ignored --draws and
 * --restarts, and --sweep-n with mlp was rejected only after the whole estimate).
 */
final class RademacherOptionRules {
    static final List<String> CLASSES = List.of("linear-l2", "linear-l1", "kernel-rbf", "mlp", "random-labels", "loss");

    private static final List<String> MONTE_CARLO = List.of("--draws", "--threads", "--confidence");
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "linear-l2", concat(MONTE_CARLO, List.of("--bound", "--sweep-n")),
            "linear-l1", concat(MONTE_CARLO, List.of("--bound", "--sweep-n")),
            "kernel-rbf", concat(MONTE_CARLO, List.of("--bound", "--rbf-width", "--sweep-n")),
            "mlp", concat(MONTE_CARLO, List.of("--hidden", "--spectral", "--frobenius", "--jacobian-bound", "--restarts", "--steps")),
            "random-labels", List.of("--hidden", "--epochs"));
    private static final List<String> SPECIFIC = OPTIONS.values().stream().flatMap(List::stream).distinct().toList();

    private RademacherOptionRules() {}

    /** The class name in canonical form; rejects unknown names and options the class does not use. */
    static String check(String functionClass, Predicate<String> given) {
        String c = functionClass.trim().toLowerCase();
        if (!OPTIONS.containsKey(c)) {
            throw new IllegalArgumentException("unknown --class '" + functionClass + "'; expected " + String.join(", ", CLASSES));
        }
        List<String> allowed = OPTIONS.get(c);
        for (String option : SPECIFIC) {
            if (given.test(option) && !allowed.contains(option)) {
                throw new IllegalArgumentException(option + " does not apply to --class " + c + " (its options: " + String.join(", ", allowed) + ")");
            }
        }
        return c;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
