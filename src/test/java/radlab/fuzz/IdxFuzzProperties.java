package radlab.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import radlab.data.DataException;
import radlab.data.Idx;
import radlab.data.IdxFixtures;
import radlab.data.MnistLoader;

/**
 * Randomly corrupted IDX data directories (issue #13, "fuzzing as a test"): the loader either loads them or throws a
 * {@link DataException} with one line naming the directory or file; through the CLI, the contract of
 * {@link FuzzSupport#assertContract} holds. Seeded, so every run tries the same cases.
 */
class IdxFuzzProperties {
    static final int HEADER_TRIES = 1000, LOADER_TRIES = 300, CLI_TRIES = 60;

    @Provide
    Arbitrary<List<Corruption>> corruptions() {
        return Corruption.lists();
    }

    private static byte[][] corrupted(List<Corruption> changes) {
        byte[][] files = IdxFixtures.valid(60, 20);
        for (Corruption c : changes) c.apply(files);
        return files;
    }

    @Provide
    Arbitrary<int[]> headers() {
        Arbitrary<Integer> dim = Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 28, 60, 1 << 16, 1 << 20, 1 << 30, Integer.MAX_VALUE, -1),
                Arbitraries.integers());
        return dim.array(int[].class).ofMinSize(1).ofMaxSize(4);
    }

    /** Any header over a short payload: an array exactly as large as the header says, or a DataException. */
    @Property(tries = HEADER_TRIES, seed = "13012")
    void readerParsesAnyHeaderWithoutCrashing(@ForAll("headers") int[] dims, @ForAll @IntRange(max = 64) int payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload);
        b.put(new byte[] {0, 0, 8, (byte) dims.length});
        for (int d : dims) b.putInt(d);
        try {
            Idx.UByteArray a = Idx.read(new ByteArrayInputStream(b.array()), "h.idx");
            long size = 1;
            for (int d : a.dims()) size *= d;
            assertEquals(size, a.data().length);
        } catch (DataException e) {
            assertTrue(e.getMessage().startsWith("h.idx: ") && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Property(tries = LOADER_TRIES, seed = "13013")
    void loaderThrowsOnlyOneLineDataExceptionsNamingTheFile(@ForAll("corruptions") List<Corruption> changes) throws Exception {
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

    @Property(tries = CLI_TRIES, seed = "13014")
    void cliKeepsItsContractOnCorruptedData(@ForAll("corruptions") List<Corruption> changes) throws Exception {
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
