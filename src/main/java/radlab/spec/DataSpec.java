package radlab.spec;

import static radlab.spec.SpecException.positive;
import static radlab.spec.SpecException.require;

/**
 * Which data a run uses: the dataset, a stratified train/test split of {@code trainSize}/{@code testSize} examples
 * drawn with {@code splitSeed}. "mnist" is the 10,000-digit subset shipped in the jar; "fashion-mnist" is read from
 * Debian's dataset-fashion-mnist package (60,000/10,000 images). A non-null {@code dir} names a directory of the four
 * standard IDX files instead (its own train/test split, subsampled to the sizes; a size equal to the directory's takes
 * all of it); its sizes are checked when the files are read.
 */
public record DataSpec(String dataset, int trainSize, int testSize, long splitSeed, String dir) {
    public static final int SHIPPED_MNIST_SIZE = 10_000;

    /** Data at its standard location (no {@code dir}). */
    public DataSpec(String dataset, int trainSize, int testSize, long splitSeed) {
        this(dataset, trainSize, testSize, splitSeed, null);
    }

    public DataSpec {
        require(dataset != null && (dataset.equals("mnist") || dataset.equals("fashion-mnist")), "dataset",
                "unknown dataset '" + dataset + "'; expected mnist or fashion-mnist");
        positive(trainSize, "trainSize");
        positive(testSize, "testSize");
        require(dir == null || (!dir.isBlank() && dir.indexOf('\0') < 0), "dir", "must name a directory, got '" + dir + "'");
        if (dir != null) {
            // checked against the directory's contents when it is read
        } else if (dataset.equals("mnist")) {
            require(trainSize + testSize <= SHIPPED_MNIST_SIZE, "trainSize",
                    "trainSize + testSize = " + (trainSize + testSize) + " exceeds the " + SHIPPED_MNIST_SIZE + " shipped MNIST digits");
        } else {
            require(trainSize <= 60_000, "trainSize", "Fashion-MNIST has 60000 training images, got " + trainSize);
            require(testSize <= 10_000, "testSize", "Fashion-MNIST has 10000 test images, got " + testSize);
        }
    }
}
