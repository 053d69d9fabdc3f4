package radlab.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.opentest4j.AssertionFailedError;

/**
 * Seeded random testing in plain JUnit 5. Try {@code i} of a property draws its input from its own
 * {@link SplittableRandom}, derived from the property's seed and {@code i} alone, so a failing try is reproduced from
 * the seed and index printed in the failure, whatever the other tries do. There is no shrinking: the failure shows
 * the input as generated (so inputs should have a readable {@code toString}).
 *
 * <p>{@code -Dfuzz.try=N} runs only try N; {@code -Dfuzz.seed=S} replaces every property's seed (to explore beyond
 * the fixed cases).
 */
public final class Fuzz {
    /** Failures shown in full; further failing tries are listed by index. */
    private static final int SHOWN = 3;

    /** A check of one generated input; throws (an assertion or anything else) when the property does not hold. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    private Fuzz() {}

    /**
     * The random stream of try {@code i}. SplittableRandom steps its state by the odd constant 0x9e3779b97f4a7c15, so
     * the start states {@code seed·2^32 + i} of different tries or seeds do not run into each other's streams within
     * any practical number of draws.
     */
    public static SplittableRandom random(long seed, int i) {
        return new SplittableRandom((seed << 32) + i);
    }

    /**
     * Runs {@code property} on {@code tries} generated inputs and fails, after all tries, with the seed, the failing
     * try indices and their inputs. A {@link VirtualMachineError} (e.g. OutOfMemoryError) stops the run at once.
     */
    public static <T> void forAll(long seed, int tries, Function<SplittableRandom, T> generator, Property<T> property) {
        long s = Long.getLong("fuzz.seed", seed);
        Integer only = Integer.getInteger("fuzz.try");
        List<String> shown = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        Throwable first = null;
        for (int i = only != null ? only : 0; i < (only != null ? only + 1 : tries); i++) {
            T input = generator.apply(random(s, i));
            try {
                property.check(input);
            } catch (Throwable t) {
                failed.add(i);
                if (first == null) first = t;
                if (shown.size() < SHOWN) shown.add("try " + i + ": input " + input + "\n  " + t);
                if (t instanceof VirtualMachineError) break;
            }
        }
        if (failed.isEmpty()) return;
        String message = String.format("%d of %d tries failed (seed %d; rerun one with -Dfuzz.try=N): tries %s%n%s", failed.size(),
                only != null ? 1 : tries, s, failed.size() <= 20 ? failed : failed.subList(0, 20) + "…", String.join("\n", shown));
        throw new AssertionFailedError(message, first);
    }

    /** One of {@code values}, uniformly. */
    @SafeVarargs
    public static <T> T oneOf(SplittableRandom r, T... values) {
        return values[r.nextInt(values.length)];
    }

    /** A fraction in [0, 1]; the ends come up one time in ten each, as they matter most (nothing, everything). */
    public static double fraction(SplittableRandom r) {
        int k = r.nextInt(10);
        return k == 0 ? 0.0 : k == 1 ? 1.0 : r.nextDouble();
    }

    /** Half of the time one of {@code special}, otherwise any int. */
    public static int intWithSpecials(SplittableRandom r, int... special) {
        return r.nextBoolean() ? special[r.nextInt(special.length)] : r.nextInt();
    }
}
