package radlab.notebook;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.attack.AttackNorm;
import radlab.attack.Pgd;
import radlab.attack.RobustEvaluator;
import radlab.attack.RobustMetrics;
import radlab.attack.ThreatModel;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.jacobian.InputJacobians;
import radlab.jacobian.JacobianNorms;
import radlab.jacobian.JacobianRegularizedObjective;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.layer.Activation;
import radlab.nn.Architecture;
import radlab.nn.Mlp;
import radlab.nn.Model;
import radlab.nn.Network;
import radlab.nn.layer.ImageShape;
import radlab.nn.MlpSpec;
import radlab.norms.NetworkNorms;
import radlab.rademacher.FunctionClass;
import radlab.rademacher.RademacherEstimate;
import radlab.rademacher.RademacherEstimator;
import radlab.spec.SpecFactory;
import radlab.spec.DataSpec;
import radlab.spec.Defaults;
import radlab.spec.ExperimentSpec;
import radlab.spec.ModelSpec;
import radlab.spec.ObjectiveSpec;
import radlab.spec.OptimizerSpec;
import radlab.train.Objective;
import radlab.train.Trainer;
import radlab.train.TrainingHistory;
import radlab.train.TrainingListener;

/**
 * Short entry points for notebooks and scripts, with radlab's defaults ({@link Defaults}: seed 1, Adam 1e-3, batch 64,
 * float32; data, networks, objectives and training configurations built by {@link SpecFactory}), so a
 * cell reads like the experiment: {@code var data = Lab.mnist(8000, 2000); var net = Lab.mlp(256, 256);
 * Lab.train(net, data, 5); Lab.norms(net, data.test())}. Results print as readable tables.
 */
public final class Lab {
    private Lab() {}

    /** A seeded stratified split of the shipped MNIST subset. */
    public static DataSplit mnist(int trainSize, int testSize) {
        return SpecFactory.data(new DataSpec(Defaults.DATASET, trainSize, testSize, Defaults.SPLIT_SEED));
    }

    /**
     * The default experiment ({@link Defaults#experiment}) with {@code epochs} epochs and {@code objective}: what
     * {@link #train} runs, as the spec {@code radlab sweep} and {@code radlab rerun} read.
     */
    public static ExperimentSpec spec(int epochs, ObjectiveSpec objective) {
        ExperimentSpec d = Defaults.experiment();
        OptimizerSpec o = d.optimizer();
        return new ExperimentSpec(d.data(), d.model(), objective,
                new OptimizerSpec(o.kind(), o.learningRate(), o.momentum(), o.batchSize(), epochs, o.weightDecay(), o.augmentShift()), d.evaluation(), d.seed());
    }

    /** A 784-…-10 ReLU network with the default seed. */
    public static Mlp mlp(int... hidden) {
        return Mlp.initialize(MlpSpec.of(Defaults.INPUT_DIM, hidden, Defaults.CLASSES, Activation.parse(Defaults.ACTIVATION)), Defaults.SEED,
                SpecFactory.dataType(Defaults.experiment().model()));
    }

    /** A convolutional network on 1×28×28 images with 10 classes, e.g. {@code Lab.cnn("c16k5-p2-d64")} (seed 1). */
    public static Network cnn(String layers) {
        ModelSpec m = new ModelSpec("cnn:" + layers, Defaults.ACTIVATION);
        return Network.initialize(m.architecture(new ImageShape(1, Defaults.IMAGE_SIDE, Defaults.IMAGE_SIDE), Defaults.CLASSES), Defaults.SEED,
                SpecFactory.dataType(m));
    }

    /** Plain cross-entropy training. */
    public static TrainingHistory train(Model net, DataSplit data, int epochs) {
        return train(net, data, epochs, SpecFactory.objective(spec(epochs, new ObjectiveSpec.Plain())));
    }

    /** Training with the exact ℓ2 (λ‖J‖_F²) or ℓ1 (λ‖J‖_{1,1}) Jacobian regularizer. */
    public static TrainingHistory trainJacobian(Model net, DataSplit data, int epochs, String regularizer, double lambda) {
        ObjectiveSpec o = JacobianRegularizer.parse(regularizer) == JacobianRegularizer.L2 ? new ObjectiveSpec.JacobianL2(lambda, 0)
                : new ObjectiveSpec.JacobianL1(lambda);
        return train(net, data, epochs, SpecFactory.objective(spec(epochs, o)));
    }

