package radlab.data;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random translation of square images by up to {@code maxShift} pixels in each direction (zero fill), the classic
 * MNIST augmentation. Off by default: it changes the training distribution, which matters when measuring
 * generalization gaps, so reports record it.
 *
 * <p>Written as a plain loop over a float[] because it is data preparation on a minibatch (about 50k copies), far
 * cheaper than the matmuls it feeds, and ND4J has no batched per-example shift op.
 */
public final class ShiftAugmentation {
    private final int maxShift;

    public ShiftAugmentation(int maxShift) {
        if (maxShift < 0) throw new IllegalArgumentException("maximum shift must be ≥ 0 pixels, got " + maxShift);
        this.maxShift = maxShift;
    }

    /**
     * Checks that shifts up to {@code maxShift} leave part of a square image of {@code pixels} pixels: a shift of a whole
     * side or more would train on blank images (and overran the row copy).
     */
    public static void requireFits(int maxShift, int pixels) {
        int side = (int) Math.round(Math.sqrt(pixels));
        if (maxShift > 0 && side * side != pixels) throw new IllegalArgumentException("shift augmentation needs square images, got " + pixels + " pixels");
        if (maxShift >= side) throw new IllegalArgumentException("--augment-shift " + maxShift + " must be less than the image side " + side);
    }

    public int maxShift() {
        return maxShift;
    }

    /** A shifted copy of the batch (n × side²); returns the batch itself when maxShift is 0. */
    public INDArray apply(INDArray batch, Random rnd) {
        if (maxShift == 0) return batch;
        int n = (int) batch.rows(), d = (int) batch.columns();
        int side = (int) Math.round(Math.sqrt(d));
        requireFits(maxShift, d);
        float[] in = batch.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] out = new float[in.length];
        for (int i = 0; i < n; i++) {
            int dx = rnd.nextInt(2 * maxShift + 1) - maxShift, dy = rnd.nextInt(2 * maxShift + 1) - maxShift;
            int base = i * d;
            for (int r = Math.max(0, dy); r < Math.min(side, side + dy); r++) {
                int srcRow = r - dy;
                int c0 = Math.max(0, dx), c1 = Math.min(side, side + dx);
                System.arraycopy(in, base + srcRow * side + c0 - dx, out, base + r * side + c0, c1 - c0);
            }
        }
        return Nd4j.create(out, new long[] {n, d}, DataType.FLOAT).castTo(batch.dataType());
    }
}
