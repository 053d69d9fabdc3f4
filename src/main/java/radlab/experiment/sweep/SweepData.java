package radlab.experiment.sweep;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import radlab.data.DataException;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.report.Provenance;
import radlab.spec.DataSpec;
import radlab.spec.SpecHash;

/**
 * The train/test split a {@link DataSpec} describes, loaded once per JVM (driver or executor) and shared by every
 * point that uses it, with its hash: SHA-256 over the train and test hashes of {@link Provenance#sha256}.
 */
public final class SweepData {
    /** A loaded split and its hash. */
    public record Loaded(DataSplit split, String hash) {}

    private static final Map<DataSpec, Loaded> CACHE = new ConcurrentHashMap<>();
    private static volatile Dataset shipped;

    private SweepData() {}

    public static Loaded load(DataSpec spec) {
        return CACHE.computeIfAbsent(spec, SweepData::read);
    }

    private static Loaded read(DataSpec spec) {
        DataSplit split;
        if (spec.dataset().equals("mnist")) {
            split = Splits.stratified(shippedSubset(), spec.trainSize(), spec.testSize(), spec.splitSeed());
        } else {
            if (!Files.isDirectory(MnistLoader.DEBIAN_FASHION_MNIST)) {
                throw new DataException(MnistLoader.DEBIAN_FASHION_MNIST + ": missing; install Debian's dataset-fashion-mnist package");
            }
            DataSplit full = MnistLoader.fromDirectory(MnistLoader.DEBIAN_FASHION_MNIST, "fashion-mnist");
            split = new DataSplit(Splits.subsample(full.train(), spec.trainSize(), spec.splitSeed()),
                    Splits.subsample(full.test(), spec.testSize(), spec.splitSeed() + 1));
        }
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
