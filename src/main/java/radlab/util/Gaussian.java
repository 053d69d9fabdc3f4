package radlab.util;

import java.util.SplittableRandom;

/**
 * Standard normal draws from an explicit {@link SplittableRandom} (Box–Muller), so every random quantity in radlab
 * comes from a seed passed in, never from a global generator. Written by hand because {@code SplittableRandom} has no
 * {@code nextGaussian()} on Java 17.
 */
public final class Gaussian {
    private Gaussian() {}

    public static double next(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble(), u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
