package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.DataSplit;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.nn.MlpSpec;
import radlab.nn.layer.Activation;
import radlab.rademacher.FunctionClass;
import radlab.rademacher.KernelBall;
import radlab.rademacher.LinearL1Ball;
import radlab.rademacher.LinearL2Ball;
import radlab.rademacher.NetworkSignFitting;
import radlab.rademacher.RademacherEstimate;
import radlab.rademacher.RademacherEstimator;
import radlab.report.CsvTable;
import radlab.report.Json;
import radlab.train.OptimizerConfig;

/**
 * {@code radlab rademacher}: rademacher.json and draws.csv carry exactly the numbers of {@link RademacherEstimator} on
 * the same class, sample, draws and seed, computed here through the library. Same JVM, same seed: bit-identical (the
 * estimator's results do not depend on its thread count, so the library side uses one thread and the command two).
 */
class RademacherCommandTest {
    @TempDir
    static Path tmp;

    static final int N = 60, DRAWS = 20;
    static final long SEED = 5;

    static JsonNode run(String run, String... extra) throws Exception {
        return run(run, N, DRAWS, extra);
    }

    static JsonNode run(String run, int n, int draws, String... extra) throws Exception {
        String[] base = {"rademacher", "--train-size", "300", "--test-size", "100", "--n", "" + n, "--draws", "" + draws, "--seed", "" + SEED,
                "--threads", "2", "--out", tmp.toString(), "--run", run, "--quiet"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        Object[] r = CliTest.run(args);
        assertEquals(0, r[0], (String) r[1]);
        return Json.MAPPER.readTree(tmp.resolve(run).resolve("rademacher.json").toFile());
    }

    /** The command's sample: a seeded subsample of the stratified 300/100 split of the shipped digits. */
    static INDArray sample(int n) {
        DataSplit split = Splits.stratified(MnistLoader.shippedSubset(), 300, 100, 42);
        return Splits.subsample(split.train(), n, SEED).features();
    }

    static RademacherEstimate library(FunctionClass f) {
        return new RademacherEstimator(DRAWS, SEED, 1, 0.95).estimate(f);
    }

    static void assertSameEstimate(RademacherEstimate e, JsonNode json, Path runDir) throws Exception {
        JsonNode j = json.get("estimate");
        assertEquals(e.n(), j.get("n").asInt());
        double[] draws = e.draws();
        assertEquals(draws.length, j.get("draws").size());
        List<List<String>> csv = CsvTable.read(runDir.resolve("draws.csv"));
        assertEquals(1 + draws.length, csv.size());
        for (int i = 0; i < draws.length; i++) {
            assertEquals(draws[i], j.get("draws").get(i).asDouble(), 0.0, "draw " + i);
            assertEquals(draws[i], Double.parseDouble(csv.get(1 + i).get(1)), 0.0, "draws.csv row " + i);
        }
        Map<String, Double> fields = Map.of("mean", e.mean(), "standardError", e.standardError(), "ciLow", e.ciLow(),
                "ciHigh", e.ciHigh(), "confidence", e.confidence());
        fields.forEach((k, v) -> assertEquals(v, j.get(k).asDouble(), 0.0, k));
        if (Double.isNaN(e.mcDiarmidHalfWidth())) assertTrue(j.get("mcDiarmidHalfWidth").isNull() || j.get("mcDiarmidHalfWidth").asText().equals("NaN"), j.toString());
        else assertEquals(e.mcDiarmidHalfWidth(), j.get("mcDiarmidHalfWidth").asDouble(), 0.0, "mcDiarmidHalfWidth");
        assertEquals(e.exact(), j.get("exact").asBoolean());
        assertEquals(SEED, j.get("seed").asLong());
        assertEquals(e.functionClass(), j.get("functionClass").asText()); // last: the numbers above are what must agree
    }

    @Test
    void linearL2NumbersEqualTheLibrarys() throws Exception {
        JsonNode json = run("l2", "--class", "linear-l2", "--bound", "2.5", "--sweep-n", "30");
        LinearL2Ball f = new LinearL2Ball(sample(N), 2.5);
        assertSameEstimate(library(f), json, tmp.resolve("l2"));
        assertEquals(f.jensenUpperBound(), json.at("/bounds/Jensen upper bound B‖X‖_F~1n").asDouble(), 0.0);
        assertEquals(f.khintchineLowerBound(), json.at("/bounds/Khintchine lower bound").asDouble(), 0.0);
        LinearL2Ball f30 = new LinearL2Ball(sample(30), 2.5);
        RademacherEstimate e30 = library(f30);
        JsonNode s = json.get("sweep").get(0);
        assertEquals(30, s.get("n").asInt());
        assertEquals(e30.mean(), s.get("estimate").asDouble(), 0.0);
        assertEquals(e30.standardError(), s.get("standardError").asDouble(), 0.0);
        assertEquals(f30.jensenUpperBound(), s.get("bound").asDouble(), 0.0);
    }

    @Test
    void linearL1NumbersEqualTheLibrarys() throws Exception {
        JsonNode json = run("l1", "--class", "linear-l1", "--bound", "0.5");
        LinearL1Ball f = new LinearL1Ball(sample(N), 0.5);
        assertSameEstimate(library(f), json, tmp.resolve("l1"));
        assertEquals(f.massartUpperBound(), json.at("/bounds/Massart upper bound").asDouble(), 0.0);
    }

    @Test
    void kernelNumbersEqualTheLibrarys() throws Exception {
        JsonNode json = run("rbf", "--class", "kernel-rbf", "--bound", "1.5", "--rbf-width", "3.0");
        KernelBall f = KernelBall.rbf(sample(N), 3.0, 1.5);
        assertSameEstimate(library(f), json, tmp.resolve("rbf"));
        assertEquals(f.traceUpperBound(), json.at("/bounds/trace upper bound B√tr(K)~1n").asDouble(), 0.0);
    }

    @Test
    void networkSignFittingNumbersEqualTheLibrarys() throws Exception {
        JsonNode json = run("mlp", 20, 3, "--class", "mlp", "--hidden", "4", "--restarts", "2", "--steps", "3", "--spectral", "1.5,0.5");
        INDArray x = sample(20);
        NetworkSignFitting f = new NetworkSignFitting(x, MlpSpec.of((int) x.columns(), new int[] {4}, 1, Activation.RELU),
                new NetworkSignFitting.Constraints(new double[] {1.5, 0.5}, new double[0], Double.NaN), 2, 3, OptimizerConfig.sgd(0.5, 0.9), SEED);
        RademacherEstimator.Fitted fitted = new RademacherEstimator(3, SEED, 1, 0.95).estimateFits(f);
        assertSameEstimate(fitted.estimate(), json, tmp.resolve("mlp"));
        assertEquals(fitted.meanRestartSpread(), json.get("meanRestartSpread").asDouble(), 0.0);
    }
}
