package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.data.MnistLoader;

/** {@code reproduce --profile baselines} and {@code --dataset} for a whole profile: bad values are one line, exit 2, before any work. */
class ReproduceBaselinesOptionsTest {
    static ReliabilityCliTest.Run reproduce(Path out, String... args) {
        String[] full = new String[args.length + 4];
        full[0] = "reproduce";
        System.arraycopy(args, 0, full, 1, args.length);
        System.arraycopy(new String[] {"--out", out.toString(), "--quiet"}, 0, full, args.length + 1, 3);
        return ReliabilityCliTest.cli(full);
    }

    static void assertOneLineUsageError(ReliabilityCliTest.Run r, Path out, String says) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(says), "names the problem (" + says + "): " + r.err());
        assertFalse(Files.exists(out.resolve(".sweeps")), "no work before the error");
    }

    @Test
    void anUnknownDatasetIsRejectedForEveryFigureNotJustBoundsVsN(@TempDir Path tmp) {
        Path out = tmp.resolve("reports");
        assertOneLineUsageError(reproduce(out, "--profile", "baselines", "--dataset", "cifar"), out, "unknown --dataset 'cifar'; expected mnist or fashion-mnist");
        assertOneLineUsageError(reproduce(out, "--profile", "baselines", "--figure", "robustness-vs-cost", "--dataset", ""), out, "unknown --dataset");
    }

    @Test
    void aMissingFashionMnistPackageIsOneLineNamingItsDirectory(@TempDir Path tmp) {
        Assumptions.assumeFalse(Files.isDirectory(MnistLoader.DEBIAN_FASHION_MNIST), "Fashion-MNIST is installed here");
        Path out = tmp.resolve("reports");
        assertOneLineUsageError(reproduce(out, "--profile", "baselines", "--dataset", "fashion-mnist", "--arch", "cnn:c4k5-p2-d8"), out,
                MnistLoader.DEBIAN_FASHION_MNIST.toString());
    }

    @Test
    void theProfileListNamesBaselines(@TempDir Path tmp) {
        Path out = tmp.resolve("reports");
        assertOneLineUsageError(reproduce(out, "--profile", "baseline"), out, "expected quick, paper, baselines or smoke");
        assertOneLineUsageError(reproduce(out, "--profile", "baselines", "--arch", "cnn:c4k5-p2-x"), out, "--arch");
    }
}
