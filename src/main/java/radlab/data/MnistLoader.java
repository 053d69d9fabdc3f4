package radlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads MNIST-format data: the 10,000-digit subset shipped in radlab's jar (no network needed), or the four standard
 * IDX files of full MNIST / Fashion-MNIST from a directory. Pixels are scaled to [0,1].
 */
public final class MnistLoader {
    /** Where Debian's {@code dataset-fashion-mnist} package puts the original IDX files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    static final String SHIPPED_DIR = "/radlab/data/mnist/";
    static final String SHIPPED_IMAGES = "images-idx3-ubyte.gz";
    static final String SHIPPED_LABELS = "labels-idx1-ubyte.gz";

    private MnistLoader() {}

    /** The shipped 10,000-image MNIST subset (all of it; split it with {@link Splits#stratified}). */
    public static Dataset shippedSubset() {
        Idx.UByteArray images = readResource(SHIPPED_IMAGES);
        Idx.UByteArray labels = readResource(SHIPPED_LABELS);
        return toDataset("mnist-subset", images, labels, SHIPPED_IMAGES, SHIPPED_LABELS);
    }

    /**
     * Reads a standard MNIST-layout directory: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
     * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each optionally with {@code .gz}.
     */
    public static DataSplit fromDirectory(Path dir, String name) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new DataException(dir + ": is a file, not a data directory");
        if (!Files.isDirectory(dir)) throw new DataException(dir + ": data directory does not exist");
        Dataset train = readPair(dir, name + "/train", "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
        Dataset test = readPair(dir, name + "/test", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
        if (train.inputDim() != test.inputDim()) {
            throw new DataException(String.format("%s: train images have %d pixels but test images %d", dir, train.inputDim(), test.inputDim()));
        }
        return new DataSplit(train, test);
    }

    private static Dataset readPair(Path dir, String name, String imagesBase, String labelsBase) {
        Path images = locate(dir, imagesBase);
        Path labels = locate(dir, labelsBase);
        return toDataset(name, readFile(images, 2, 4), readFile(labels, 1, 1), images.toString(), labels.toString());
    }

    private static Path locate(Path dir, String base) {
        for (String candidate : new String[] {base + ".gz", base, base.replace("-idx", ".idx") + ".gz", base.replace("-idx", ".idx")}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        throw new DataException(dir.resolve(base + ".gz") + ": missing; expected the standard IDX file " + base + "[.gz] in " + dir);
    }

    private static Idx.UByteArray readFile(Path p, int minRank, int maxRank) {
        try {
            return Idx.read(Files.newInputStream(p), p.toString(), minRank, maxRank);
        } catch (IOException e) {
            throw new DataException(p + ": cannot open (" + radlab.util.IoErrors.reason(e) + ")", e);
        }
    }

    private static Idx.UByteArray readResource(String file) {
        InputStream in = MnistLoader.class.getResourceAsStream(SHIPPED_DIR + file);
        if (in == null) throw new DataException("classpath:" + SHIPPED_DIR + file + ": shipped MNIST file missing from the radlab jar");
        return Idx.read(in, "classpath:" + SHIPPED_DIR + file);
    }

    static Dataset toDataset(String name, Idx.UByteArray images, Idx.UByteArray labels, String imagesSrc, String labelsSrc) {
        if (images.rank() < 2) throw new DataException(imagesSrc + ": expected an image array (rank ≥ 2), got rank " + images.rank());
        if (labels.rank() != 1) throw new DataException(labelsSrc + ": expected a label vector (rank 1), got rank " + labels.rank());
        if (images.count() != labels.count()) {
            throw new DataException(String.format("%s has %d images but %s has %d labels", imagesSrc, images.count(), labelsSrc, labels.count()));
        }
        if (images.count() == 0) throw new DataException(imagesSrc + ": contains no images");
        int n = images.count(), d = images.itemSize();
        // found by IdxFuzzTest: a zero dimension gave 0-pixel images and a NullPointerException inside ND4J
        if (d == 0) throw new DataException(imagesSrc + ": images have no pixels (dimensions " + java.util.Arrays.toString(images.dims()) + ")");
        float[] pixels = new float[n * d];
        byte[] raw = images.data();
        for (int i = 0; i < pixels.length; i++) pixels[i] = (raw[i] & 0xff) / 255f;
        int[] y = new int[n];
        int max = 0;
        for (int i = 0; i < n; i++) {
            y[i] = labels.unsigned(i);
            max = Math.max(max, y[i]);
        }
        if (max > 9) throw new DataException(labelsSrc + ": label " + max + " outside 0..9");
        INDArray x = Nd4j.create(pixels, new long[] {n, d}, DataType.FLOAT);
        return new Dataset(name, x, y, 10);
    }
}
