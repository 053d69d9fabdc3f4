package radlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.plot.Figure;
import radlab.plot.RademacherVsBoundsPlot;
import radlab.rademacher.LossClassStudy;
import radlab.report.CsvTable;

class RademacherVsBoundsTest {
    @Test
    void figureHasOneRowPerModelWithConsistentRatiosAndAllFiles(@TempDir Path out) throws Exception {
        Dataset all = Splits.subsample(MnistLoader.shippedSubset(), 60, 3);
        Dataset train = all.rows(java.util.stream.IntStream.range(0, 40).toArray(), "train");
        Dataset test = all.rows(java.util.stream.IntStream.range(40, 60).toArray(), "test");
        List<RademacherVsBounds.SweepModel> models = List.of(
                new RademacherVsBounds.SweepModel("none", 0, Mlp.initialize(MlpSpec.of(784, new int[] {8}, 10, Activation.RELU), 1, DataType.FLOAT)),
                new RademacherVsBounds.SweepModel("l2-0.01", 0.01, Mlp.initialize(MlpSpec.of(784, new int[] {8}, 10, Activation.RELU), 2, DataType.FLOAT)));
        LossClassStudy.Settings s = new LossClassStudy.Settings(20, 2, 1, 2, 0.1, new ThreatModel(AttackNorm.L2, 0.5), 1.0, 2, 1, 1, 0);
        Figure f = RademacherVsBoundsPlot.build(RademacherVsBounds.run(models, train, test, s, line -> { }));
        CsvTable t = f.table();
        assertEquals(2, t.rows().size());
        double[] rhat = Figure.column(t, "ce_rhat", r -> true), formula = Figure.column(t, "ce_formula", r -> true),
                ratio = Figure.column(t, "ce_formula_over_rhat", r -> true), dec = Figure.column(t, "decomposition_respected", r -> true);
        for (int i = 0; i < 2; i++) {
            assertEquals(formula[i] / rhat[i], ratio[i], 1e-12 * Math.abs(ratio[i]));
            assertTrue(formula[i] > 0 && dec[i] >= 0 && dec[i] <= 1);
        }
        Path dir = f.write(out.resolve(RademacherVsBounds.NAME), "");
        for (String ext : List.of(".png", ".svg", ".csv")) assertTrue(Files.size(dir.resolve(RademacherVsBounds.NAME + ext)) > 0, ext);
        assertTrue(Files.readString(dir.resolve("README.md")).contains("lower"));
    }

    @Test
    void aFinishedStudyIsKeptAndReadBackBitForBitInsteadOfRecomputed(@TempDir Path out) throws Exception {
        Dataset all = Splits.subsample(MnistLoader.shippedSubset(), 60, 3);
        Dataset train = all.rows(java.util.stream.IntStream.range(0, 40).toArray(), "train");
        Dataset test = all.rows(java.util.stream.IntStream.range(40, 60).toArray(), "test");
        MlpSpec spec = MlpSpec.of(784, new int[] {8}, 10, Activation.RELU);
        RademacherVsBounds.SweepModel a = new RademacherVsBounds.SweepModel("none", 0, Mlp.initialize(spec, 1, DataType.FLOAT), "point-a");
        RademacherVsBounds.SweepModel b = new RademacherVsBounds.SweepModel("l2-0.01", 0.01, Mlp.initialize(spec, 2, DataType.FLOAT), "point-b");
        LossClassStudy.Settings s = new LossClassStudy.Settings(20, 2, 1, 2, 0.1, new ThreatModel(AttackNorm.L2, 0.5), 1.0, 2, 1, 1, 0);
        Path studies = out.resolve("studies");
        // A run stopped after its first model: that model's study is on disk.
        List<RademacherVsBounds.Entry> first = RademacherVsBounds.run(List.of(a), train, test, s, line -> { }, studies);
        assertEquals(1, Files.list(studies).count());
        List<String> log = new java.util.ArrayList<>();
        LossClassStudy.Settings twoThreads = new LossClassStudy.Settings(20, 2, 1, 2, 0.1, new ThreatModel(AttackNorm.L2, 0.5), 1.0, 2, 1, 2, 0);
        List<RademacherVsBounds.Entry> resumed = RademacherVsBounds.run(List.of(a, b), train, test, twoThreads, log::add, studies);
        assertTrue(log.get(0).contains("finished earlier"), log.get(0));
        assertEquals(2, log.stream().filter(l -> l.startsWith("rademacher-vs-bounds:")).count());
        assertEquals(RademacherVsBounds.CLASSES.size(), log.stream().filter(l -> l.contains("R̂")).count(), "only the second model's classes are estimated: " + log);
        assertEquals(radlab.report.Json.toString(first.get(0)), radlab.report.Json.toString(resumed.get(0)), "read back bit for bit");
        List<RademacherVsBounds.Entry> uninterrupted = RademacherVsBounds.run(List.of(a, b), train, test, s, line -> { });
        assertEquals(withoutTimes(uninterrupted), withoutTimes(resumed));
        assertTrue(Double.isNaN(resumed.get(0).study().classes().get(0).convergenceIncrease()), "NaN survives the round trip");
        // Other settings are another study.
        LossClassStudy.Settings moreDraws = new LossClassStudy.Settings(20, 3, 1, 2, 0.1, new ThreatModel(AttackNorm.L2, 0.5), 1.0, 2, 1, 1, 0);
        List<String> log2 = new java.util.ArrayList<>();
        RademacherVsBounds.run(List.of(a), train, test, moreDraws, log2::add, studies);
        assertTrue(log2.stream().noneMatch(l -> l.contains("finished earlier")), log2.toString());
    }

    /** The studies as JSON without their wall times (the only field two runs of one study may differ in). */
    private static String withoutTimes(List<RademacherVsBounds.Entry> entries) {
        return radlab.report.Json.toString(entries).replaceAll("\"seconds\" : [0-9.Ee-]+", "");
    }
}
