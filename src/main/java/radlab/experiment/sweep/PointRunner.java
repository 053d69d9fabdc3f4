package radlab.experiment.sweep;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.attack.AdversarialObjective;
import radlab.attack.AttackNorm;
import radlab.attack.AttackSuite;
import radlab.attack.Pgd;
import radlab.attack.RobustEvaluator;
import radlab.attack.RobustMetrics;
import radlab.attack.SurrogateComparison;
import radlab.attack.ThreatModel;
import radlab.bounds.BoundInputs;
import radlab.bounds.BoundRegistry;
import radlab.bounds.BoundResult;
import radlab.bounds.ModelBoundInputs;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.Splits;
import radlab.jacobian.JacobianNorms;
import radlab.jacobian.JacobianRegularizedObjective;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.Model;
import radlab.nn.ModelIO;
import radlab.norms.LayerNorms;
import radlab.norms.NetworkNorms;
import radlab.spec.ExperimentSpec;
import radlab.spec.ObjectiveSpec;
import radlab.spec.SpecJson;
import radlab.train.CrossEntropyObjective;
import radlab.train.Evaluator;
import radlab.train.Metrics;
import radlab.train.Objective;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;
import radlab.train.Trainer;
import radlab.train.TrainingDivergedException;
import radlab.train.TrainingHistory;
import radlab.verify.CheckedVerification;
import radlab.verify.CompleteVerifier;

/**
 * Everything measured on one grid point, in one place: train → robust evaluation by the APGD suite (ℓ2 and ℓ∞, train
 * and test subsamples) → Jacobian and layer norms → every registered bound with its terms ({@link BoundRegistry}) →
 * one {@link ResultRow}; with {@code evaluation.certifySize} also certificates and, with {@code evaluation.verifyBudget},
 * complete verification of the first test samples. A pure function of the {@link PointTask}: every random draw is seeded from the spec, so the
 * same task gives the same row (timings aside) on any engine and worker count; complete verification's outcomes are
 * the exception where a sample's time budget runs out (they depend on the machine's speed).
 */
public final class PointRunner {
    public static final String STATUS = "status";

    /** The column of a point's seconds in the certificates ({@code "certify"}) or complete verification ({@code "verify"}) under norm l2 or linf. */
    static String certificateSecondsColumn(String stage, String norm) {
        return "time." + stage + "_" + norm + "_seconds";
    }

    private PointRunner() {}

    /** Runs one task and returns its encoded row ({@link RowCodec}), ready for the driver to store. */
    public static String runEncoded(PointTask task) {
        return RowCodec.encode(task.hash(), run(task));
    }

