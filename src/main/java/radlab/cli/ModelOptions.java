package radlab.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Option;
import radlab.nn.Activation;
import radlab.nn.Architecture;
import radlab.nn.layer.ImageShape;
import radlab.train.OptimizerConfig;
import radlab.train.TrainConfig;

/** Architecture and training hyper-parameters of {@code radlab train}. */
public final class ModelOptions {
    @Option(names = "--arch", paramLabel = "SPEC", description = {
            "Architecture (default: mlp:256,256). mlp:W1,W2,… is fully connected; cnn:T1-T2-… is convolutional with tokens",
            "c<N>k<K>[s<S>][p<P>] (N channels, K×K kernel, stride S, zero padding P), p<K> or mp<K> (K×K max pooling),",
            "ap<K> (average pooling) and d<N> (dense, N units), e.g. cnn:c32k5-p2-c64k5-p2-d128. The activation follows every",
            "convolution and hidden dense layer; the output layer is added. Images are taken as 1×s×s when d = s²."})
    String arch;

    @Option(names = "--hidden", split = ",", paramLabel = "W1,W2,…",
            description = "Hidden layer widths, comma-separated: an alias of --arch mlp:W1,W2,… (e.g. 100 for one layer).")
    int[] hidden;

    @Option(names = "--activation", defaultValue = "relu", paramLabel = "NAME",
            description = "Hidden activation: relu, tanh or softplus (default: ${DEFAULT-VALUE}). The Jacobian-class theory needs a smooth one.")
    String activation;

    @Option(names = "--epochs", defaultValue = "10", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "adam or sgd (SGD with Nesterov momentum) (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum in [0,1) (default: ${DEFAULT-VALUE}; ignored by adam).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay on weight matrices (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--augment-shift", defaultValue = "0", paramLabel = "PIXELS",
            description = "Train on images randomly shifted by up to this many pixels (default: ${DEFAULT-VALUE} = off).")
    int augmentShift;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of weight initialisation and minibatch shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--precision", defaultValue = "float", paramLabel = "float|double",
            description = "Floating-point precision of weights and arithmetic (default: ${DEFAULT-VALUE}).")
    String precision;

    /** The architecture text: --arch, or mlp:… from --hidden, or the default mlp:256,256. */
    String archText() {
        if (arch != null && hidden != null) throw new IllegalArgumentException("give either --arch or --hidden (an alias of --arch mlp:…), not both");
        if (arch != null) return arch;
        int[] h = hidden != null ? hidden : new int[] {256, 256};
        return "mlp:" + java.util.Arrays.stream(h).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
    }

    /** The architecture for inputs of width {@code inputDim} (square single-channel images when d = s²) and {@code classes}. */
    Architecture architecture(int inputDim, int classes) {
        return Architecture.parse(archText(), ImageShape.squareOrFlat(inputDim), classes, Activation.parse(activation));
    }

    DataType dataType() {
        return switch (precision.trim().toLowerCase()) {
            case "float" -> DataType.FLOAT;
            case "double" -> DataType.DOUBLE;
            default -> throw new IllegalArgumentException("--precision must be float or double, got '" + precision + "'");
        };
    }

    TrainConfig trainConfig() {
        OptimizerConfig oc = switch (optimizer.trim().toLowerCase()) {
            case "adam" -> OptimizerConfig.adam(learningRate);
            case "sgd" -> OptimizerConfig.sgd(learningRate, momentum);
            default -> throw new IllegalArgumentException("unknown --optimizer '" + optimizer + "'; expected adam or sgd");
        };
        return new TrainConfig(epochs, batchSize, oc, weightDecay, augmentShift, seed);
    }

    /** Checks everything that can be checked before loading data. */
    void validate() {
        OptionErrors.named("--activation", () -> Activation.parse(activation));
        dataType();
        if (epochs <= 0) throw new IllegalArgumentException("--epochs: epochs must be positive, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("--batch-size: batch size must be positive, got " + batchSize);
        if (augmentShift < 0) throw new IllegalArgumentException("--augment-shift must be ≥ 0 pixels, got " + augmentShift);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("--weight-decay: weight decay must be a finite number ≥ 0, got " + weightDecay);
        }
        OptionErrors.named("--lr", () -> OptimizerConfig.adam(learningRate));
        OptionErrors.named("--momentum", () -> OptimizerConfig.sgd(1e-3, momentum));
        trainConfig();
        if (hidden != null) for (int h : hidden) if (h <= 0) throw new IllegalArgumentException("--hidden widths must be positive, got " + h);
        Architecture.parse(archText(), new ImageShape(1, 28, 28), 10, Activation.parse(activation)); // syntax, before loading data
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arch", archText());
        m.put("hidden", hidden);
        m.put("activation", activation);
        m.put("epochs", epochs);
        m.put("batchSize", batchSize);
        m.put("optimizer", optimizer);
        m.put("learningRate", learningRate);
        m.put("momentum", momentum);
        m.put("weightDecay", weightDecay);
        m.put("augmentShift", augmentShift);
        m.put("seed", seed);
        m.put("precision", precision);
        return m;
    }
}
