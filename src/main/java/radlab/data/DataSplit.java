package radlab.data;

/** A train/test pair. */
public record DataSplit(Dataset train, Dataset test) {
    @Override
    public String toString() {
        return "DataSplit[\n  train: " + train + "\n  test:  " + test + "\n]";
    }
}
