package radlab.norms;

import radlab.nn.layer.Conv2d;

/** The explicit Toeplitz matrix of {@link SpectralBoundsTest} for tests in other packages. */
public final class SpectralBoundsTestAccess {
    private SpectralBoundsTestAccess() {}

    public static double[][] toeplitz(Conv2d conv) {
        return SpectralBoundsTest.toeplitz(conv);
    }
}
