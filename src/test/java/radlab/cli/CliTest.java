package radlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import radlab.report.CsvTable;

class CliTest {
    /** Runs the CLI capturing stderr; returns [exit code, stderr]. */
    static Object[] run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            int code = RadlabCli.run(args);
            return new Object[] {code, buf.toString()};
        } finally {
            System.setErr(old);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "train --epochs 0 --quiet|epochs must be positive",
            "train --lr -1 --quiet|learning rate must be positive",
            "train --activation sigmoidal --quiet|unknown activation 'sigmoidal'",
            "train --optimizer rmsprop --quiet|unknown --optimizer 'rmsprop'",
            "train --batch-size x|Invalid value for option '--batch-size'",
            "train --train-size 0 --quiet|--train-size must be positive",
            "train --dataset cifar --quiet|unknown --dataset 'cifar'",
            "train --data /nonexistent/dir --quiet|/nonexistent/dir: data directory does not exist",
            "eval --model /nonexistent/model|model.json: missing",
            "train --weight-decay -0.1 --quiet|weight decay must be a finite number ≥ 0",
            "train --bogus|Unknown option: '--bogus'",
            "train --epsilon -0.1 --quiet|ε must be a finite number ≥ 0, got -0.1",
            "train --norm l3 --quiet|unknown attack norm 'l3'",
            "train --jacobian-reg l2 --lambda -1 --quiet|--lambda must be a finite number ≥ 0",
            "train --jacobian-reg l5 --quiet|unknown Jacobian regularizer 'l5'",
            "train --steps 0 --quiet|PGD steps must be ≥ 1",
            "train --jacobian-reg l1 --jacobian-projections 4 --quiet|random projections estimate ‖J‖_F² only",
            "train --jacobian-reg l2 --adversarial-training --quiet|either --jacobian-reg or --adversarial-training",
            "attack --model /nonexistent --epsilon -1|ε must be a finite number ≥ 0",
            "attack --model /nonexistent --attack cw|unknown --attack 'cw'",
            "rademacher --draws 1 --quiet|--draws must be at least 2",
            "rademacher --n 0 --quiet|--n must be positive",
            "rademacher --bound -2 --quiet|--bound must be ≥ 0",
            "rademacher --class banana --quiet|unknown --class 'banana'",
            "rademacher --class mlp --hidden 8 --spectral 1,1,1 --quiet|--spectral needs 2 values",
            "rademacher --n 9000 --quiet|--n 9000 exceeds the 8000 training examples",
            "rademacher --class mlp --jacobian-bound -1 --quiet|--jacobian-bound must be positive",
            "reproduce --profile huge --quiet|unknown --profile 'huge'",
            "reproduce --profile smoke --verify-budget -1 --quiet|--verify-budget must be a finite number of seconds ≥ 0",
            "reproduce --profile smoke --verify-budget NaN --quiet|--verify-budget must be a finite number of seconds ≥ 0",
            "reproduce --figure pie --profile smoke --quiet|unknown --figure 'pie'"})
    void badInputIsOneLineAndExitCode2(String args, String expected) {
        Object[] r = run(args.split(" "));
        String err = (String) r[1];
        assertEquals(2, r[0], err);
        assertTrue(err.startsWith("radlab: error: "), err);
        assertTrue(err.contains(expected), err);
        assertTrue(!err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void trainWritesCompleteReportAndEvalReadsModel(@TempDir Path out) throws Exception {
        Object[] r = run("train", "--hidden", "16", "--epochs", "2", "--train-size", "300", "--test-size", "100",
                "--out", out.toString(), "--run", "tiny", "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        Path dir = out.resolve("tiny");
        for (String f : List.of("results.json", "history.csv", "training-curves.png", "model/model.json", "model/weights.bin")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        List<List<String>> csv = CsvTable.read(dir.resolve("history.csv"));
        assertEquals(3, csv.size(), "header + 2 epochs");
        String json = Files.readString(dir.resolve("results.json"));
        assertTrue(json.contains("\"dataSha256\"") && json.contains("\"javaVersion\"") && json.contains("\"seed\""), json);
        Object[] e = run("eval", "--model", dir.resolve("model").toString(), "--train-size", "300", "--test-size", "100",
                "--out", out.toString(), "--run", "ev");
        assertEquals(0, e[0], (String) e[1]);
        assertTrue(Files.size(out.resolve("ev/eval.json")) > 0);
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".partial")), "no staging directories left");
        }
    }

    @SuppressWarnings("unchecked")
    static java.util.Map<String, Object> readJson(Path file) throws java.io.IOException {
        return radlab.report.Json.MAPPER.readValue(file.toFile(), java.util.Map.class);
    }

    @Test
    void commandsReadingAModelDefaultToTheDataItWasTrainedOn(@TempDir Path out) throws Exception {
        Object[] r = run("train", "--hidden", "8", "--epochs", "1", "--train-size", "300", "--test-size", "100", "--split-seed", "7",
                "--out", out.toString(), "--run", "m", "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        Object[] e = run("eval", "--model", out.resolve("m/model").toString(), "--out", out.toString(), "--run", "ev");
        assertEquals(0, e[0], (String) e[1]);
        var trained = readJson(out.resolve("m/results.json"));
        var evaluated = readJson(out.resolve("ev/eval.json"));
        // the same 300/100 digits of split seed 7, hence bit-identical metrics (the default split would be 8000/2000, seed 42)
        assertEquals(String.valueOf(((java.util.Map<?, ?>) trained.get("test")).get("accuracy")),
                String.valueOf(((java.util.Map<?, ?>) evaluated.get("test")).get("accuracy")));
        assertEquals(String.valueOf(((java.util.Map<?, ?>) trained.get("train")).get("loss")),
                String.valueOf(((java.util.Map<?, ?>) evaluated.get("train")).get("loss")));
        String cfg = String.valueOf(((java.util.Map<?, ?>) ((java.util.Map<?, ?>) evaluated.get("provenance")).get("config")).get("data"));
        assertTrue(cfg.contains("trainSize=300") && cfg.contains("testSize=100") && cfg.contains("splitSeed=7") && cfg.contains("recorded"), cfg);
        // an option given on the command line still wins
        Object[] o = run("eval", "--model", out.resolve("m/model").toString(), "--test-size", "50", "--out", out.toString(), "--run", "ev2");
        assertEquals(0, o[0], (String) o[1]);
        String cfg2 = String.valueOf(((java.util.Map<?, ?>) ((java.util.Map<?, ?>) readJson(out.resolve("ev2/eval.json")).get("provenance")).get("config")).get("data"));
        assertTrue(cfg2.contains("testSize=50") && cfg2.contains("trainSize=300"), cfg2);
    }

    @Test
    void regularizedTrainingThenAttackWritesSurrogateReport(@TempDir Path out) throws Exception {
        Object[] r = run("train", "--hidden", "16", "--epochs", "1", "--train-size", "300", "--test-size", "100",
                "--jacobian-reg", "l1", "--lambda", "0.001", "--norm", "linf", "--epsilon", "0.05", "--steps", "3",
                "--out", out.toString(), "--run", "reg", "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        String json = Files.readString(out.resolve("reg/results.json"));
        assertTrue(json.contains("testJacobianNorms") && json.contains("testRobust") && json.contains("\"kind\" : \"l1-jacobian\"") && json.contains("\"lambda\" : 0.001"), json);
        Object[] a = run("attack", "--model", out.resolve("reg/model").toString(), "--norm", "l2", "--epsilon", "0.5",
                "--steps", "3", "--attack-size", "50", "--train-size", "300", "--test-size", "100", "--out", out.toString(), "--run", "atk");
        assertEquals(0, a[0], (String) a[1]);
        List<List<String>> csv = CsvTable.read(out.resolve("atk/surrogate.csv"));
        assertEquals(51, csv.size(), "header + 50 attacked test samples");
        assertTrue(Files.size(out.resolve("atk/surrogate.png")) > 0);
        assertTrue(Files.readString(out.resolve("atk/attack.json")).contains("fractionBounded"));
    }

    @Test
    void rademacherWritesEstimateDrawsAndPlots(@TempDir Path out) throws Exception {
        Object[] r = run("rademacher", "--class", "linear-l1", "--n", "200", "--draws", "50", "--sweep-n", "100,400",
                "--out", out.toString(), "--run", "rad", "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        Path dir = out.resolve("rad");
        for (String f : List.of("rademacher.json", "draws.csv", "convergence.png", "vs-n.csv", "vs-n.png")) assertTrue(Files.size(dir.resolve(f)) > 0, f);
        assertEquals(51, CsvTable.read(dir.resolve("draws.csv")).size());
        String json = Files.readString(dir.resolve("rademacher.json"));
        assertTrue(json.contains("Massart upper bound") && json.contains("ciLow") && json.contains("secondsPerDraw"), json);
        assertTrue(json.matches("(?s).*\"mcDiarmidHalfWidth\" : [0-9].*"), "an exact class has its McDiarmid half-width: " + json);
    }

    @Test
    void reproduceSmokeProfileWritesAllFiguresAndTheTable(@TempDir Path out) throws Exception {
        // the sweep trained once for the JVM (training through the CLI: killedReproductionResumesFromItsSweep)
        radlab.testing.SmokeSweep.copyTo(out.resolve(".sweeps/smoke"));
        Object[] r = run("reproduce", "--profile", "smoke", "--out", out.toString(), "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        for (String f : radlab.plot.ReproductionFigures.NAMES) {
            for (String ext : List.of(".png", ".svg", ".csv")) assertTrue(Files.size(out.resolve(f).resolve(f + ext)) > 0, f + ext);
            radlab.testing.FigureCsv.assertFiniteCells(f, CsvTable.read(out.resolve(f).resolve(f + ".csv")));
            String readme = Files.readString(out.resolve(f).resolve("README.md"));
            assertTrue(readme.contains("\"seeds\"") && readme.contains("javaVersion") && readme.contains("Headline numbers"), readme);
        }
        assertTrue(Files.size(out.resolve("reproduction-smoke.csv")) > 0);
        assertTrue(Files.size(out.resolve("rademacher-vs-bounds").resolve("rademacher-vs-bounds.csv")) > 0, "rademacher-vs-bounds");
        assertTrue(Files.isRegularFile(out.resolve(".sweeps/smoke/results.csv")), "the sweep directory is the cache");
        try (var models = Files.list(out.resolve(".sweeps/smoke/models"))) {
            assertEquals(12, models.count(), "every point's model is kept");
        }
        List<List<String>> summary = CsvTable.read(out.resolve("reproduction-smoke.csv"));
        assertTrue(summary.get(0).contains("test_accuracy±") && summary.get(0).contains("n_seeds"), summary.get(0).toString());
        assertEquals(7, summary.size(), "one row per configuration");
    }

    @Test
    void sameSeedGivesBitIdenticalModelsAndMetricsEndToEnd(@TempDir Path out) throws Exception {
        String[] base = {"train", "--hidden", "16", "--epochs", "2", "--train-size", "300", "--test-size", "100", "--steps", "2",
                "--jacobian-reg", "l2", "--lambda", "0.01", "--out", out.toString(), "--quiet"};
        for (String run : List.of("a", "b")) {
            String[] args = java.util.Arrays.copyOf(base, base.length + 2);
            args[base.length] = "--run";
            args[base.length + 1] = run;
            assertEquals(0, run(args)[0]);
        }
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(out.resolve("a/model/weights.bin")), Files.readAllBytes(out.resolve("b/model/weights.bin"))),
                "weights differ between two runs with the same seed");
        var a = radlab.report.Json.MAPPER.readTree(out.resolve("a/results.json").toFile());
        var b = radlab.report.Json.MAPPER.readTree(out.resolve("b/results.json").toFile());
        for (String field : List.of("train", "test", "testJacobianNorms", "testRobust", "generalizationGap")) assertEquals(a.get(field), b.get(field), field);
    }

    @Test
    void modelAndDataShapeMismatchIsOneLine(@TempDir Path out) throws Exception {
        radlab.nn.Mlp small = radlab.nn.Mlp.initialize(new radlab.nn.MlpSpec(new int[] {10, 4, 10}, radlab.nn.layer.Activation.RELU), 1,
                org.nd4j.linalg.api.buffer.DataType.FLOAT);
        radlab.nn.ModelIO.save(small, java.util.Map.of(), java.util.Map.of(), out.resolve("m"));
        for (String cmd : List.of("eval", "attack")) {
            Object[] r = run(cmd, "--model", out.resolve("m").toString(), "--train-size", "100", "--test-size", "50", "--out", out.toString());
            assertEquals(2, r[0], (String) r[1]);
            assertTrue(((String) r[1]).startsWith("radlab: error: ") && ((String) r[1]).contains("784") && ((String) r[1]).contains("10"), (String) r[1]);
        }
    }

    @Test
    void nanWeightsInAModelFileAreOneLine(@TempDir Path out) throws Exception {
        radlab.nn.Mlp m = radlab.nn.Mlp.initialize(new radlab.nn.MlpSpec(new int[] {784, 4, 10}, radlab.nn.layer.Activation.RELU), 1,
                org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        m.weight(1).putScalar(0, Double.POSITIVE_INFINITY);
        radlab.nn.ModelIO.save(m, java.util.Map.of(), java.util.Map.of(), out.resolve("m"));
        Object[] r = run("eval", "--model", out.resolve("m").toString(), "--out", out.toString());
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).startsWith("radlab: error: ") && ((String) r[1]).contains("weights.bin") && ((String) r[1]).contains("NaN or infinity"),
                (String) r[1]);
    }

    @Test
    void divergedTrainingIsOneLineWithExitCode1(@TempDir Path out) throws Exception {
        Object[] r = run("train", "--hidden", "8", "--epochs", "1", "--train-size", "200", "--test-size", "50", "--optimizer", "sgd",
                "--lr", "1e12", "--out", out.toString(), "--run", "boom", "--quiet");
        assertEquals(1, r[0], (String) r[1]);
        assertTrue(((String) r[1]).startsWith("radlab: error: training diverged"), (String) r[1]);
        assertTrue(!Files.exists(out.resolve("boom")), "no report for a failed run");
    }

    @Test
    void killedReproductionResumesFromItsSweep(@TempDir Path out) throws Exception {
        Path sweep = out.resolve(".sweeps/smoke");
        radlab.testing.SmokeSweep.copyTo(sweep); // a finished run (trained once for the JVM)
        assertEquals(0, run("reproduce", "--profile", "smoke", "--figure", "robustness-vs-cost", "--out", out.toString(), "--quiet")[0]);
        List<Path> rows;
        try (var s = Files.list(sweep.resolve("points"))) {
            rows = s.sorted().toList();
        }
        assertEquals(12, rows.size());
        String gone = rows.get(3).getFileName().toString().replace(".row.json", "");
        Files.delete(rows.get(3)); // as if the run had been killed before this point
        radlab.report.AtomicFiles.deleteTree(sweep.resolve("models").resolve(gone));
        Path kept = sweep.resolve("models").resolve(rows.get(0).getFileName().toString().replace(".row.json", "")).resolve("weights.bin");
        long before = Files.getLastModifiedTime(kept).toMillis();
        Object[] r = run("reproduce", "--profile", "smoke", "--figure", "robustness-vs-cost", "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        String log = (String) r[1];
        assertTrue(log.contains("12 points, 11 already done, 1 to run now") && log.contains("[12/12] ") && log.contains("ETA 0 s)"), log);
        assertEquals(before, Files.getLastModifiedTime(kept).toMillis(), "kept models are not rewritten");
        assertTrue(Files.isRegularFile(sweep.resolve("models").resolve(gone).resolve("weights.bin")), "the missing point was trained again");
        // Rows without their kept models (as copied from another machine): a figure drawn from rows trains nothing, a
        // figure that reloads the first seeds' models trains those again, and only those.
        var plan = radlab.testing.SmokeSweep.run().plan();
        var first = radlab.experiment.Reproduction.firstSeeds(plan.stream().map(radlab.experiment.sweep.Sweep.Planned::spec).toList());
        String firstSeed = plan.get(first.positions().stream().min(Integer::compare).orElseThrow()).task().hash();
        String otherSeed = plan.get(java.util.stream.IntStream.range(0, plan.size()).filter(i -> !first.owns(i)).findFirst().orElseThrow()).task().hash();
        for (String hash : List.of(firstSeed, otherSeed)) radlab.report.AtomicFiles.deleteTree(sweep.resolve("models").resolve(hash));
        Object[] r2 = run("reproduce", "--profile", "smoke", "--figure", "robustness-vs-cost", "--out", out.toString());
        assertEquals(0, r2[0], (String) r2[1]);
        assertTrue(((String) r2[1]).contains("12 points, 12 already done, 0 to run now"), (String) r2[1]);
        Object[] r3 = run("reproduce", "--profile", "smoke", "--figure", "surrogate", "--out", out.toString());
        assertEquals(0, r3[0], (String) r3[1]);
        assertTrue(((String) r3[1]).contains("6 of its 12 points, 5 already done, 1 to run now"), (String) r3[1]);
        assertTrue(Files.isRegularFile(sweep.resolve("models").resolve(firstSeed).resolve("weights.bin")), "the first seed's model trained again");
        assertTrue(!Files.exists(sweep.resolve("models").resolve(otherSeed)), "no other seed trained again");
    }

    /** A figure that reads only the first seed of each configuration trains only those points and draws no headline from them. */
    @Test
    void modelFigureAloneNeedsOnlyTheFirstSeeds(@TempDir Path out) throws Exception {
        Path sweep = out.resolve(".sweeps/smoke");
        radlab.testing.SmokeSweep.copyTo(sweep);
        var plan = radlab.testing.SmokeSweep.run().plan();
        var first = radlab.experiment.Reproduction.firstSeeds(plan.stream().map(radlab.experiment.sweep.Sweep.Planned::spec).toList());
        for (int i = 0; i < plan.size(); i++) {
            if (first.owns(i)) continue;
            String hash = plan.get(i).task().hash();
            Files.delete(sweep.resolve("points").resolve(hash + ".row.json"));
            radlab.report.AtomicFiles.deleteTree(sweep.resolve("models").resolve(hash));
        }
        Object[] r = run("reproduce", "--profile", "smoke", "--figure", "surrogate", "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(((String) r[1]).contains("first seed of each configuration: 6 of its 12 points, 6 already done, 0 to run now"), (String) r[1]);
        String readme = Files.readString(out.resolve("surrogate/README.md"));
        assertTrue(readme.contains("Not drawn: this run trained only the first seed of each configuration (6 of the profile's 12 networks)"), readme);
        assertTrue(!Files.exists(out.resolve("reproduction-smoke.csv")), "no summary table from one seed per configuration");
    }

    @Test
    void rademacherNetworkAndRandomLabelClassesRunFromTheCli(@TempDir Path out) throws Exception {
        Object[] r = run("rademacher", "--class", "mlp", "--n", "40", "--draws", "2", "--hidden", "8", "--frobenius", "1,1", "--jacobian-bound", "0.5",
                "--restarts", "2", "--steps", "5", "--out", out.toString(), "--run", "mlp", "--quiet");
        assertEquals(0, r[0], (String) r[1]);
        String json = Files.readString(out.resolve("mlp/rademacher.json"));
        assertTrue(json.contains("meanRestartSpread") && json.contains("Golowich") && json.contains("mean ‖∇ₓf‖ ≤ 0.5") && json.contains("\"exact\" : false"), json);
        assertTrue(json.contains("\"mcDiarmidHalfWidth\" : \"NaN\""), "a fitted class has no McDiarmid half-width: " + json);
        assertTrue(!((String) r[1]).contains("McDiarmid"), (String) r[1]);
        Object[] rl = run("rademacher", "--class", "random-labels", "--n", "60", "--hidden", "16", "--epochs", "3",
                "--out", out.toString(), "--run", "rl", "--quiet");
        assertEquals(0, rl[0], (String) rl[1]);
        assertTrue(Files.readString(out.resolve("rl/rademacher.json")).contains("correlation"));
    }

    @Test
    void unwritableOutputIsOneLine(@TempDir Path out) throws Exception {
        Path file = out.resolve("afile");
        Files.writeString(file, "x");
        Object[] r = run("train", "--epochs", "1", "--train-size", "100", "--test-size", "50", "--out", file.toString(), "--quiet");
        assertEquals(2, r[0], (String) r[1]);
        assertTrue(((String) r[1]).startsWith("radlab: error: output directory"), (String) r[1]);
    }
}
