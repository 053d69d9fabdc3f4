package radlab.certify;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Element-wise bounds lower ≤ v ≤ upper on a layer's values, one row per sample (n × width, double precision). */
public record Interval(INDArray lower, INDArray upper) {
    public INDArray center() {
        return lower.add(upper).muli(0.5);
    }

    public INDArray radius() {
        return upper.sub(lower).muli(0.5);
    }

    /** The element-wise tighter of two sound intervals for the same values. */
    public Interval intersect(Interval o) {
        return new Interval(Transforms.max(lower, o.lower, true), Transforms.min(upper, o.upper, true));
    }
}
