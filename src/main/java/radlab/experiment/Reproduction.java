package radlab.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.attack.AdversarialObjective;
import radlab.attack.AttackSuite;
import radlab.attack.AttackNorm;
import radlab.attack.Pgd;
import radlab.attack.RobustEvaluator;
import radlab.attack.SurrogateComparison;
import radlab.attack.ThreatModel;
import radlab.bounds.BoundInputs;
import radlab.bounds.BoundRegistry;
import radlab.bounds.ModelBoundInputs;
import radlab.bounds.PaperReconstruction;
import radlab.certify.Certifier;
import radlab.certify.RobustBracket;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianNorms;
import radlab.jacobian.JacobianRegularizedObjective;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.Activation;
import radlab.nn.Model;
import radlab.nn.Architecture;
import radlab.nn.Network;
import radlab.nn.layer.ImageShape;
import radlab.nn.ModelIO;
import radlab.norms.NetworkNorms;
import radlab.report.ConcurrentRunException;
import radlab.report.Json;
import radlab.report.ReportMarker;
import radlab.train.CrossEntropyObjective;
import radlab.train.Evaluator;
import radlab.train.Objective;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;
import radlab.train.Trainer;
import radlab.train.TrainingHistory;
import radlab.train.TrainingListener;

/**
 * Runs a λ sweep: trains (or loads from the cache) one model per {@link ReproductionProfile.SweepPoint} and measures
 * clean and robust metrics, Jacobian norms, network norms and bound terms on each. Trained models are cached under
 * {@code cacheDir/PROFILE/KEY/} together with a hash of their configuration, so a re-run — or a run resumed after
 * being killed — trains only what is missing.
 */
public final class Reproduction {
    /** Split seed of the shipped MNIST subset used by every reproduction. */
    public static final long SPLIT_SEED = 42;

