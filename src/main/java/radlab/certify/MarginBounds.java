package radlab.certify;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Certified lower bounds of the margins f_y(x') − f_j(x') over a sample's region, by IBP and by CROWN.
 *
 * <p>IBP (Gowal et al. 2018; Mirman et al. 2018): intervals pushed forward layer by layer, the first layer bounded
 * directly over the region. CROWN (Zhang et al. 2018, NeurIPS): for each layer, the objective is propagated backward
 * to the input through the linear relaxations of the activations and minimised over the region; the intermediate
 * pre-activation bounds the relaxations need are computed the same way (then intersected with IBP's, which keeps them
 * sound and never looser).
 */
final class MarginBounds {
    private MarginBounds() {}

    /** n × K lower bounds of f_y − f_j by IBP (column y is 0). */
    static INDArray ibp(BoundedNetwork net, InputRegion region) {
        Interval cur = null;
        for (int i = 0; i < net.hidden.size(); i++) {
            BoundedModule m = net.hidden.get(i);
            cur = i == 0 ? region.linearImage(((BoundedLinear) m).w(), ((BoundedLinear) m).b()) : m.interval(cur);
        }
        return net.margin.interval(cur == null ? region.box() : cur).lower();
    }

    /** n × K lower bounds of f_y − f_j by CROWN (column y is 0). */
    static INDArray crown(BoundedNetwork net, InputRegion region) {
        return crown(net, region, inputBounds(net, region));
    }

    /** CROWN's final backward pass from the margin spec, given {@link #inputBounds}. */
    static INDArray crown(BoundedNetwork net, InputRegion region, Interval[] inputBounds) {
        BoundedModule.Step start = net.margin.objective();
        return lowerThrough(net, region, start.a(), start.bias(), net.hidden.size() - 1, inputBounds);
    }

    /**
     * Bounds of the input of every hidden module i (entry i; entry 0 is the input box): after a linear layer CROWN's
     * backward bound intersected with IBP's (the first one exactly the region's linear image), after an activation its
     * interval image. A network without hidden modules gets just the box.
     */
    static Interval[] inputBounds(BoundedNetwork net, InputRegion region) {
        int layers = net.hidden.size();
        Interval[] inputBounds = new Interval[Math.max(layers, 1)]; // bounds of the input of hidden module i (a linear model has none)
        inputBounds[0] = region.box();
        for (int i = 0; i < layers; i++) {
            BoundedModule m = net.hidden.get(i);
            if (m instanceof BoundedLinear lin) {
                Interval ibp = i == 0 ? region.linearImage(lin.w(), lin.b()) : lin.interval(inputBounds[i]);
                inputBounds[i + 1] = i == 0 ? ibp : backwardBounds(net, region, lin.identityObjective(region.center().rows()), i, inputBounds).intersect(ibp);
            } else if (i + 1 < layers) {
                inputBounds[i + 1] = m.interval(inputBounds[i]);
            }
        }
        return inputBounds;
    }

    /** Lower and upper bounds of the objective "outputs of hidden module {@code at}" (a linear layer) over the region. */
    private static Interval backwardBounds(BoundedNetwork net, InputRegion region, BoundedModule.Step objective, int at, Interval[] inputBounds) {
        // both ends in one pass: lower bounds of [Λ; −Λ]
        INDArray a = Nd4j.concat(1, objective.a(), objective.a().neg());
        INDArray c = Nd4j.concat(1, objective.bias(), objective.bias().neg());
        INDArray low = lowerThrough(net, region, a, c, at - 1, inputBounds);
        long w = objective.a().size(1);
        INDArray lower = low.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, w)).dup();
        INDArray upper = low.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(w, 2 * w)).neg();
        return new Interval(lower, upper);
    }

    /**
     * Propagates the objective Λ·v + c, v the output of hidden module {@code from}, backward to the input and
     * minimises it over the region.
     */
    private static INDArray lowerThrough(BoundedNetwork net, InputRegion region, INDArray a, INDArray c, int from, Interval[] inputBounds) {
        INDArray coeff = a, constant = c;
        for (int i = from; i >= 0; i--) {
            BoundedModule.Step s = net.hidden.get(i).backward(coeff, inputBounds[i]);
            if (coeff != a && coeff.closeable()) coeff.close();   // tensors of n × m × width: free them now, not at GC time
            coeff = s.a();
            constant = constant.add(s.bias());
        }
        INDArray out = region.lowerBound(coeff, constant);
        if (coeff != a && coeff.closeable()) coeff.close();
        return out;
    }
}