    /** Training with any objective spec (e.g. {@code new ObjectiveSpec.Trades(6, "linf", 0.1, 10, Double.NaN)}), seed 1. */
    public static TrainingHistory train(Model net, DataSplit data, int epochs, ObjectiveSpec objective) {
        return train(net, data, epochs, SpecFactory.objective(spec(epochs, objective)));
    }

    /** PGD adversarial training with {@code steps} steps of the standard size 2.5·ε/steps. */
    public static TrainingHistory trainAdversarial(Model net, DataSplit data, int epochs, String norm, double epsilon, int steps) {
        return train(net, data, epochs, new ObjectiveSpec.Adversarial(norm, epsilon, steps));
    }

    /** TRADES (Zhang et al. 2019) with weight β and a K-step inner maximisation of the KL (step 2.5·ε/K). */
    public static TrainingHistory trainTrades(Model net, DataSplit data, int epochs, double beta, String norm, double epsilon, int steps) {
        return train(net, data, epochs, new ObjectiveSpec.Trades(beta, norm, epsilon, steps, Double.NaN));
    }

    /** Input-gradient regularization (Ross &amp; Doshi-Velez 2018): cross-entropy + λ·mean ‖∇ₓℓ‖². */
    public static TrainingHistory trainInputGradient(Model net, DataSplit data, int epochs, double lambda) {
        return train(net, data, epochs, new ObjectiveSpec.InputGradient(lambda));
    }

    /** Spectral-norm regularization: penalty (λ/2)·Σ σ_max(W)² and, unless {@code bound} is NaN, σ_max(W) ≤ bound. */
    public static TrainingHistory trainSpectral(Model net, DataSplit data, int epochs, double lambda, double bound) {
        return train(net, data, epochs, new ObjectiveSpec.Spectral(lambda, bound));
    }

    /** Trains and prints one line per epoch (objective, train and test metrics, time) as it goes, the table the README promises. */
    public static TrainingHistory train(Model net, DataSplit data, int epochs, Objective objective) {
        TrainingListener epochLines = new TrainingListener() {
            @Override
            public void epochDone(radlab.train.EpochStats stats) {
                System.out.println(stats);
            }
        };
        return new Trainer(SpecFactory.trainConfig(spec(epochs, new ObjectiveSpec.Plain())), objective, epochLines).fit(net, data);
    }

    /** Input-Jacobian norms of the logits on a sample. */
    public static JacobianNorms jacobianNorms(Model net, Dataset data) {
        return InputJacobians.norms(net, data.features(), radlab.experiment.TrainRun.JACOBIAN_BATCH);
    }

    /** Layer norms, products, path norm and Lipschitz bounds (distances from the default-seed initialisation). */
    public static NetworkNorms norms(Model net, Dataset data) {
        return NetworkNorms.of(net, net.initialized(Defaults.SEED), data.features());
    }

    /**
     * radlab's default robust evaluation: the APGD suite (100 steps, 9 target classes) on {@code data} and IBP / CROWN /
     * ℓ2-Lipschitz certificates on its first {@code certify} samples — the bracket [certified, attacked].
     */
    public static radlab.certify.RobustBracket robust(Model net, Dataset data, String norm, double epsilon, int certify) {
        ThreatModel t = new ThreatModel(AttackNorm.parse(norm), epsilon);
        long t0 = System.nanoTime();
        var attacked = RobustEvaluator.evaluateDetailed(net, data, radlab.attack.AttackSuite.standard(t, Defaults.SEED));
        double seconds = (System.nanoTime() - t0) / 1e9;
        int n = Math.min(certify, data.size());
        var certs = n == 0 ? java.util.List.<radlab.certify.CertifiedAccuracy>of()
                : radlab.certify.Certifier.all(net, data.rows(java.util.stream.IntStream.range(0, n).toArray(), data.name()), t);
        return radlab.certify.RobustBracket.of(attacked.evidence(), seconds, null, Double.NaN, Double.NaN, certs);
    }

    /** The APGD suite's robust metrics under an ℓ2 or ℓ∞ ball (the default robust evaluation, without certificates). */
    public static RobustMetrics apgd(Model net, Dataset data, String norm, double epsilon) {
        return RobustEvaluator.evaluate(net, data, radlab.attack.AttackSuite.standard(new ThreatModel(AttackNorm.parse(norm), epsilon), Defaults.SEED));
    }

