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
}
