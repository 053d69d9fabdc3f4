package radlab.experiment.sweep;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.attack.AdversarialObjective;
import radlab.attack.AttackNorm;
import radlab.attack.LossGradient;
import radlab.attack.Pgd;
import radlab.attack.RobustEvaluator;
import radlab.attack.RobustMetrics;
import radlab.attack.SurrogateComparison;
import radlab.attack.ThreatModel;
import radlab.bounds.BoundTerms;
import radlab.bounds.ClassicBounds;
import radlab.bounds.PaperBoundReconstruction;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.Splits;
import radlab.jacobian.JacobianNorms;
import radlab.jacobian.JacobianRegularizedObjective;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.Activation;
import radlab.nn.Mlp;
import radlab.nn.MlpSpec;
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

/**
 * Everything measured on one grid point, in one place: train → PGD robust evaluation (ℓ2 and ℓ∞, train and test
 * subsamples) → Jacobian and layer norms → bounds (the paper reconstruction with its terms, BFT, NTS, GRS) → one
 * {@link ResultRow}. A pure function of the {@link PointTask}: every random draw is seeded from the spec, so the same
 * task gives the same row (timings aside) on any engine and worker count. The measurement mirrors
 * {@code Reproduction.measure}; when the bound registry and the attack suite land, they plug in here.
 */
