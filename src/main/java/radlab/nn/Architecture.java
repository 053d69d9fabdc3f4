package radlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import radlab.nn.layer.Activation;
import radlab.nn.layer.ImageShape;

/**
 * A network architecture in radlab's grammar, with the input shape, number of classes and hidden activation:
 * <pre>
 *   mlp:W1,W2,…                 fully connected, hidden widths W1, W2, … ("mlp:" alone is a linear classifier)
 *   cnn:T1-T2-…                 tokens, left to right:
 *       c&lt;N&gt;k&lt;K&gt;[s&lt;S&gt;][p&lt;P&gt;]    convolution, N output channels, K×K kernel, stride S (1), zero padding P (0)
 *       p&lt;K&gt; | mp&lt;K&gt; | ap&lt;K&gt;      K×K max pooling (p, mp) or average pooling (ap), stride K
 *       d&lt;N&gt;                     dense layer of N units (the image is flattened before the first one)
 * </pre>
 * Every convolution and hidden dense layer is followed by the activation; the final dense layer to the classes
 * (logits) is added automatically. Example: {@code cnn:c32k5-p2-c64k5-p2-d128} on 1×28×28 MNIST.
 * Sizes are validated without allocating anything: widths and channels ≤ {@value #MAX_WIDTH}, kernels ≤
 * {@value #MAX_KERNEL}, at most {@value #MAX_PARAMETERS} parameters in all.
 */
public record Architecture(String spec, ImageShape input, int classes, Activation activation, List<Step> steps) {
    public static final int MAX_WIDTH = 1 << 16;
    public static final int MAX_KERNEL = 64;
    public static final long MAX_PARAMETERS = 50_000_000L;
    private static final Pattern CONV = Pattern.compile("c(\\d{1,6})k(\\d{1,3})(?:s(\\d{1,3}))?(?:p(\\d{1,3}))?");
    private static final Pattern POOL = Pattern.compile("(mp|ap|p)(\\d{1,3})");
    private static final Pattern DENSE = Pattern.compile("d(\\d{1,7})");

    /** One planned layer with its input and output shape (parameters are not allocated here). */
    public record Step(String kind, ImageShape in, ImageShape out, int units, int kernel, int stride, int padding) {
        long parameterCount() {
            return switch (kind) {
                case "conv" -> (long) out.channels() * in.channels() * kernel * kernel + out.channels();
                case "dense" -> (long) in.size() * units + units;
                default -> 0;
            };
        }
    }

    public Architecture {
        steps = List.copyOf(steps);
    }

