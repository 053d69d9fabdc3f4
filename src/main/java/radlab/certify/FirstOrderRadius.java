package radlab.certify;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.attack.AttackNorm;
import radlab.data.Dataset;
import radlab.jacobian.InputJacobians;
import radlab.nn.Model;

/**
 * First-order estimate of a sample's minimal adversarial radius: the distance, in the threat model's norm, from x to
 * the nearest decision boundary of the logits linearised at x,
 *
 * <pre>  r̂(x) = min_{j≠y} (z_y(x) − z_j(x)) / ‖∇ₓz_y(x) − ∇ₓz_j(x)‖_*</pre>
 *
 * with ‖·‖_* the dual norm (ℓ2 for an ℓ2 threat, ℓ1 for ℓ∞). This is DeepFool's step to the linearised boundary
 * (Moosavi-Dezfooli, Fawzi &amp; Frossard 2016, CVPR, "DeepFool", §3, with its extension to ℓp norms),
 * taken once; Hein &amp; Andriushchenko (2017, NeurIPS, "Formal guarantees on the robustness of a classifier against
 * adversarial manipulation", Thm 2.1) turn it into a certificate by taking the gradient norm's maximum over the ball,
 * which this estimate does not: it is exact for a linear model away from the box [0,1]^d, and neither a lower nor an
 * upper bound otherwise. The input box is ignored. Conventions: a class with zero gradient difference gives +∞ if
 * z_y &gt; z_j, −∞ if z_y &lt; z_j and 0 on a tie; a misclassified sample gets a value ≤ 0.
 */
public final class FirstOrderRadius {
    /** Samples per Jacobian batch (n × K × d doubles: 6 MB for MNIST). */
    static final int BATCH = 100;

    private FirstOrderRadius() {}

    /** r̂ per sample of {@code data}, computed in double precision from the exact input Jacobians ({@link InputJacobians}). */
    public static double[] estimates(Model model, Dataset data, AttackNorm norm) {
        Model dbl = model.dataType() == DataType.DOUBLE ? model : model.copy(DataType.DOUBLE);
        int n = data.size(), k = dbl.outputDim(), d = dbl.inputDim();
        double[] out = new double[n];
        for (int start = 0; start < n; start += BATCH) {
            int end = Math.min(n, start + BATCH);
            INDArray x = radlab.data.Batches.rows(data.features(), start, end).castTo(DataType.DOUBLE);
            double[] z = dbl.logits(x).dup('c').reshape((long) (end - start) * k).toDoubleVector();
            INDArray j = InputJacobians.compute(dbl, x);   // c order, owns its buffer: read, then freed now
            double[] jac = j.data().asDouble();
            j.close();
            for (int i = 0; i < end - start; i++) out[start + i] = estimate(z, jac, i, data.label(start + i), k, d, norm);
        }
        return out;
    }

    /** The formula for row i of logits z (n·K, row-major) and Jacobians jac (n·K·d, row-major). */
    private static double estimate(double[] z, double[] jac, int i, int y, int k, int d, AttackNorm norm) {
        double best = Double.POSITIVE_INFINITY;
        int ry = (i * k + y) * d;
        for (int j = 0; j < k; j++) {
            if (j == y) continue;
            int rj = (i * k + j) * d;
            double dual = 0;
            for (int p = 0; p < d; p++) {
                double g = jac[ry + p] - jac[rj + p];
                dual += norm == AttackNorm.L2 ? g * g : Math.abs(g);
            }
            if (norm == AttackNorm.L2) dual = Math.sqrt(dual);
            double gap = z[i * k + y] - z[i * k + j];
            double r = dual > 0 ? gap / dual : gap > 0 ? Double.POSITIVE_INFINITY : gap < 0 ? Double.NEGATIVE_INFINITY : 0;
            best = Math.min(best, r);
        }
        return best;
    }
}
