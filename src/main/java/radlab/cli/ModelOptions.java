package radlab.cli;

import picocli.CommandLine.Option;
import radlab.nn.Architecture;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ImageShape;
import radlab.spec.Defaults;
import radlab.spec.ModelSpec;
import radlab.spec.OptimizerSpec;
import radlab.train.OptimizerConfig;

/** Architecture and training hyper-parameters of {@code radlab train}. */
public final class ModelOptions {
    @Option(names = "--arch", paramLabel = "SPEC", description = {
            "Architecture (default: " + Defaults.Cli.ARCH + "). mlp:W1,W2,… is fully connected; cnn:T1-T2-… is convolutional with tokens",
            "c<N>k<K>[s<S>][p<P>] (N channels, K×K kernel, stride S, zero padding P), p<K> or mp<K> (K×K max pooling),",
            "ap<K> (average pooling) and d<N> (dense, N units), e.g. cnn:c32k5-p2-c64k5-p2-d128. The activation follows every",
            "convolution and hidden dense layer; the output layer is added. Images are taken as 1×s×s when d = s²."})
    String arch;

    @Option(names = "--hidden", split = ",", paramLabel = "W1,W2,…",
            description = "Hidden layer widths, comma-separated: an alias of --arch mlp:W1,W2,… (e.g. 100 for one layer).")
    int[] hidden;

    @Option(names = "--activation", defaultValue = Defaults.ACTIVATION, paramLabel = "NAME",
            description = "Hidden activation: relu, tanh or softplus (default: ${DEFAULT-VALUE}). The Jacobian-class theory needs a smooth one.")
    String activation;

    @Option(names = "--epochs", defaultValue = "" + Defaults.Cli.EPOCHS, description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + Defaults.BATCH_SIZE, description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = Defaults.OPTIMIZER, paramLabel = "NAME",
            description = "adam or sgd (SGD with Nesterov momentum) (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "" + Defaults.LEARNING_RATE, description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "" + Defaults.Cli.SGD_MOMENTUM, description = "SGD momentum in [0,1) (default: ${DEFAULT-VALUE}; ignored by adam).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "" + Defaults.WEIGHT_DECAY, description = "L2 weight decay on weight matrices (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--augment-shift", defaultValue = "" + Defaults.AUGMENT_SHIFT, paramLabel = "PIXELS",
            description = "Train on images randomly shifted by up to this many pixels (default: ${DEFAULT-VALUE} = off).")
    int augmentShift;

    @Option(names = "--seed", defaultValue = "" + Defaults.SEED, description = "Seed of weight initialisation and minibatch shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--precision", defaultValue = Defaults.PRECISION, paramLabel = "float|double",
            description = "Floating-point precision of weights and arithmetic (default: ${DEFAULT-VALUE}).")
    String precision;

    /** The architecture text: --arch, or mlp:… from --hidden, or the default mlp:256,256. */
    String archText() {
        if (arch != null && hidden != null) throw new IllegalArgumentException("give either --arch or --hidden (an alias of --arch mlp:…), not both");
        if (arch != null) return arch;
        if (hidden == null) return Defaults.Cli.ARCH;
        return "mlp:" + java.util.Arrays.stream(hidden).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
    }

    /** The network as a spec (call {@link #validate} first for option-named errors). */
    ModelSpec modelSpec() {
        String p = precision.trim().toLowerCase();
        if (!ModelSpec.PRECISIONS.contains(p)) throw new IllegalArgumentException("--precision must be float or double, got '" + precision + "'");
        return OptionErrors.named("--arch", () -> new ModelSpec(archText(), activation.trim().toLowerCase(), p));
    }

    /** The optimizer as a spec; Adam has no momentum, so --momentum (an SGD setting) is recorded as 0 with Adam. */
    OptimizerSpec optimizerSpec() {
        String kind = optimizer.trim().toLowerCase();
        if (!kind.equals("adam") && !kind.equals("sgd")) throw new IllegalArgumentException("unknown --optimizer '" + optimizer + "'; expected adam or sgd");
        return new OptimizerSpec(kind, learningRate, kind.equals("sgd") ? momentum : 0, batchSize, epochs, weightDecay, augmentShift);
    }

    /** Checks everything that can be checked before loading data. */
    void validate() {
        OptionErrors.named("--activation", () -> Activation.parse(activation));
        if (epochs <= 0) throw new IllegalArgumentException("--epochs: epochs must be positive, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("--batch-size: batch size must be positive, got " + batchSize);
        if (augmentShift < 0) throw new IllegalArgumentException("--augment-shift must be ≥ 0 pixels, got " + augmentShift);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("--weight-decay: weight decay must be a finite number ≥ 0, got " + weightDecay);
        }
        OptionErrors.named("--lr", () -> OptimizerConfig.adam(learningRate));
        OptionErrors.named("--momentum", () -> OptimizerConfig.sgd(Defaults.LEARNING_RATE, momentum));
        optimizerSpec();
        if (hidden != null) for (int h : hidden) if (h <= 0) throw new IllegalArgumentException("--hidden widths must be positive, got " + h);
        Architecture.parse(archText(), new ImageShape(1, Defaults.IMAGE_SIDE, Defaults.IMAGE_SIDE), Defaults.CLASSES, Activation.parse(activation)); // syntax
        modelSpec();
    }
}
