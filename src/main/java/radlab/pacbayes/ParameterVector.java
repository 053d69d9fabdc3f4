package radlab.pacbayes;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import radlab.nn.Model;

/** All of a model's parameters as one flat vector, in {@link Model#parameters()} order, each array in 'c' order. */
final class ParameterVector {
    private ParameterVector() {}

    /** A new flat copy of the arrays. */
    static INDArray flatten(List<INDArray> arrays) {
        return Nd4j.toFlattened('c', arrays);
    }

    /** Writes {@code flat} into the model's live parameter arrays. */
    static void assign(Model model, INDArray flat) {
        long offset = 0;
        for (INDArray p : model.parameters()) {
            long len = p.length();
            p.assign(flat.get(NDArrayIndex.interval(offset, offset + len)).reshape('c', p.shape()));
            offset += len;
        }
        if (offset != flat.length()) throw new IllegalArgumentException("flat vector has " + flat.length() + " entries, model " + offset);
    }
}
