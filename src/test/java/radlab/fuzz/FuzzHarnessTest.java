package radlab.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The seeded harness behind the fuzz properties: every try runs, failures name seed, try and input. */
class FuzzHarnessTest {
    @Test
    void runsEveryTryOnItsOwnSeededInput() {
        List<Integer> seen = new ArrayList<>();
        Fuzz.forAll(5, 50, r -> r.nextInt(1000), seen::add);
        assertEquals(IntStream.range(0, 50).mapToObj(i -> Fuzz.random(5, i).nextInt(1000)).toList(), seen);
        List<Integer> again = new ArrayList<>();
        Fuzz.forAll(5, 50, r -> r.nextInt(1000), again::add);
        assertEquals(seen, again);
    }

    @Test
    void aFailureNamesTheSeedTheFailingTriesAndTheirInputs() {
        List<Integer> multiples = IntStream.range(0, 200).filter(i -> Fuzz.random(7, i).nextInt(1000) % 7 == 0).boxed().toList();
        assertTrue(multiples.size() >= 2, "the check needs at least two failing tries");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Fuzz.forAll(7, 200, r -> r.nextInt(1000), x -> assertTrue(x % 7 != 0, "multiple of 7")));
        int first = multiples.get(0);
        assertTrue(e.getMessage().startsWith(multiples.size() + " of 200 tries failed (seed 7;"), e.getMessage());
        assertTrue(e.getMessage().contains("try " + first + ": input " + Fuzz.random(7, first).nextInt(1000) + "\n"), e.getMessage());
        assertTrue(e.getCause().getMessage().startsWith("multiple of 7"), e.getCause().getMessage());
    }

    @Test
    void neighbouringTriesAndSeedsDrawDifferentStreams() {
        long a = Fuzz.random(13012, 0).nextLong(), b = Fuzz.random(13012, 1).nextLong(), c = Fuzz.random(13013, 0).nextLong();
        assertTrue(a != b && a != c && b != c);
    }
}
