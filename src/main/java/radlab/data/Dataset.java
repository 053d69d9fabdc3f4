package radlab.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.util.RecordValues;

/**
 * A labelled sample: features as an n×d matrix with values in [0,1], integer class labels in [0, numClasses).
 *
 * <p>The labels are copied in and every accessor hands out a copy, so no caller can change a dataset's labels; hot
 * paths read ranges ({@link #labels(int, int)}, {@link Batches#labels}) or single labels ({@link #label}) instead of
 * the whole array. The feature matrix is shared, not copied (copying up to 60,000 × 784 values per access would defeat
 * the batched paths, and ND4J has no read-only view): treat {@link #features()} as read-only — every radlab path
 * reads it through views and copies ({@code get}, {@code getRows}, {@code castTo}). Equality is by content.
 *
 * @param name       human-readable name that ends up in reports, e.g. "mnist-subset/train"
 * @param features   n×d matrix, one example per row
 * @param labels     n labels
 * @param numClasses number of classes K
 */
public record Dataset(String name, INDArray features, int[] labels, int numClasses) {
    public Dataset {
        if (features == null || labels == null) throw new IllegalArgumentException(name + ": features and labels are required");
        labels = labels.clone(); // before validating, so the checked array is the one kept
        if (features.rank() != 2) {
            throw new IllegalArgumentException(name + ": features must be an n×d matrix, got shape " + Arrays.toString(features.shape()));
        }
        if (features.rows() != labels.length) {
            throw new IllegalArgumentException(String.format("%s: %d feature rows but %d labels", name, features.rows(), labels.length));
        }
        if (labels.length == 0) throw new IllegalArgumentException(name + ": dataset is empty");
        if (features.isNaN().any() || features.isInfinite().any()) {
            throw new IllegalArgumentException(name + ": features contain NaN or infinite values");
        }
        for (int y : labels) {
            if (y < 0 || y >= numClasses) {
                throw new IllegalArgumentException(String.format("%s: label %d outside [0, %d)", name, y, numClasses));
            }
        }
    }

    public int size() {
        return labels.length;
    }

    /** All labels (a copy). */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** The label of example i. */
    public int label(int i) {
        return labels[i];
    }

    /** Labels of rows [start, end) (a copy of that range only). */
    public int[] labels(int start, int end) {
        return Arrays.copyOfRange(labels, start, end);
    }

    /** Labels of the given rows, in that order. */
    public int[] labelsAt(int[] rows) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) y[i] = labels[rows[i]];
        return y;
    }

    public int inputDim() {
        return (int) features.columns();
    }

    /** One-hot label matrix (n×K) in the given type. */
    public INDArray oneHot(DataType type) {
        return oneHot(labels, numClasses, type);
    }

    public static INDArray oneHot(int[] labels, int numClasses, DataType type) {
        INDArray y = Nd4j.zeros(type, labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) y.putScalar(i, labels[i], 1.0);
        return y;
    }

    /** The examples at {@code rows}, in that order (copies). */
    public Dataset rows(int[] rows, String newName) {
        return new Dataset(newName, features.getRows(rows), labelsAt(rows), numClasses);
    }

    /** Per-class counts. */
    public int[] classCounts() {
        int[] c = new int[numClasses];
        for (int y : labels) c[y]++;
        return c;
    }

    /** By content: name, class count, labels, and the features' type, shape and exact values. */
    @Override
    public boolean equals(Object o) {
        return RecordValues.equal(this, o);
    }

    @Override
    public int hashCode() {
        return RecordValues.hash(this);
    }

    @Override
    public String toString() {
        return String.format("Dataset[%s: n=%d, d=%d, K=%d, class counts %s]", name, size(), inputDim(), numClasses,
                Arrays.toString(classCounts()));
    }
}
