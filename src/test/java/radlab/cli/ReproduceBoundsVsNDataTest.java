package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.data.Idx;
import radlab.data.IdxFixtures;
import radlab.report.CsvTable;

/** Issue #16: bounds-vs-n beyond the shipped 8,000 digits, on a user's IDX directory through {@code reproduce --data}. */
class ReproduceBoundsVsNDataTest {
    /**
     * A synthetic "full MNIST": 8,200 training and 300 test images of random 28×28 pixels (more than the 8,000 shipped
     * digits allow), the image files gzipped as Debian ships them, the label files plain.
     */
    static Path syntheticDirectory(Path dir, int train, int test) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFixtures.bytes(randomImages(train, 1), true));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFixtures.labels(train));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxFixtures.bytes(randomImages(test, 2), true));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFixtures.labels(test));
        return dir;
    }

    private static Idx.UByteArray randomImages(int n, long seed) {
        byte[] pixels = new byte[n * 28 * 28];
        new Random(seed).nextBytes(pixels);
        return new Idx.UByteArray(new int[] {n, 28, 28}, pixels);
    }

    @Test
    void aUserDirectoryRunsTheSmokeGridUpToAllOfItsTrainingImagesBeyondTheShipped8000(@TempDir Path tmp) throws Exception {
        Path data = syntheticDirectory(tmp.resolve("idx"), 8200, 300);
        Path out = tmp.resolve("reports");
        ReliabilityCliTest.Run r = ReliabilityCliTest.cli("reproduce", "--figure", "bounds-vs-n", "--profile", "smoke", "--data", data.toString(),
                "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("registered bounds"), r.out());
        List<List<String>> csv = CsvTable.read(out.resolve("bounds-vs-n/bounds-vs-n.csv"));
        List<String> header = csv.get(0);
        int n = header.indexOf("n"), mean = header.indexOf("mean");
        Set<Integer> sizes = new TreeSet<>();
        for (List<String> row : csv.subList(1, csv.size())) {
            sizes.add(Integer.parseInt(row.get(n)));
            assertTrue(Double.isFinite(Double.parseDouble(row.get(mean))), row.toString());
        }
        assertEquals(Set.of(100, 200, 400, 8200), sizes, "the smoke sizes, then all 8,200 training images");
        String readme = Files.readString(out.resolve("bounds-vs-n/README.md"));
        assertTrue(readme.contains(data.toAbsolutePath().normalize().toString()) && readme.contains("--data"), readme);
        // only its own grid ran: the profile's main sweep directory was never created
        assertTrue(Files.isDirectory(out.resolve(".sweeps/smoke-data-bounds-vs-n/points")));
        assertFalse(Files.exists(out.resolve(".sweeps/smoke")));
    }

    @Test
    void badDataOptionsFailWithOneLineBeforeAnyWork(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("reports");
        for (String[] args : new String[][] {
                {"--figure", "bounds-vs-n", "--data", tmp.resolve("nowhere").toString()},
                {"--figure", "bounds-vs-n", "--dataset", "cifar"},
                {"--figure", "robustness-vs-cost", "--dataset", "cifar"},
                {"--figure", "robustness-vs-cost", "--data", tmp.toString()},
                {"--figure", "all", "--data", tmp.toString()},
                {"--figure", "bounds-vs-n", "--data", ""}}) {
            String[] full = new String[args.length + 6];
            full[0] = "reproduce";
            System.arraycopy(args, 0, full, 1, args.length);
            System.arraycopy(new String[] {"--profile", "smoke", "--out", out.toString(), "--quiet"}, 0, full, args.length + 1, 5);
            ReliabilityCliTest.Run r = ReliabilityCliTest.cli(full);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out.resolve(".sweeps")), "no work before the error: " + String.join(" ", args));
        }
        // a directory with too few images for the test split names the directory
        Path small = syntheticDirectory(tmp.resolve("small"), 50, 20);
        ReliabilityCliTest.Run r = ReliabilityCliTest.cli("reproduce", "--figure", "bounds-vs-n", "--profile", "smoke", "--data", small.toString(),
                "--out", out.toString(), "--quiet");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(small.toString()) || r.err().contains("exceeds"), r.err());
    }
}
