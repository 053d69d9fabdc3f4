package radlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import radlab.spec.ExperimentSpec;
import radlab.spec.ObjectiveSpec;

/** The baselines profile: quick's setup with every robust-training method, each configuration with 3 seeds. */
class BaselinesProfileTest {
    @Test
    void fourteenConfigurationsWithDistinctKeysOnTheQuickSetup() {
        ReproductionProfile b = ReproductionProfile.named("baselines"), q = ReproductionProfile.quick();
        assertEquals(List.of("none", "l2-0.01", "l2-0.1", "l1-0.001", "l1-0.01", "adv-3", "adv-1", "adv-7", "trades-1.0", "trades-6.0", "grad-0.1",
                "grad-1.0", "spectral-0.01", "spectral-0.1"), b.objectives().stream().map(ReproductionProfile::key).toList());
        assertEquals(14 * 3, b.grid().points().size());
        // everything but the objective is the quick profile's: data, architecture, optimizer, evaluation
        ExperimentSpec bs = b.spec(new ObjectiveSpec.Plain(), 1), qs = q.spec(new ObjectiveSpec.Plain(), 1);
        assertEquals(qs, bs);
        assertEquals("quick", b.budget());
        assertEquals("paper", ReproductionProfile.paper().budget());
    }

    @Test
    void strengthIsTheSweptParameterOfEachMethod() {
        assertEquals(7.0, ReproductionProfile.strength(new ObjectiveSpec.Adversarial("linf", 0.1, 7)), 0.0);
        assertEquals(6.0, ReproductionProfile.strength(new ObjectiveSpec.Trades(6.0, "linf", 0.1, 3, Double.NaN)), 0.0);
        assertEquals(0.1, ReproductionProfile.strength(new ObjectiveSpec.InputGradient(0.1)), 0.0);
        assertEquals(0.01, ReproductionProfile.strength(new ObjectiveSpec.Spectral(0.01, Double.NaN)), 0.0);
        assertEquals(0.0, ReproductionProfile.lambda(new ObjectiveSpec.InputGradient(0.1)), 0.0, "λ axes are the Jacobian λ");
        assertEquals(List.of("steps", "beta", "lambda", "none"), List.of("adv", "trades", "grad", "none").stream().map(ReproductionProfile::strengthName).toList());
        assertEquals("spectral-0.01-b2.0", ReproductionProfile.key(new ObjectiveSpec.Spectral(0.01, 2.0)));
    }

    @Test
    void sweepDirectoryNamesAnotherArchitectureAndDataset() {
        Path out = Path.of("reports");
        ReproductionProfile b = ReproductionProfile.baselines();
        assertEquals(out.resolve(".sweeps/baselines"), Reproduction.sweepDir(out, b));
        assertEquals(out.resolve(".sweeps/baselines-cnn_c16k5-p2-c32k5-p2-d64"), Reproduction.sweepDir(out, b.withArch("cnn:c16k5-p2-c32k5-p2-d64")));
        assertEquals(b, b.withDataset("MNIST"), "mnist is the default dataset");
        assertThrows(IllegalArgumentException.class, () -> b.withDataset("cifar"));
    }
}
