package radlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxTest {
    private static Idx.UByteArray sampleImages(int n) {
        byte[] data = new byte[n * 4 * 4];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 37);
        return new Idx.UByteArray(new int[] {n, 4, 4}, data);
    }

    private static byte[] bytes(Idx.UByteArray a, boolean gzip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Idx.write(a, out, gzip);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void roundTripPreservesDimsAndBytes(boolean gzip) throws IOException {
        Idx.UByteArray a = sampleImages(5);
        Idx.UByteArray b = Idx.read(new ByteArrayInputStream(bytes(a, gzip)), "mem");
        assertArrayEquals(a.dims(), b.dims());
        assertArrayEquals(a.data(), b.data());
        assertEquals(16, b.itemSize());
    }

    @Test
    void truncatedPayloadNamesFileAndSizes() throws IOException {
        byte[] full = bytes(sampleImages(5), false);
        byte[] cut = Arrays.copyOf(full, full.length - 10);
        DataException e = assertThrows(DataException.class, () -> Idx.read(new ByteArrayInputStream(cut), "imgs.idx"));
        assertTrue(e.getMessage().startsWith("imgs.idx: truncated IDX payload"), e.getMessage());
    }

    @Test
    void wrongMagicIsRejected() {
        byte[] junk = "hello world, not idx".getBytes();
        DataException e = assertThrows(DataException.class, () -> Idx.read(new ByteArrayInputStream(junk), "x.idx"));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    }

    @Test
    void emptyFileIsRejected() {
        DataException e = assertThrows(DataException.class, () -> Idx.read(new ByteArrayInputStream(new byte[0]), "e.idx"));
        assertTrue(e.getMessage().contains("empty or truncated"), e.getMessage());
    }

    @Test
    void corruptGzipIsRejected() throws IOException {
        byte[] gz = bytes(sampleImages(5), true);
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        DataException e = assertThrows(DataException.class, () -> Idx.read(new ByteArrayInputStream(cut), "c.gz"));
        assertTrue(e.getMessage().startsWith("c.gz: "), e.getMessage());
    }

    @Test
    void directoryLoaderReadsStandardLayoutAndScalesPixels(@TempDir Path dir) throws IOException {
        writeMnistDir(dir, 6, 3);
        DataSplit s = MnistLoader.fromDirectory(dir, "toy");
        assertEquals(6, s.train().size());
        assertEquals(3, s.test().size());
        assertEquals(16, s.train().inputDim());
        float max = s.train().features().maxNumber().floatValue();
        assertTrue(max <= 1f && max > 0.9f, "pixels scaled to [0,1], max " + max);
    }

    @Test
    void directoryLoaderNamesMissingFile(@TempDir Path dir) throws IOException {
        writeMnistDir(dir, 6, 3);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        DataException e = assertThrows(DataException.class, () -> MnistLoader.fromDirectory(dir, "toy"));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void labelCountMismatchIsRejected(@TempDir Path dir) throws IOException {
        writeMnistDir(dir, 6, 3);
        write(dir.resolve("train-labels-idx1-ubyte.gz"), new Idx.UByteArray(new int[] {5}, new byte[5]));
        DataException e = assertThrows(DataException.class, () -> MnistLoader.fromDirectory(dir, "toy"));
        assertTrue(e.getMessage().contains("6 images") && e.getMessage().contains("5 labels"), e.getMessage());
    }

    @Test
    void shippedSubsetHasTenThousandDigitsWithDocumentedCounts() {
        Dataset d = MnistLoader.shippedSubset();
        assertEquals(10000, d.size());
        assertEquals(784, d.inputDim());
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, d.classCounts());
    }

    static void writeMnistDir(Path dir, int nTrain, int nTest) throws IOException {
        write(dir.resolve("train-images-idx3-ubyte.gz"), sampleImages(nTrain));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), new Idx.UByteArray(new int[] {nTrain}, labels(nTrain)));
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), sampleImages(nTest));
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), new Idx.UByteArray(new int[] {nTest}, labels(nTest)));
    }

    private static byte[] labels(int n) {
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) y[i] = (byte) (i % 10);
        return y;
    }

    private static void write(Path p, Idx.UByteArray a) throws IOException {
        try (OutputStream out = Files.newOutputStream(p)) {
            Idx.write(a, out, true);
        }
    }
}
