package radlab.nn.layer;

/** Channels × height × width of one image, the NCHW layout of a flat row. */
public record ImageShape(int channels, int height, int width) {
    public ImageShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "×" + height + "×" + width);
        }
    }

    /** 1×s×s when d = s² (MNIST-like images), else 1×1×d. */
    public static ImageShape squareOrFlat(int d) {
        int s = (int) Math.round(Math.sqrt(d));
        return s * s == d ? new ImageShape(1, s, s) : new ImageShape(1, 1, d);
    }

    public int size() {
        return channels * height * width;
    }

    /** Output shape of a window op with kernel k, stride s, padding p and {@code outChannels} channels. */
    public ImageShape window(int outChannels, int k, int s, int p) {
        int oh = (height + 2 * p - k) / s + 1, ow = (width + 2 * p - k) / s + 1;
        if (height + 2 * p < k || width + 2 * p < k) {
            throw new IllegalArgumentException("a " + k + "×" + k + " window does not fit a " + this + " input with padding " + p);
        }
        return new ImageShape(outChannels, oh, ow);
    }

    @Override
    public String toString() {
        return channels + "×" + height + "×" + width;
    }
}