    /** The sweep's measurements and the per-sample surrogate comparison of the figure-5 model. */
    public record Result(ReproductionProfile profile, DataSplit data, List<ModelMeasurement> models, SurrogateComparison surrogate,
                         String surrogateModel) {
        /** A Markdown table with one row per model: time, accuracies, Jacobian norms, robust gap and bound. */
        public String headline() {
            Result r = this;
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("| model | s/epoch | clean acc | ℓ2 robust acc (ε=%s) [certified, APGD suite] | ℓ∞ robust acc (ε=%s) [certified, APGD suite] | mean ‖J‖_F | mean ‖J‖_{1,1} | robust gap ℓ2 | bound ℓ2 (recon.) | bound/gap |%n",
                    r.profile().epsilonL2(), r.profile().epsilonLinf()));
            sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (ModelMeasurement m : r.models()) {
                sb.append(String.format("| %s | %.2f | %.1f%% | [%.1f%%, %.1f%%] | [%.1f%%, %.1f%%] | %.3g | %.3g | %.3g | %.3g | %.2g |%n", m.point().key(), m.secondsPerEpoch(),
                        100 * m.test().accuracy(), 100 * m.bracketL2().certifiedAccuracy(), 100 * m.testL2().adversarial().accuracy(),
                        100 * m.bracketLinf().certifiedAccuracy(), 100 * m.testLinf().adversarial().accuracy(),
                        m.testJacobian().meanFrobenius(), m.testJacobian().meanL11(), m.robustGapLossL2(),
                        m.bound(PaperReconstruction.L2.id()).value(), m.bound(PaperReconstruction.L2.id()).value() / m.robustGapLossL2()));
            }
            return sb.toString();
        }
    }

    private final ReproductionProfile profile;
    private final Path cacheDir;
    private final Supplier<TrainingListener> listeners;
    private final Consumer<String> log;

    public Reproduction(ReproductionProfile profile, Path cacheDir, Supplier<TrainingListener> listeners, Consumer<String> log) {
        this.profile = profile;
        this.cacheDir = cacheDir;
        this.listeners = listeners;
        this.log = log;
    }

    public Result run() {
        DataSplit split = Splits.stratified(MnistLoader.shippedSubset(), profile.trainSize(), profile.testSize(), SPLIT_SEED);
        Dataset trainEval = Splits.subsample(split.train(), profile.evalSize(), 1);
        Dataset testEval = Splits.subsample(split.test(), profile.evalSize(), 2);
        List<ReproductionProfile.SweepPoint> points = profile.points();
        List<ModelMeasurement> out = new ArrayList<>();
        SurrogateComparison surrogate = null;
        String surrogateModel = null;
        ReproductionProfile.SweepPoint figure5 = points.stream().filter(p -> p.regularizer().equals("l2"))
                .skip(profile.lambdasL2().length / 2).findFirst().orElse(points.get(0));
        for (int i = 0; i < points.size(); i++) {
            ReproductionProfile.SweepPoint p = points.get(i);
            log.accept(String.format("[%d/%d] %s", i + 1, points.size(), p.key()));
            Trained t = trainOrLoad(p, split);
            boolean keepSurrogate = p.equals(figure5);
            Measured m = measure(p, t, split, trainEval, testEval, keepSurrogate);
            out.add(m.measurement());
            if (keepSurrogate) {
                surrogate = m.surrogate();
                surrogateModel = p.key();
            }
        }
        return new Result(profile, split, out, surrogate, surrogateModel);
    }

    record Trained(Model model, double secondsPerEpoch) {}

    record Measured(ModelMeasurement measurement, SurrogateComparison surrogate) {}

    private Trained trainOrLoad(ReproductionProfile.SweepPoint p, DataSplit split) {
        Path dir = cacheDir.resolve(profile.name() + (profile.defaultArch() ? "" : "-" + profile.arch().replaceAll("[^a-z0-9,-]", "_"))).resolve(p.key());
        String hash = configHash(p);
        if (Files.isRegularFile(dir.resolve(ModelIO.MODEL_JSON))) {
            try {
                ModelIO.SavedModel s = ModelIO.load(dir);
                if (hash.equals(s.training().get("configHash"))) {
                    log.accept("  cached model " + dir);
                    return new Trained(s.model(), ((Number) s.training().get("meanEpochSeconds")).doubleValue());
                }
            } catch (IllegalArgumentException stale) {
                log.accept("  ignoring unreadable cache entry " + dir + ": " + stale.getMessage());
            }
        }
        Model net = Network.initialize(Architecture.parse(profile.arch(), new ImageShape(1, 28, 28), 10, Activation.RELU), profile.seed(), DataType.FLOAT);
        TrainConfig cfg = TrainConfig.of(profile.epochs(), profile.batchSize(), OptimizerConfig.adam(profile.learningRate()), profile.seed());
        TrainingHistory h = new Trainer(cfg, objective(p), listeners.get()).fit(net, split);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("configHash", hash);
        training.put("meanEpochSeconds", h.meanEpochSeconds());
        training.put("point", p);
        training.put("profile", profile.describe());
        if (Files.isRegularFile(dir.resolve(ModelIO.MODEL_JSON)) && !ReportMarker.isReport(dir)) {
            ReportMarker.adopt(dir); // a stale entry from before report markers: radlab's own, so it may be replaced
        }
        try {
            ModelIO.save(net, training, Map.of("radlab", radlab.report.Provenance.currentRadlabVersion()), dir);
        } catch (ConcurrentRunException e) {
            log.accept("  another run cached " + p.key() + " meanwhile; keeping its entry"); // same configuration, same weights
        }
        return new Trained(net, h.meanEpochSeconds());
    }

    Objective objective(ReproductionProfile.SweepPoint p) {
        return switch (p.regularizer()) {
            case "none" -> new CrossEntropyObjective();
            case "l2" -> JacobianRegularizedObjective.exact(JacobianRegularizer.L2, p.lambda());
            case "l1" -> JacobianRegularizedObjective.exact(JacobianRegularizer.L1, p.lambda());
            case "adv" -> new AdversarialObjective(Pgd.standard(new ThreatModel(AttackNorm.LINF, profile.epsilonLinf()), profile.advTrainSteps(), profile.seed()));
            default -> throw new IllegalArgumentException("unknown regularizer " + p.regularizer());
        };
    }

    /** Hash of everything that determines the trained weights (not the evaluation settings). */
    String configHash(ReproductionProfile.SweepPoint p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", p.key());
        m.put("lambda", p.lambda());
        m.put("trainSize", profile.trainSize());
        m.put("testSize", profile.testSize());
        m.put("hidden", Arrays.toString(profile.hidden()));
        if (!profile.defaultArch()) m.put("arch", profile.arch());
        m.put("epochs", profile.epochs());
        m.put("batchSize", profile.batchSize());
        m.put("learningRate", profile.learningRate());
        m.put("seed", profile.seed());
        if (p.regularizer().equals("adv")) m.put("adv", profile.advTrainSteps() + "/" + profile.epsilonLinf());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Json.toString(m).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Measured measure(ReproductionProfile.SweepPoint p, Trained t, DataSplit split, Dataset trainEval, Dataset testEval,
                             boolean keepSurrogate) {
        Model net = t.model();
        ThreatModel l2 = new ThreatModel(AttackNorm.L2, profile.epsilonL2());
        ThreatModel linf = new ThreatModel(AttackNorm.LINF, profile.epsilonLinf());
        AttackSuite suiteL2 = new AttackSuite(l2, profile.suiteSteps(), 1, profile.suiteTargets(), profile.seed());
        AttackSuite suiteLinf = new AttackSuite(linf, profile.suiteSteps(), 1, profile.suiteTargets(), profile.seed());
        int batch = RobustEvaluator.DEFAULT_BATCH;
        long t0 = System.nanoTime();
        RobustEvaluator.Detailed testL2 = RobustEvaluator.evaluateDetailed(net, testEval, suiteL2, batch);
        double suiteSecondsL2 = seconds(t0);
        t0 = System.nanoTime();
        RobustEvaluator.Detailed testLinf = RobustEvaluator.evaluateDetailed(net, testEval, suiteLinf, batch);
        double suiteSecondsLinf = seconds(t0);
        // the surrogate reads the same adversarial examples as the robust metrics
        SurrogateComparison sc = SurrogateComparison.measure(net, testEval, suiteL2, batch, testL2.attackLosses());
        JacobianNorms jn = sc.jacobian();
        Model init = net.initialized(profile.seed());
        NetworkNorms norms = NetworkNorms.of(net, init, jn.maxOperator()); // Jacobians already measured by the surrogate
        RobustBracket bracketL2 = bracket(net, testEval, testL2, suiteSecondsL2, l2, norms);
        RobustBracket bracketLinf = bracket(net, testEval, testLinf, suiteSecondsLinf, linf, norms);
        BoundInputs bi = ModelBoundInputs.of(net, norms, split.train(), null, profile.epsilonL2(), profile.epsilonLinf());
        ModelMeasurement m = new ModelMeasurement(p, t.secondsPerEpoch(), Evaluator.evaluate(net, split.train()), Evaluator.evaluate(net, split.test()),
                RobustEvaluator.evaluate(net, trainEval, suiteL2, batch), testL2.metrics(),
                RobustEvaluator.evaluate(net, trainEval, suiteLinf, batch), testLinf.metrics(),
                jn, norms, bi, BoundRegistry.evaluateAll(bi), sc.fractionBounded(), bracketL2, bracketLinf);
        return new Measured(m, keepSurrogate ? sc : null);
    }

    /** The test bracket [certified, attacked] for one threat model, with the PGD baseline for comparison. */
    private RobustBracket bracket(Model net, Dataset testEval, RobustEvaluator.Detailed attacked, double attackSeconds, ThreatModel t,
                                  NetworkNorms norms) {
        Pgd pgd = Pgd.standard(t, profile.evalSteps(), profile.seed());
        long t0 = System.nanoTime();
        double pgdAccuracy = RobustEvaluator.evaluate(net, testEval, pgd).adversarial().accuracy();
        double pgdSeconds = seconds(t0);
        int size = Math.min(profile.certifySize(), testEval.size());
        Dataset first = testEval.rows(java.util.stream.IntStream.range(0, size).toArray(), testEval.name() + "-certified");
        return RobustBracket.of(attacked.evidence(), attackSeconds, "PGD-" + profile.evalSteps(), pgdAccuracy, pgdSeconds,
                Certifier.all(net, first, t, norms));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }


}