    public static ResultRow run(PointTask task) {
        ExperimentSpec spec = SpecJson.parse(task.specJson());
        SweepData.Loaded data = SweepData.load(spec.data());
        if (!data.hash().equals(task.dataHash())) {
            throw new IllegalStateException("point " + task.hash() + ": this worker's data hash " + data.hash()
                    + " differs from the driver's " + task.dataHash() + " (different data files on this node?)");
        }
        ResultRow.Builder row = new ResultRow.Builder();
        SpecColumns.put(row, spec);
        row.put("provenance.point", task.hash()).put("provenance.code_version", task.codeVersion()).put("provenance.data_hash", data.hash());
        DataSplit split = data.split();
        // The same initial network (precision included) as radlab train builds from this spec.
        Model net = radlab.spec.SpecFactory.network(spec, split.train());
        long t0 = System.nanoTime();
        TrainingHistory h;
        try {
            h = new Trainer(trainConfig(spec), objective(spec), null).fit(net, split);
        } catch (TrainingDivergedException e) {
            return row.put(STATUS, "diverged: " + e.getMessage()).put("time.train_seconds", (System.nanoTime() - t0) / 1e9).build();
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        measure(row.put(STATUS, "ok"), spec, net, split);
        // docs/theory.md §2.5: the machine-independent cost next to the wall time
        row.put("cost.passes_per_example", h.cost().passesPerExample()).put("cost.total_passes_per_example", h.cost().totalPassesPerExample());
        row.put("time.train_seconds", trainSeconds).put("time.seconds_per_epoch", h.meanEpochSeconds())
                .put("time.measure_seconds", (System.nanoTime() - t1) / 1e9);
        if (task.modelDir() != null) {
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("spec", SpecJson.toTree(spec));
            training.put("pointHash", task.hash());
            ModelIO.save(net, training, Map.of("radlab", task.codeVersion(), "dataHash", data.hash()), Path.of(task.modelDir()));
        }
        return row.build();
    }

    static TrainConfig trainConfig(ExperimentSpec s) {
        return radlab.spec.SpecFactory.trainConfig(s);
    }

    static Objective objective(ExperimentSpec s) {
        return radlab.spec.SpecFactory.objective(s);
    }

    private static void measure(ResultRow.Builder row, ExperimentSpec spec, Model net, DataSplit split) {
        Dataset trainEval = trainEval(spec, split), testEval = testEval(spec, split);
        double epsL2 = spec.evaluation().epsilonL2(), epsLinf = spec.evaluation().epsilonLinf();
        int batch = RobustEvaluator.DEFAULT_BATCH;
        // A fresh attack per evaluation, so that no result depends on the order of the evaluations.
        long t0 = System.nanoTime();
        RobustEvaluator.Detailed testL2 = RobustEvaluator.evaluateDetailed(net, testEval, suite(AttackNorm.L2, spec, net), batch);
        double suiteSecondsL2 = seconds(t0);
        SurrogateComparison sc = SurrogateComparison.measure(net, testEval, suite(AttackNorm.L2, spec, net), batch, testL2.attackLosses());
        RobustMetrics trainL2 = RobustEvaluator.evaluate(net, trainEval, suite(AttackNorm.L2, spec, net), batch);
        RobustMetrics trainLinf = RobustEvaluator.evaluate(net, trainEval, suite(AttackNorm.LINF, spec, net), batch);
        t0 = System.nanoTime();
        RobustEvaluator.Detailed testLinfDetailed = RobustEvaluator.evaluateDetailed(net, testEval, suite(AttackNorm.LINF, spec, net), batch);
        double suiteSecondsLinf = seconds(t0);
        RobustMetrics testLinf = testLinfDetailed.metrics();
        Metrics train = Evaluator.evaluate(net, split.train()), test = Evaluator.evaluate(net, split.test());
        metrics(row, "train", train);
        metrics(row, "test", test);
        row.put("gap.standard_loss", test.loss() - train.loss()).put("gap.standard_error", test.error() - train.error());
        metrics(row, "robust_l2.train", trainL2.adversarial());
        metrics(row, "robust_l2.test", testL2.metrics().adversarial());
        metrics(row, "robust_linf.train", trainLinf.adversarial());
        metrics(row, "robust_linf.test", testLinf.adversarial());
        row.put("gap.robust_l2_loss", testL2.metrics().adversarial().loss() - trainL2.adversarial().loss())
                .put("gap.robust_l2_error", testL2.metrics().adversarial().error() - trainL2.adversarial().error())
                .put("gap.robust_linf_loss", testLinf.adversarial().loss() - trainLinf.adversarial().loss())
                .put("gap.robust_linf_error", testLinf.adversarial().error() - trainLinf.adversarial().error());
        row.put("time.apgd_l2_test_seconds", suiteSecondsL2).put("time.apgd_linf_test_seconds", suiteSecondsLinf);
        JacobianNorms jn = sc.jacobian();
        row.put("jacobian.frobenius_mean", jn.meanFrobenius()).put("jacobian.l11_mean", jn.meanL11())
                .put("jacobian.operator_mean", jn.meanOperator()).put("jacobian.operator_max", jn.maxOperator())
                .put("surrogate.fraction_bounded_l2", sc.fractionBounded());
        NetworkNorms norms = NetworkNorms.of(net, net.initialized(spec.seed()), jn.maxOperator());
        List<LayerNorms> layers = norms.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerNorms l = layers.get(i);
            String p = "norms.layer" + (i + 1) + ".";
            row.put(p + "spectral", l.spectral()).put(p + "frobenius", l.frobenius()).put(p + "l21", l.l21()).put(p + "l1inf", l.l1Inf())
                    .put(p + "spectral_from_init", l.spectralFromInit()).put(p + "frobenius_from_init", l.frobeniusFromInit());
        }
        row.put("norms.path_l2", norms.pathNormL2()).put("norms.lipschitz_upper_bound", norms.lipschitzUpperBound())
                .put("norms.empirical_lipschitz", norms.empiricalLipschitz());
        bracket(row, "l2", spec, net, testEval, testL2.evidence());
        bracket(row, "linf", spec, net, testEval, testLinfDetailed.evidence());
        bounds(row, spec, net, split.train(), norms);
    }