    /** PGD-20 robust metrics under an ℓ2 or ℓ∞ ball (weaker than {@link #apgd}; kept for comparison). */
    public static RobustMetrics pgd(Model net, Dataset data, String norm, double epsilon) {
        return RobustEvaluator.evaluate(net, data, Pgd.standard(new ThreatModel(AttackNorm.parse(norm), epsilon), Defaults.Cli.PGD_STEPS, Defaults.SEED));
    }

    /** Monte Carlo estimate of R̂_S(F) with {@code draws} seeded sign draws on both cores. */
    public static RademacherEstimate estimate(FunctionClass f, int draws) {
        return new RademacherEstimator(draws, Defaults.SEED, Runtime.getRuntime().availableProcessors(), 0.95).estimate(f);
    }

    /**
     * R̂_S of one loss class around a trained model (docs/theory.md §4.5): "ce", "ramp", "jacobian", "jacobian-sq",
     * "surrogate" or "robust", ℓ2 threat of radius ε, on n stratified rows of train; gaps between train and test.
     */
    public static radlab.rademacher.LossClassStudy.Result lossClass(Model net, Dataset train, Dataset test, String loss, double epsilon, int n, int draws) {
        return radlab.rademacher.LossClassStudy.run(net, radlab.data.Splits.subsample(train, n, 1), train, test, new radlab.rademacher.LossClassStudy.Settings(n, draws, 2, 20, 0.1,
                new radlab.attack.ThreatModel(radlab.attack.AttackNorm.L2, epsilon), 1.0, 10, 1, 1, 0),
                java.util.List.of(radlab.rademacher.LossTerm.Kind.parse(loss)), s -> { });
    }

    /**
     * The three-level picture for one model (issue #17): R̂_S of several loss classes around it ("ce", "ramp",
     * "jacobian", "jacobian-sq", "surrogate", "robust"; ℓ2 threat of radius ε) on n training rows, each with the
     * registry's formula at the model's norms, and the model's measured gaps. {@code restarts} × {@code steps} is the
     * sign-fitting budget per draw (the study's quick default is 2 × 20).
     */
    public static radlab.rademacher.LossClassStudy.Result lossClasses(Model net, Dataset train, Dataset test, java.util.List<String> losses,
                                                                      double epsilon, int n, int draws, int restarts, int steps) {
        var kinds = losses.stream().map(radlab.rademacher.LossTerm.Kind::parse).toList();
        return radlab.rademacher.LossClassStudy.run(net, radlab.data.Splits.subsample(train, n, 1), train, test,
                new radlab.rademacher.LossClassStudy.Settings(n, draws, restarts, steps, 0.1,
                        new radlab.attack.ThreatModel(radlab.attack.AttackNorm.L2, epsilon), 1.0, 10, 1, 1, 0), kinds, s -> { });
    }

    /** Renders a chart as an image, which IJava/JJava (and radlab's kernel) display inline: {@code display(Lab.image(chart))}. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** A histogram of one or more samples over common bins (e.g. per-sample ‖J‖_F for two networks). */
    public static CategoryChart histogram(String title, String xTitle, Map<String, double[]> samples, int bins) {
        double lo = samples.values().stream().flatMapToDouble(java.util.Arrays::stream).min().orElse(0);
        double hi = samples.values().stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(1);
        double width = (hi - lo) / bins;
        CategoryChart c = new CategoryChartBuilder().width(800).height(450).title(title).xAxisTitle(xTitle).yAxisTitle("samples").build();
        c.getStyler().setOverlapped(true);
        c.getStyler().setXAxisLabelRotation(45);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setXAxisDecimalPattern("0.##");
        double[] centers = new double[bins];
        for (int b = 0; b < bins; b++) centers[b] = lo + (b + 0.5) * width;
        for (Map.Entry<String, double[]> e : samples.entrySet()) {
            double[] counts = new double[bins];
            for (double v : e.getValue()) counts[Math.min(bins - 1, (int) ((v - lo) / (width == 0 ? 1 : width)))]++;
            c.addSeries(e.getKey(), centers, counts);
        }
        return c;
    }

    /** Features of a sample as a double matrix (for closed-form Rademacher classes). */
    public static INDArray features(Dataset d) {
        return d.features().castTo(DataType.DOUBLE);
    }
}