public final class PointRunner {
    public static final String STATUS = "status";

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
        MlpSpec arch = MlpSpec.of(split.train().inputDim(), spec.model().hidden().stream().mapToInt(Integer::intValue).toArray(),
                split.train().numClasses(), Activation.parse(spec.model().activation()));
        Mlp net = Mlp.initialize(arch, spec.seed(), DataType.FLOAT);
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
        var o = s.optimizer();
        OptimizerConfig opt = o.kind().equals("adam") ? OptimizerConfig.adam(o.learningRate()) : OptimizerConfig.sgd(o.learningRate(), o.momentum());
        return new TrainConfig(o.epochs(), o.batchSize(), opt, o.weightDecay(), 0, s.seed());
    }

    static Objective objective(ExperimentSpec s) {
        ObjectiveSpec o = s.objective();
        if (o instanceof ObjectiveSpec.JacobianL2 j) return new JacobianRegularizedObjective(JacobianRegularizer.L2, j.lambda(), j.projections(), s.seed());
        if (o instanceof ObjectiveSpec.JacobianL1 j) return JacobianRegularizedObjective.exact(JacobianRegularizer.L1, j.lambda());
        if (o instanceof ObjectiveSpec.Adversarial a) {
            return new AdversarialObjective(Pgd.standard(new ThreatModel(AttackNorm.parse(a.norm()), a.epsilon()), a.steps(), s.seed()));
        }
        return new CrossEntropyObjective();
    }

    private static void measure(ResultRow.Builder row, ExperimentSpec spec, Mlp net, DataSplit split) {
        int evalSize = spec.evaluation().evalSize(), steps = spec.evaluation().attackSteps();
        Dataset trainEval = Splits.subsample(split.train(), evalSize, 1), testEval = Splits.subsample(split.test(), evalSize, 2);
        double epsL2 = spec.evaluation().epsilonL2(), epsLinf = spec.evaluation().epsilonLinf();
        int batch = RobustEvaluator.DEFAULT_BATCH;
        // A fresh attack per evaluation: Pgd carries random state between calls, and a shared one would make the
        // results depend on evaluation order.
        RobustEvaluator.Detailed testL2 = RobustEvaluator.evaluateDetailed(net, testEval, pgd(AttackNorm.L2, epsL2, steps, spec), batch);
        SurrogateComparison sc = SurrogateComparison.measure(net, testEval, pgd(AttackNorm.L2, epsL2, steps, spec), batch, testL2.attackLosses());
        RobustMetrics trainL2 = RobustEvaluator.evaluate(net, trainEval, pgd(AttackNorm.L2, epsL2, steps, spec), batch);
        RobustMetrics trainLinf = RobustEvaluator.evaluate(net, trainEval, pgd(AttackNorm.LINF, epsLinf, steps, spec), batch);
        RobustMetrics testLinf = RobustEvaluator.evaluate(net, testEval, pgd(AttackNorm.LINF, epsLinf, steps, spec), batch);
        Metrics train = Evaluator.evaluate(net, split.train()), test = Evaluator.evaluate(net, split.test());
        metrics(row, "train", train);
        metrics(row, "test", test);
        row.put("gap.standard_loss", test.loss() - train.loss()).put("gap.standard_error", test.error() - train.error());
        metrics(row, "pgd_l2.train", trainL2.adversarial());
        metrics(row, "pgd_l2.test", testL2.metrics().adversarial());
        metrics(row, "pgd_linf.train", trainLinf.adversarial());
        metrics(row, "pgd_linf.test", testLinf.adversarial());
        row.put("gap.robust_l2_loss", testL2.metrics().adversarial().loss() - trainL2.adversarial().loss())
                .put("gap.robust_l2_error", testL2.metrics().adversarial().error() - trainL2.adversarial().error())
                .put("gap.robust_linf_loss", testLinf.adversarial().loss() - trainLinf.adversarial().loss())
                .put("gap.robust_linf_error", testLinf.adversarial().error() - trainLinf.adversarial().error());
        JacobianNorms jn = sc.jacobian();
        row.put("jacobian.frobenius_mean", jn.meanFrobenius()).put("jacobian.l11_mean", jn.meanL11())
                .put("jacobian.operator_mean", jn.meanOperator()).put("jacobian.operator_max", jn.maxOperator())
                .put("surrogate.fraction_bounded_l2", sc.fractionBounded());
        NetworkNorms norms = NetworkNorms.of(net, Mlp.initialize(net.spec(), spec.seed(), DataType.FLOAT), jn.maxOperator());
        List<LayerNorms> layers = norms.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerNorms l = layers.get(i);
            String p = "norms.layer" + (i + 1) + ".";
            row.put(p + "spectral", l.spectral()).put(p + "frobenius", l.frobenius()).put(p + "l21", l.l21()).put(p + "l1inf", l.l1Inf())
                    .put(p + "spectral_from_init", l.spectralFromInit()).put(p + "frobenius_from_init", l.frobeniusFromInit());
        }
        row.put("norms.path_l2", norms.pathNormL2()).put("norms.lipschitz_upper_bound", norms.lipschitzUpperBound())
                .put("norms.empirical_lipschitz", norms.empiricalLipschitz());
        bounds(row, spec, net, split.train(), norms);
    }

    private static void bounds(ResultRow.Builder row, ExperimentSpec spec, Mlp net, Dataset train, NetworkNorms norms) {
        INDArray x = train.features().castTo(DataType.DOUBLE);
        int n = train.size();
        double xFro = x.norm2Number().doubleValue();
        double maxLoss = LossGradient.losses(net, train.features(), train.labels()).maxNumber().doubleValue();
        Activation act = net.spec().activation();
        var inputs = new PaperBoundReconstruction.Inputs(n, xFro, x.norm2(1).maxNumber().doubleValue(), net.spec().inputDim(),
                net.spec().outputDim(), maxLoss, act.maxSlope(), act.slopeLipschitz());
        PaperBoundReconstruction.Constants c = PaperBoundReconstruction.Constants.defaults();
        terms(row, "bound.paper_l2.", PaperBoundReconstruction.compute(norms, inputs, AttackNorm.L2, spec.evaluation().epsilonL2(), c));
        terms(row, "bound.paper_linf.", PaperBoundReconstruction.compute(norms, inputs, AttackNorm.LINF, spec.evaluation().epsilonLinf(), c));
        double[] margins = margins(net, train);
        double gamma = Math.max(new org.apache.commons.math3.stat.descriptive.rank.Percentile().evaluate(margins, 10), 1e-3);
        double marginLoss = Arrays.stream(margins).filter(v -> v <= gamma).count() / (double) margins.length;
        row.put("bound.margin_gamma", gamma).put("bound.train_margin_loss", marginLoss)
                .put("bound.bft_rademacher", ClassicBounds.bftRademacher(norms, xFro, n, gamma, false))
                .put("bound.bft_error", ClassicBounds.bftErrorBound(marginLoss, norms, xFro, n, gamma, c.delta()))
                .put("bound.nts_rademacher", ClassicBounds.ntsRademacher(norms, xFro, n))
                .put("bound.grs_rademacher", ClassicBounds.grsRademacher(norms, xFro, n));
    }

    private static void terms(ResultRow.Builder row, String p, BoundTerms b) {
        row.put(p + "standard_complexity", b.standardComplexity()).put(p + "jacobian_complexity", b.jacobianComplexity())
                .put(p + "confidence", b.confidence()).put(p + "remainder", b.remainder()).put(p + "total", b.total())
                .put(p + "flags", String.join("; ", b.flags()));
    }

    private static void metrics(ResultRow.Builder row, String prefix, Metrics m) {
        row.put(prefix + "_loss", m.loss()).put(prefix + "_accuracy", m.accuracy());
    }

    private static Pgd pgd(AttackNorm norm, double eps, int steps, ExperimentSpec s) {
        return Pgd.standard(new ThreatModel(norm, eps), steps, s.seed());
    }

    /** Multi-class margins f_y(x) − max_{j≠y} f_j(x) (as in Reproduction; one home once ModelMeasurement is shared). */
    static double[] margins(Mlp net, Dataset d) {
        INDArray logits = net.logits(d.features()).castTo(DataType.DOUBLE);
        INDArray onehot = d.oneHot(DataType.DOUBLE);
        return logits.mul(onehot).sum(1).sub(logits.add(onehot.mul(-1e30)).max(1)).toDoubleVector();
    }
}