    /**
     * The other end of the bracket [certified, attacked] under one threat model: the PGD baseline's test accuracy
     * ({@code pgd.NORM.test_accuracy}, if {@code evaluation.baselineSteps} &gt; 0) and the certified accuracy of IBP,
     * CROWN and (ℓ2) the Lipschitz margin on the first {@code evaluation.certifySize} test evaluation samples
     * ({@code certify.NORM.METHOD}, NaN where the method is unavailable for the model; {@code certify.NORM.best}: the
     * fraction certified by any method; {@code certify.NORM.attacked_accuracy}: the APGD suite's robust accuracy on the
     * same samples, the bracket's upper end; {@code certify.NORM.certified_but_broken}: samples a certificate proved
     * robust but the attack broke, a live soundness check: the run fails if it is not 0).
     */
    private static void bracket(ResultRow.Builder row, String norm, ExperimentSpec spec, Model net, Dataset testEval,
                                radlab.attack.AdversarialEvidence evidence) {
        ThreatModel t = threat(AttackNorm.parse(norm), spec);
        int steps = spec.evaluation().baselineSteps();
        if (steps > 0) {
            long t0 = System.nanoTime();
            double acc = RobustEvaluator.evaluate(net, testEval, Pgd.standard(t, steps, spec.seed())).adversarial().accuracy();
            row.put("pgd." + norm + ".test_accuracy", acc).put("time.pgd_" + norm + "_test_seconds", seconds(t0));
        }
        int size = Math.min(spec.evaluation().certifySize(), testEval.size());
        if (size == 0) return;
        Dataset first = testEval.rows(java.util.stream.IntStream.range(0, size).toArray(), testEval.name() + "-certified");
        long t0 = System.nanoTime();
        List<radlab.certify.CertifiedAccuracy> certs = radlab.certify.Certifier.all(net, first, t);
        double certSeconds = seconds(t0);
        radlab.certify.RobustBracket b = radlab.certify.RobustBracket.of(evidence, 0, null, Double.NaN, 0, certs);
        for (radlab.certify.CertifiedAccuracy c : certs) row.put("certify." + norm + "." + c.method().toLowerCase(), c.accuracy());
        row.put("certify." + norm + ".best", b.certifiedAccuracy()).put("certify." + norm + ".attacked_accuracy", b.attackedOnCertified())
                .put("certify." + norm + ".certified_but_broken", (long) b.certifiedButBroken())
                .put(certificateSecondsColumn("certify", norm), certSeconds);
        if (spec.evaluation().verifies()) verification(row, norm, spec, net, first, t, evidence, certs);
    }