    /** Parses {@code text} for inputs of shape {@code input} and {@code classes} outputs. */
    public static Architecture parse(String text, ImageShape input, int classes, Activation activation) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("architecture is empty; expected e.g. mlp:256,256 or cnn:c32k5-p2-d128");
        if (classes < 1 || classes > MAX_WIDTH) throw new IllegalArgumentException("number of classes must be in [1, " + MAX_WIDTH + "], got " + classes);
        String t = text.trim().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String kind = colon < 0 ? t : t.substring(0, colon), body = colon < 0 ? "" : t.substring(colon + 1).trim();
        List<Step> steps = new ArrayList<>();
        ImageShape shape = input;
        switch (kind) {
            case "mlp" -> {
                shape = new ImageShape(1, 1, input.size());
                if (!body.isEmpty()) {
                    for (String w : body.split(",", -1)) shape = dense(steps, shape, width(w.trim(), text));
                }
            }
            case "cnn" -> {
                if (body.isEmpty()) throw new IllegalArgumentException("architecture '" + text + "' has no layers after 'cnn:'");
                for (String tok : body.split("-", -1)) shape = cnnStep(steps, shape, tok.trim(), text);
            }
            default -> throw new IllegalArgumentException("architecture '" + text + "' must start with mlp: or cnn:");
        }
        dense(steps, shape, classes);
        Architecture a = new Architecture(kind + ":" + body, input, classes, activation, steps);
        if (a.parameterCount() > MAX_PARAMETERS) {
            throw new IllegalArgumentException(String.format("architecture '%s' on %s inputs has %d parameters, more than the limit %d",
                    text, input, a.parameterCount(), MAX_PARAMETERS));
        }
        return a;
    }

    /** The architecture of a fully connected {@link MlpSpec}. */
    public static Architecture of(MlpSpec spec) {
        int[] s = spec.layerSizes();
        StringBuilder b = new StringBuilder("mlp:");
        for (int i = 1; i < s.length - 1; i++) b.append(i > 1 ? "," : "").append(s[i]);
        return parse(b.toString(), new ImageShape(1, 1, s[0]), s[s.length - 1], spec.activation());
    }

    private static ImageShape cnnStep(List<Step> steps, ImageShape shape, String tok, String text) {
        Matcher m;
        if ((m = CONV.matcher(tok)).matches()) {
            requireImage(shape, tok, text);
            int n = width(m.group(1), text), k = kernel(m.group(2), text);
            int s = m.group(3) == null ? 1 : Integer.parseInt(m.group(3)), p = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            if (s < 1 || s > MAX_KERNEL || p >= k) throw new IllegalArgumentException("bad convolution '" + tok + "' in '" + text + "': need stride ≥ 1 and padding < kernel");
            ImageShape out = shape.window(n, k, s, p);
            steps.add(new Step("conv", shape, out, n, k, s, p));
            steps.add(new Step("activation", out, out, 0, 0, 0, 0));
            return out;
        }
        if ((m = POOL.matcher(tok)).matches()) {
            requireImage(shape, tok, text);
            int k = kernel(m.group(2), text);
            ImageShape out = shape.window(shape.channels(), k, k, 0);
            steps.add(new Step(m.group(1).equals("ap") ? "avg-pool" : "max-pool", shape, out, 0, k, k, 0));
            return out;
        }
        if ((m = DENSE.matcher(tok)).matches()) return dense(steps, shape, width(m.group(1), text));
        throw new IllegalArgumentException("unknown layer '" + tok + "' in architecture '" + text + "'; expected c<N>k<K>[s<S>][p<P>], p<K>, ap<K> or d<N>");
    }

    private static void requireImage(ImageShape shape, String tok, String text) {
        if (shape.height() == 1 && shape.width() == 1 && shape.channels() > 1) {
            throw new IllegalArgumentException("'" + tok + "' in '" + text + "' comes after a dense layer; convolutions and pooling must come first");
        }
    }

    /** Adds a dense layer (flattening first) and, unless it is the output layer, the activation. */
    private static ImageShape dense(List<Step> steps, ImageShape shape, int units) {
        ImageShape flat = new ImageShape(shape.size(), 1, 1);
        if (shape.height() != 1 || shape.width() != 1) steps.add(new Step("flatten", shape, flat, 0, 0, 0, 0));
        ImageShape out = new ImageShape(units, 1, 1);
        steps.add(new Step("dense", flat, out, units, 0, 0, 0));
        steps.add(new Step("activation", out, out, 0, 0, 0, 0));
        return out;
    }

    private static int width(String s, String text) {
        try {
            int w = Integer.parseInt(s);
            if (w >= 1 && w <= MAX_WIDTH) return w;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("layer width '" + s + "' in architecture '" + text + "' must be an integer in [1, " + MAX_WIDTH + "]");
    }

    private static int kernel(String s, String text) {
        int k = Integer.parseInt(s);
        if (k < 1 || k > MAX_KERNEL) throw new IllegalArgumentException("kernel size " + k + " in '" + text + "' must be in [1, " + MAX_KERNEL + "]");
        return k;
    }

    /** The planned layers, without the activation after the output layer. */
    @Override
    public List<Step> steps() {
        return steps.subList(0, steps.size() - 1);
    }

    public boolean isMlp() {
        return spec.startsWith("mlp:");
    }

    public int inputDim() {
        return input.size();
    }

    public long parameterCount() {
        return steps.stream().mapToLong(Step::parameterCount).sum();
    }

    /** Hidden widths of an MLP, e.g. [256, 256]. */
    public int[] hiddenWidths() {
        return steps().stream().filter(s -> s.kind().equals("dense")).mapToInt(Step::units).limit(Math.max(0, steps().stream().filter(s -> s.kind().equals("dense")).count() - 1)).toArray();
    }

    /** The {@link MlpSpec} of an MLP architecture. */
    public MlpSpec mlpSpec() {
        if (!isMlp()) throw new IllegalStateException(spec + " is not an MLP");
        return MlpSpec.of(inputDim(), hiddenWidths(), classes, activation);
    }

    /** e.g. "784-256-256-10 relu" for an MLP (as before), "cnn:c32k5-p2-d128 1×28×28→10 relu" for a CNN. */
    public String describe() {
        return isMlp() ? mlpSpec().describe() : spec + " " + input + "→" + classes + " " + activation;
    }

    @Override
    public String toString() {
        return describe();
    }
}
