package radlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.Splits;
import radlab.nn.ModelIO;
import radlab.rademacher.LossClassStudy;
import radlab.rademacher.LossTerm;
import radlab.report.CsvTable;
import radlab.report.Json;
import radlab.report.Provenance;
import radlab.report.StagedDirectory;

/** {@code radlab rademacher --class loss}: estimates loss classes around a saved model and writes the report (no computation here). */
final class LossClassRun {
    private LossClassRun() {}

    static int run(RademacherCommand c) {
        List<LossTerm.Kind> kinds = c.lossClass.validate();
        if (c.n < 2) throw new IllegalArgumentException("--n must be at least 2, got " + c.n);
        if (c.draws < 2) throw new IllegalArgumentException("--draws must be at least 2, got " + c.draws);
        if (c.restarts < 1 || c.steps < 0) throw new IllegalArgumentException("--restarts must be ≥ 1 and --steps ≥ 0");
        if (c.threads != null && c.threads < 1) throw new IllegalArgumentException("--threads must be ≥ 1, got " + c.threads);
        int threads = c.threads == null ? Runtime.getRuntime().availableProcessors() : c.threads;
        Path runDir = c.output.runDirectory("rademacher");
        ModelIO.SavedModel saved = ModelIO.load(c.lossClass.model);
        DataSplit split = c.data.loadFor(saved);
        if (c.n > split.train().size()) throw new IllegalArgumentException("--n " + c.n + " exceeds the " + split.train().size() + " training examples");
        radlab.train.Evaluator.requireCompatible(saved.model(), split.test());
        Dataset sample = Splits.subsample(split.train(), c.n, c.seed);
        LossClassStudy.Settings s = new LossClassStudy.Settings(c.n, c.draws, c.restarts, c.steps, c.lossClass.stepSize, c.lossClass.threat(),
                c.lossClass.gamma, c.lossClass.attackSteps, c.seed, threads, c.lossClass.checkDraws);
        LossClassStudy.Result r = LossClassStudy.run(saved.model(), sample, split.train(), split.test(), s, kinds, line -> {
            if (!c.output.quiet) System.err.println(line);
        });
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("class", "loss");
        config.put("model", c.lossClass.model.toString());
        config.put("settings", s);
        config.put("data", c.data.describe());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", r);
        out.put("standardGapRatio", r.standardGapRatio());
        out.put("robustGapRatio", r.robustGapRatio());
        out.put("config", config);
        out.put("provenance", Provenance.of("rademacher", config, sample));
        try (StagedDirectory staged = StagedDirectory.create(runDir)) {
            Json.write(staged.path().resolve("rademacher.json"), out);
            CsvTable t = new CsvTable("class", "draw", "supremum_estimate", "estimate");
            for (LossClassStudy.ClassResult cr : r.classes()) {
                String kind = cr.kind() == radlab.rademacher.LossTerm.Kind.ROBUST ? radlab.rademacher.LossTerm.ESTIMATE_UNKNOWN_BIAS : "lower estimate";
                for (int j = 0; j < cr.estimate().draws().length; j++) t.add(cr.kind().label(), j + 1, cr.estimate().draws()[j], kind);
            }
            t.write(staged.path().resolve("draws.csv"));
            staged.commit();
        }
        for (LossClassStudy.ClassResult cr : r.classes()) {
            boolean lower = cr.kind() != radlab.rademacher.LossTerm.Kind.ROBUST;
            System.out.printf("%-11s R̂_S %s %.4g (95%% CI [%.4g, %.4g], %s; restart spread %.3g; more steps/restarts +%.2g%%); "
                            + "formula %.4g (×%.3g); %.2f s/draw%n", cr.kind().label(), lower ? "≥" : "≈", cr.estimate().mean(), cr.estimate().ciLow(),
                    cr.estimate().ciHigh(), lower ? "lower estimate" : radlab.rademacher.LossTerm.ESTIMATE_UNKNOWN_BIAS,
                    cr.restartSpread(), 100 * cr.convergenceIncrease(), cr.formula(), cr.formulaRatio(), cr.secondsPerDraw());
        }
        System.out.printf("standard gap %.4g, (2R̂+conf)/gap %.3g; robust gap %.4g, (2R̂+conf)/gap %.3g; decomposition respected in %.0f%% of draws%n",
                r.standardGap(), r.standardGapRatio(), r.robustGap(), r.robustGapRatio(), 100 * r.decompositionRespected());
        System.out.println("report in " + runDir.toAbsolutePath());
        return 0;
    }
}