    /**
     * Complete verification of the bracket's samples, combined with the attack suite's results on them and
     * cross-checked against it and the certificates ({@link CompleteVerifier#verifyAgainst}): per sample certified,
     * counterexample (found by the verifier or the suite) or undecided. Columns {@code verify.NORM.}{@code samples},
     * {@code certified}, {@code counterexamples}, {@code undecided} (counts that add up to the samples),
     * {@code certified_accuracy} (certified / samples, NaN where verification does not apply), {@code exact_accuracy}
     * (the exact robust accuracy, NaN while any sample is undecided) and {@code not_applicable} (why verification does
     * not apply to the network or threat model, e.g. ℓ2 or tanh; empty where it does).
     */
    private static void verification(ResultRow.Builder row, String norm, ExperimentSpec spec, Model net, Dataset samples, ThreatModel t,
                                     radlab.attack.AdversarialEvidence evidence, List<radlab.certify.CertifiedAccuracy> certs) {
        long t0 = System.nanoTime();
        java.time.Duration budget = java.time.Duration.ofNanos(Math.max(1, Math.round(spec.evaluation().verifyBudget() * 1e9)));
        CheckedVerification v = CompleteVerifier.verifyAgainst(net, samples, t, budget, evidence, certs);
        String p = "verify." + norm + ".";
        boolean applies = v.notApplicable() == null;
        row.put(p + "samples", (long) v.size()).put(p + "certified", (long) v.certified()).put(p + "counterexamples", (long) v.counterexamples())
                .put(p + "undecided", (long) v.undecided()).put(p + "certified_accuracy", applies ? v.certifiedAccuracy() : Double.NaN)
                .put(p + "exact_accuracy", v.exactRobustAccuracy()).put(p + "not_applicable", applies ? "" : v.notApplicable())
                .put(certificateSecondsColumn("verify", norm), seconds(t0));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The seeded training subsample of {@code evaluation.evalSize} examples that the robust train metrics use. */
    public static Dataset trainEval(ExperimentSpec spec, DataSplit split) {
        return Splits.subsample(split.train(), spec.evaluation().evalSize(), 1);
    }

    /** The seeded test subsample of {@code evaluation.evalSize} examples that every robust test metric uses. */
    public static Dataset testEval(ExperimentSpec spec, DataSplit split) {
        return Splits.subsample(split.test(), spec.evaluation().evalSize(), 2);
    }

    /** Every registered bound: its value, each term, and whether its assumptions hold for this model. */
    private static void bounds(ResultRow.Builder row, ExperimentSpec spec, Model net, Dataset train, NetworkNorms norms) {
        BoundInputs bi = ModelBoundInputs.of(net, norms, train, null, spec.evaluation().epsilonL2(), spec.evaluation().epsilonLinf());
        row.put("bound.margin_gamma", bi.margin().gamma()).put("bound.train_margin_loss", bi.margin().trainMarginLoss());
        for (BoundResult r : BoundRegistry.evaluateAll(bi)) {
            String p = "bound." + r.id().replace('-', '_') + ".";
            r.terms().forEach(t -> row.put(p + t.id(), t.value()));
            row.put(p + "total", r.value()).put(p + "assumptions_met", r.assumptionsMet() ? 1 : 0)
                    .put(p + "assumptions_not_met", r.unmetText());
        }
    }

    private static void metrics(ResultRow.Builder row, String prefix, Metrics m) {
        row.put(prefix + "_loss", m.loss()).put(prefix + "_accuracy", m.accuracy());
    }

    /**
     * The evaluation attack: the APGD suite with the spec's step count, one restart and up to
     * {@code evaluation.attackTargets} target classes, seeded from the spec. A fresh one per evaluation.
     */
    public static AttackSuite suite(AttackNorm norm, ExperimentSpec s, Model net) {
        return new AttackSuite(threat(norm, s), s.evaluation().attackSteps(), 1, Math.min(s.evaluation().attackTargets(), net.outputDim() - 1), s.seed());
    }

    static ThreatModel threat(AttackNorm norm, ExperimentSpec s) {
        return new ThreatModel(norm, norm == AttackNorm.L2 ? s.evaluation().epsilonL2() : s.evaluation().epsilonLinf());
    }
}
