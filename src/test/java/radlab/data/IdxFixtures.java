package radlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Small MNIST-layout IDX directories for tests (random 28×28 pixels, labels i mod 10). */
public final class IdxFixtures {
    public static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private IdxFixtures() {}

    public static byte[] images(int n, long seed) {
        byte[] pixels = new byte[n * 28 * 28];
        new Random(seed).nextBytes(pixels);
        return bytes(new Idx.UByteArray(new int[] {n, 28, 28}, pixels), false);
    }

    public static byte[] labels(int n) {
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) y[i] = (byte) (i % 10);
        return bytes(new Idx.UByteArray(new int[] {n}, y), false);
    }

    public static byte[] bytes(Idx.UByteArray a, boolean gzip) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Idx.write(a, out, gzip);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The four files of a valid directory, in the order of {@link #FILES}. */
    public static byte[][] valid(int train, int test) {
        return new byte[][] {images(train, 1), labels(train), images(test, 2), labels(test)};
    }

    public static Path write(Path dir, byte[][] files) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < FILES.length; i++) Files.write(dir.resolve(FILES[i]), files[i]);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
