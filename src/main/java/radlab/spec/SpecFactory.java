package radlab.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import radlab.attack.AdversarialObjective;
import radlab.attack.Apgd;
import radlab.attack.Attack;
import radlab.attack.AttackLoss;
import radlab.attack.AttackNorm;
import radlab.attack.AttackSuite;
import radlab.attack.Fgsm;
import radlab.attack.Pgd;
import radlab.attack.Square;
import radlab.attack.ThreatModel;
import radlab.attack.TradesObjective;
import radlab.jacobian.InputGradientObjective;
import radlab.norms.SpectralObjective;
import radlab.data.DataException;
import radlab.data.DataSplit;
import radlab.data.Dataset;
import radlab.data.MnistLoader;
import radlab.data.Splits;
import radlab.jacobian.JacobianRegularizedObjective;
import radlab.jacobian.JacobianRegularizer;
import radlab.nn.Model;
import radlab.nn.Network;
import radlab.nn.layer.ImageShape;
import radlab.train.CrossEntropyObjective;
import radlab.train.Objective;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;

/**
 * The one place where specifications become objects: data split, network, objective, training configuration and
 * attacks. {@code radlab train}, {@code radlab rerun}, the sweep's points and {@link radlab.notebook.Lab} all build
 * through here, so the same spec always means the same run.
 */
public final class SpecFactory {
    private SpecFactory() {}

    public static TrainConfig trainConfig(ExperimentSpec s) {
        var o = s.optimizer();
        OptimizerConfig opt = o.kind().equals("adam") ? OptimizerConfig.adam(o.learningRate()) : OptimizerConfig.sgd(o.learningRate(), o.momentum());
        return new TrainConfig(o.epochs(), o.batchSize(), opt, o.weightDecay(), o.augmentShift(), s.seed());
    }

    public static Objective objective(ExperimentSpec s) {
        ObjectiveSpec o = s.objective();
        if (o instanceof ObjectiveSpec.JacobianL2 j) return new JacobianRegularizedObjective(JacobianRegularizer.L2, j.lambda(), j.projections(), s.seed());
        if (o instanceof ObjectiveSpec.JacobianL1 j) return JacobianRegularizedObjective.exact(JacobianRegularizer.L1, j.lambda());
        if (o instanceof ObjectiveSpec.Adversarial a) {
            return new AdversarialObjective(new Pgd(new ThreatModel(AttackNorm.parse(a.norm()), a.epsilon()), a.steps(), a.effectiveStepSize(), true, s.seed()));
        }
        if (o instanceof ObjectiveSpec.Trades t) {
            return new TradesObjective(new ThreatModel(AttackNorm.parse(t.norm()), t.epsilon()), t.steps(), t.effectiveStepSize(), t.beta(), s.seed());
        }
        if (o instanceof ObjectiveSpec.InputGradient g) return new InputGradientObjective(g.lambda());
        if (o instanceof ObjectiveSpec.Spectral sp) return new SpectralObjective(sp.lambda(), sp.bound());
        return new CrossEntropyObjective();
    }

    public static DataType dataType(ModelSpec m) {
        return m.precision().equals("double") ? DataType.DOUBLE : DataType.FLOAT;
    }

    /** The initial network for inputs like {@code train}'s (square single-channel images when d = s²), seeded by the spec. */
    public static Model network(ExperimentSpec s, Dataset train) {
        return Network.initialize(s.model().architecture(ImageShape.squareOrFlat(train.inputDim()), train.numClasses()), s.seed(),
                dataType(s.model()));
    }

    /** Reads the split a data spec describes. */
    public static DataSplit data(DataSpec d) {
        return data(d, MnistLoader::shippedSubset, MnistLoader::fromDirectory);
    }

    /**
     * The one spec → data path ({@code train}, {@code rerun}, every sweep point): the shipped digits split by
     * {@link Splits#stratified}, or a directory's own train/test split subsampled by {@link #select}. The readers let a
     * caller that serves many specs (the sweep) read each source once.
     *
     * @param shipped   the 10,000 shipped digits
     * @param directory reads a directory of the four IDX files under a dataset name
     */
    public static DataSplit data(DataSpec d, Supplier<Dataset> shipped, BiFunction<Path, String, DataSplit> directory) {
        if (d.dir() == null && d.dataset().equals("mnist")) {
            return Splits.stratified(shipped.get(), d.trainSize(), d.testSize(), d.splitSeed());
        }
        return select(d, directory.apply(directory(d), d.dataset()));
    }

