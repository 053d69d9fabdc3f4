package radlab.experiment.sweep;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.report.Provenance;
import radlab.spec.DataSpec;
import radlab.spec.SpecFactory;
import radlab.spec.SpecHash;

/**
 * The train/test split a {@link DataSpec} describes — read through {@link SpecFactory#data}, the same path as
 * {@code radlab train} and {@code rerun} — loaded once per JVM (driver or executor) and shared by every point that uses
 * it, with its hash: SHA-256 over the train and test hashes of {@link Provenance#sha256}. The hash is of the pixels and
 * labels actually used, so a point reading {@code data.dir} is addressed by that directory's contents.
 */
public final class SweepData {
    /** A loaded split and its hash. */
    public record Loaded(DataSplit split, String hash) {}

    private record Source(Path dir, String dataset) {}

    private static final Map<DataSpec, Loaded> CACHE = new ConcurrentHashMap<>();
    /** Whole directories (Fashion-MNIST is 60,000 images): read once, subsampled per spec. */
    private static final Map<Source, DataSplit> DIRECTORIES = new ConcurrentHashMap<>();
    private static volatile Dataset shipped;

    private SweepData() {}

    public static Loaded load(DataSpec spec) {
        return CACHE.computeIfAbsent(spec, SweepData::read);
    }

    /** All of a directory's train/test split (read once per JVM and shared with the sweep's points): its sizes bound n. */
    public static DataSplit directory(Path dir, String dataset) {
        return DIRECTORIES.computeIfAbsent(new Source(dir.toAbsolutePath().normalize(), dataset), s -> MnistLoader.fromDirectory(dir, dataset));
    }

    /**
     * Drops every loaded split and directory (Fashion-MNIST's whole directory is 220 MB of native memory), for a
     * long-lived JVM that moves on to other data: a notebook kernel, a test JVM between classes.
     */
    public static void clear() {
        CACHE.clear();
        DIRECTORIES.clear();
    }

    private static Loaded read(DataSpec spec) {
        DataSplit split = SpecFactory.data(spec, SweepData::shippedSubset, SweepData::directory);
        return new Loaded(split, SpecHash.sha256(Provenance.sha256(split.train()) + "/" + Provenance.sha256(split.test())));
    }

    private static Dataset shippedSubset() {
        Dataset d = shipped;
        if (d == null) {
            synchronized (SweepData.class) {
                if (shipped == null) shipped = MnistLoader.shippedSubset();
                d = shipped;
            }
        }
        return d;
    }
}
