package radlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Test helper: a float array's raw bits in c order, so that bit-identity checks also tell −0 from +0 and NaN payloads apart. */
public final class FloatBits {
    private FloatBits() {}

    public static int[] of(INDArray a) {
        float[] v = a.dup('c').data().asFloat();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }
}
