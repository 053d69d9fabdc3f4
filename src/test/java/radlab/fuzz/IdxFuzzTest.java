package radlab.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import radlab.data.DataException;
import radlab.data.Idx;
import radlab.data.IdxFixtures;
import radlab.data.MnistLoader;

/**
 * Randomly corrupted IDX data directories (issue #13, "fuzzing as a test"): the loader either loads them or throws a
 * {@link DataException} with one line naming the directory or file; through the CLI, the contract of
 * {@link FuzzSupport#assertContract} holds. Seeded, so every run tries the same cases. The CLI property is tagged slow
 * (60 in-process runs; {@code mvn test -Pslow -Dtest=IdxFuzzTest}).
 */
class IdxFuzzTest {
    static final int HEADER_TRIES = 1000, LOADER_TRIES = 300, CLI_TRIES = 60;

    /**
     * Inputs the properties found that were bugs, checked before the random tries every time: too rare to come up
     * again at these try counts (zero-pixel images, which crashed ND4J, in 2 of 300 loader tries and none of the 60 CLI
     * tries).
     */
    static final List<List<Corruption>> FOUND = List.of(
            List.of(new Corruption(Corruption.Kind.HEADER_ALL_DIMS, 0, 0.87, 0))); // train images 60 × 0 × 0

    private static void checkFound(Fuzz.Property<List<Corruption>> property) {
        for (List<Corruption> c : FOUND) {
            try {
                property.check(c);
            } catch (Exception | AssertionError e) {
                throw new AssertionFailedError("found input " + c + ": " + e, e);
            }
        }
    }

    private static byte[][] corrupted(List<Corruption> changes) {
        byte[][] files = IdxFixtures.valid(60, 20);
        for (Corruption c : changes) c.apply(files);
        return files;
    }

    /** One to four dimensions (zero, one, the real sizes, powers of two, the extremes, or any int) over 0…64 payload bytes. */
    record Header(int[] dims, int payload) {
        static Header random(SplittableRandom r) {
            int[] dims = new int[1 + r.nextInt(4)];
            for (int i = 0; i < dims.length; i++) dims[i] = Fuzz.intWithSpecials(r, 0, 1, 2, 28, 60, 1 << 16, 1 << 20, 1 << 30, Integer.MAX_VALUE, -1);
            return new Header(dims, r.nextInt(65));
        }

        @Override
        public String toString() {
            return "dims " + Arrays.toString(dims) + ", " + payload + " payload bytes";
        }
    }

    /** Any header over a short payload: an array exactly as large as the header says, or a DataException. */
    @Test
    void readerParsesAnyHeaderWithoutCrashing() {
        Fuzz.forAll(13012, HEADER_TRIES, Header::random, h -> {
            ByteBuffer b = ByteBuffer.allocate(4 + 4 * h.dims().length + h.payload());
            b.put(new byte[] {0, 0, 8, (byte) h.dims().length});
            for (int d : h.dims()) b.putInt(d);
            try {
                Idx.UByteArray a = Idx.read(new ByteArrayInputStream(b.array()), "h.idx");
                long size = 1;
                for (int d : a.dims()) size *= d;
                assertEquals(size, a.data().length);
            } catch (DataException e) {
                assertTrue(e.getMessage().startsWith("h.idx: ") && !e.getMessage().contains("\n"), e.getMessage());
            }
        });
    }

    @Test
    void loaderThrowsOnlyOneLineDataExceptionsNamingTheFile() {
        checkFound(IdxFuzzTest::loadsOrNamesTheFile);
        Fuzz.forAll(13013, LOADER_TRIES, Corruption::list, IdxFuzzTest::loadsOrNamesTheFile);
    }

    private static void loadsOrNamesTheFile(List<Corruption> changes) throws Exception {
        Path dir = Files.createTempDirectory("radlab-idx-fuzz");
        try {
            FuzzSupport.writeFiles(dir, corrupted(changes));
            try {
                MnistLoader.fromDirectory(dir, "fuzz");
            } catch (DataException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                assertTrue(e.getMessage().contains(dir.toString()), "names the file: " + e.getMessage() + " for " + changes);
            }
        } finally {
            FuzzSupport.delete(dir);
        }
    }

    @Test
    @Tag("slow")
    void cliKeepsItsContractOnCorruptedData() {
        checkFound(IdxFuzzTest::cliKeepsItsContract);
        Fuzz.forAll(13014, CLI_TRIES, Corruption::list, IdxFuzzTest::cliKeepsItsContract);
    }

    private static void cliKeepsItsContract(List<Corruption> changes) throws Exception {
        Path tmp = Files.createTempDirectory("radlab-idx-cli-fuzz");
        try {
            Path data = FuzzSupport.writeFiles(tmp.resolve("data"), corrupted(changes));
            Path out = tmp.resolve("out");
            List<String> args = List.of("rademacher", "--data", data.toString(), "--n", "10", "--draws", "2", "--threads", "1",
                    "--out", out.toString(), "--run", "r", "--quiet");
            FuzzSupport.Outcome o = FuzzSupport.run(args);
            FuzzSupport.assertContract(args, o, out);
            if (o.code() != 0) assertTrue(o.err().contains(data.toString()) || o.err().contains("--"), o.err());
        } finally {
            FuzzSupport.delete(tmp);
        }
    }
}
