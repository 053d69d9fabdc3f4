package radlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ActivationLayer;
import radlab.nn.layer.Conv2d;
import radlab.nn.layer.Dense;
import radlab.nn.layer.Flatten;
import radlab.nn.layer.Layer;
import radlab.nn.layer.Pool2d;
import radlab.util.Gaussian;

/** A {@link Model} built from a sequence of layers, e.g. a convolutional network; {@link Mlp} is the fully connected case. */
public class Network implements Model {
    private final Architecture architecture;
    private final List<Layer> layers;

    protected Network(Architecture architecture, List<Layer> layers) {
        this.architecture = architecture;
        this.layers = List.copyOf(layers);
        DataType type = null;
        for (Layer l : layers) {
            for (INDArray p : l.parameters()) {
                if (type == null) type = p.dataType();
                else if (p.dataType() != type) throw new IllegalArgumentException("parameters mix " + type + " and " + p.dataType());
            }
        }
        for (int j = 1; j < layers.size(); j++) {
            if (layers.get(j).inputSize() != layers.get(j - 1).outputSize()) {
                throw new IllegalArgumentException(layers.get(j - 1).describe() + " does not feed " + layers.get(j).describe());
            }
        }
    }

    /** A network of {@code architecture} with the given parameter arrays (in {@link Model#parameters()} order). */
    public static Network of(Architecture architecture, List<INDArray> params) {
        if (architecture.isMlp()) {
            List<INDArray> ws = new ArrayList<>(), bs = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) (i % 2 == 0 ? ws : bs).add(params.get(i));
            return new Mlp(architecture.mlpSpec(), ws, bs);
        }
        List<Layer> ls = new ArrayList<>();
        int next = 0;
        for (Architecture.Step s : architecture.steps()) {
            switch (s.kind()) {
                case "conv" -> ls.add(new Conv2d(s.in(), s.kernel(), s.stride(), s.padding(), params.get(next++), params.get(next++)));
                case "dense" -> ls.add(new Dense(params.get(next++), params.get(next++)));
                case "activation" -> ls.add(new ActivationLayer(architecture.activation(), s.out().size()));
                case "max-pool" -> ls.add(new Pool2d(Pool2d.Kind.MAX, s.in(), s.kernel()));
                case "avg-pool" -> ls.add(new Pool2d(Pool2d.Kind.AVERAGE, s.in(), s.kernel()));
                case "flatten" -> ls.add(new Flatten(s.in()));
                default -> throw new IllegalStateException(s.kind());
            }
        }
        if (next != params.size()) throw new IllegalArgumentException(architecture.spec() + " needs " + next + " parameter arrays, got " + params.size());
        return new Network(architecture, ls);
    }

    /** The parameter shapes of {@code architecture}, in order, without allocating them. */
    public static List<long[]> parameterShapes(Architecture architecture) {
        List<long[]> shapes = new ArrayList<>();
        for (Architecture.Step s : architecture.steps()) {
            if (s.kind().equals("conv")) {
                shapes.add(new long[] {s.out().channels(), s.in().channels(), s.kernel(), s.kernel()});
                shapes.add(new long[] {1, s.out().channels()});
            } else if (s.kind().equals("dense")) {
                shapes.add(new long[] {s.in().size(), s.units()});
                shapes.add(new long[] {1, s.units()});
            }
        }
        return shapes;
    }

    /**
     * Seeded random initialisation: He-normal (variance 2/fan_in) for ReLU, LeCun-normal (1/fan_in) for smooth
     * activations, zero biases, drawn from a {@link SplittableRandom} (not ND4J's global RNG). An MLP gets exactly
     * the weights of {@link Mlp#initialize}.
     */
    public static Network initialize(Architecture architecture, long seed, DataType type) {
        if (architecture.isMlp()) return Mlp.initialize(architecture.mlpSpec(), seed, type);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<INDArray> params = new ArrayList<>();
        List<long[]> shapes = parameterShapes(architecture);
        for (int i = 0; i < shapes.size(); i += 2) {
            long[] w = shapes.get(i);
            long fanIn = w.length == 4 ? w[1] * w[2] * w[3] : w[0];
            double std = Math.sqrt((architecture.activation() == Activation.RELU ? 2.0 : 1.0) / fanIn);
            double[] v = new double[(int) Arrays.stream(w).reduce(1, (a, b) -> a * b)];
            for (int k = 0; k < v.length; k++) v[k] = std * Gaussian.next(rnd);
            params.add(Nd4j.create(v, w, DataType.DOUBLE).castTo(type));
            params.add(Nd4j.zeros(type, shapes.get(i + 1)));
        }
        return of(architecture, params);
    }

    @Override
    public Architecture architecture() {
        return architecture;
    }

    @Override
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public DataType dataType() {
        return parameters().get(0).dataType();
    }

    @Override
    public Network copy(DataType type) {
        return of(architecture, parameters().stream().map(p -> p.castTo(type).dup()).toList());
    }

    @Override
    public Network copy() {
        return copy(dataType());
    }

    @Override
    public INDArray prepareInput(INDArray x) {
        if (x.rank() != 2 || x.columns() != inputDim()) {
            throw new IllegalArgumentException(String.format("input has shape %s but the model %s expects n×%d",
                    Arrays.toString(x.shape()), describe(), inputDim()));
        }
        return x.dataType() == dataType() ? x : x.castTo(dataType());
    }

    @Override
    public ForwardPass forward(INDArray x) {
        INDArray[] values = new INDArray[layers.size() + 1];
        values[0] = prepareInput(x);
        for (int j = 0; j < layers.size(); j++) values[j + 1] = layers.get(j).forward(values[j]);
        return new ForwardPass(this, values);
    }

    @Override
    public Gradients backward(ForwardPass fp, INDArray dLogits, INDArray[] extraGrads, boolean inputGrad) {
        int n = layers.size();
        List<List<INDArray>> perLayer = new ArrayList<>(java.util.Collections.nCopies(n, List.of()));
        INDArray delta = dLogits;
        for (int j = n - 1; j >= 0; j--) {
            if (extraGrads != null && extraGrads[j + 1] != null) delta = delta.add(extraGrads[j + 1]);
            Layer l = layers.get(j);
            perLayer.set(j, l.parameterGradients(fp.value(j), delta));
            if (j > 0 || inputGrad) delta = inputVjp(fp, j, delta);
        }
        if (inputGrad && extraGrads != null && extraGrads[0] != null) delta = delta.add(extraGrads[0]);
        List<INDArray> grads = new ArrayList<>();
        for (List<INDArray> g : perLayer) grads.addAll(g);
        return new Gradients(grads, inputGrad ? delta : null);
    }

    @Override
    public String toString() {
        return String.format("Network[%s, %d parameters, %s]", describe(), parameterCount(), dataType());
    }
}
