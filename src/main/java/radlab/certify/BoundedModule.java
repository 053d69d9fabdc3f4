package radlab.certify;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of a network as bound propagation sees it (auto_LiRPA's "bounded module"): its interval image (IBP) and
 * its backward linear relaxation (CROWN). New layer types (convolution, pooling) plug in by implementing this.
 */
interface BoundedModule {
    /** Bounds of the layer's output given bounds of its input (interval bound propagation). */
    Interval interval(Interval input);

    /**
     * CROWN's backward step: a lower bound Λ·out + c of a linear objective of the layer's output, given as the
     * coefficient tensor {@code a} (n × m × out), becomes a lower bound Λ'·in + c' of its input.
     *
     * @param input bounds of the layer's input (used by non-linear layers to choose their relaxation)
     * @return Λ' (n × m × in) and the constant added to c (n × m)
     */
    Step backward(INDArray a, Interval input);

    record Step(INDArray a, INDArray bias) {}
}