    /**
     * The directory a spec reads ({@code dir}, else Debian's Fashion-MNIST), checked to exist: a one-line error naming
     * the fix, before any work. Null for the shipped digits.
     */
    public static Path directory(DataSpec d) {
        if (d.dir() == null && d.dataset().equals("mnist")) return null;
        Path dir = d.dir() != null ? Path.of(d.dir()) : MnistLoader.DEBIAN_FASHION_MNIST;
        if (d.dir() == null && !Files.isDirectory(dir)) {
            throw new DataException(dir + ": missing; install Debian's dataset-fashion-mnist package or pass --data DIR");
        }
        return dir;
    }

    /**
     * The subsample of a directory's full split that {@code d} describes: stratified subsamples of {@code trainSize}
     * (seed splitSeed) and {@code testSize} (seed splitSeed + 1); a size equal to the directory's takes all of it.
     */
    public static DataSplit select(DataSpec d, DataSplit full) {
        String where = d.dir() != null ? d.dir() : MnistLoader.DEBIAN_FASHION_MNIST.toString();
        if (d.trainSize() > full.train().size()) {
            throw new IllegalArgumentException("data.trainSize " + d.trainSize() + " exceeds the " + full.train().size() + " training images in " + where);
        }
        if (d.testSize() > full.test().size()) {
            throw new IllegalArgumentException("data.testSize " + d.testSize() + " exceeds the " + full.test().size() + " test images in " + where);
        }
        return new DataSplit(Splits.subsample(full.train(), d.trainSize(), d.splitSeed()), Splits.subsample(full.test(), d.testSize(), d.splitSeed() + 1));
    }

    /** The evaluation attack an attack spec describes (its constructors validate the settings). */
    public static Attack attack(AttackSpec a) {
        ThreatModel t = new ThreatModel(AttackNorm.parse(a.norm()), a.epsilon());
        return switch (a.attack()) {
            case "fgsm" -> new Fgsm(t);
            case "pgd" -> pgd(a, t);
            case "apgd" -> {
                new Apgd(t, AttackLoss.DLR_TARGETED, a.steps(), a.restarts(), a.targets(), a.seed()); // validates all settings
                yield new AttackSuite(t, a.steps(), a.restarts(), a.targets(), a.seed());
            }
            case "apgd-ce" -> new Apgd(t, AttackLoss.CE, a.steps(), a.restarts(), a.targets(), a.seed());
            case "apgd-dlr" -> new Apgd(t, AttackLoss.DLR, a.steps(), a.restarts(), a.targets(), a.seed());
            case "apgd-t" -> new Apgd(t, AttackLoss.DLR_TARGETED, a.steps(), a.restarts(), a.targets(), a.seed());
            case "square" -> new Square(t, a.queries(), a.pInit(), a.restarts(), a.seed());
            default -> {
                List<String> stages = AttackSuite.parseStages(a.attack()); // a stage list (AttackSpec admits no other)
                new Apgd(t, AttackLoss.DLR_TARGETED, a.steps(), a.restarts(), a.targets(), a.seed()); // validates the APGD settings
                if (stages.contains("square")) new Square(t, a.queries(), a.pInit(), a.restarts(), a.seed());
                yield new AttackSuite(t, stages, a.steps(), a.restarts(), a.targets(), a.queries(), a.pInit(), a.seed());
            }
        };
    }

    /** PGD with the spec's step size (2.5·ε/steps when absent). */
    public static Pgd pgd(AttackSpec a, ThreatModel t) {
        double alpha = Double.isNaN(a.stepSize()) ? Pgd.defaultStepSize(t.epsilon(), a.steps()) : a.stepSize();
        return new Pgd(t, a.steps(), alpha, a.randomStart(), a.seed());
    }
}
