package radlab.cli;

import java.util.function.Supplier;

/**
 * Puts the option's name in front of a validation message from the library ("unknown activation 'x'" becomes
 * "--activation: unknown activation 'x'"): the library's checks stay the single source of truth, and the user still
 * learns which option to fix (issue #13: a one-line message naming the file or option).
 */
final class OptionErrors {
    private OptionErrors() {}

    static <T> T named(String option, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains(option)) throw e;
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
