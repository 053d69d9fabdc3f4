package radlab.attack;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.util.Broadcasts;

/** Batched steps and projections for ℓ2 / ℓ∞ attacks; every operation acts on all rows at once. */
final class Perturbations {
    private static final double TINY = 1e-12;

    private Perturbations() {}

    /** The steepest-ascent direction of unit norm for a gradient: sign(g) (ℓ∞) or g/‖g‖₂ (ℓ2), row-wise. */
    static INDArray ascentDirection(INDArray grad, AttackNorm norm) {
        if (norm == AttackNorm.LINF) return Transforms.sign(grad, true);
        INDArray n = grad.norm2(1).reshape(grad.rows(), 1).addi(TINY);
        return Broadcasts.diviColumn(grad.dup(), n);
    }

    /** {@link #ascentDirection} computed in the gradient's own buffer (the caller owns it and no longer needs it). */
    static INDArray ascentDirectionInPlace(INDArray grad, AttackNorm norm) {
        if (norm == AttackNorm.LINF) return Transforms.sign(grad, false);
        INDArray n = grad.norm2(1).reshape(grad.rows(), 1).addi(TINY);
        return Broadcasts.diviColumn(grad, n);
    }

    /**
     * {@link #projectedPoint} computed in {@code candidate}'s buffer (overwritten and returned): the same operations in
     * the same order, without the three n×d temporaries per call.
     */
    static INDArray projectedPointInPlace(INDArray x, INDArray candidate, ThreatModel t) {
        INDArray delta = candidate.subi(x);
        double eps = t.epsilon();
        if (t.norm() == AttackNorm.LINF) {
            Transforms.min(Transforms.max(delta, -eps, false), eps, false);
        } else {
            INDArray norms = delta.norm2(1).reshape(delta.rows(), 1);
            Broadcasts.muliColumn(delta, Transforms.min(norms.addi(TINY).rdivi(eps), 1.0, false));
        }
        return Transforms.min(Transforms.max(delta.addi(x), 0.0, false), 1.0, false); // δ + x = x + δ exactly
    }

    /** Projects each row of δ onto the ε-ball. */
    static INDArray projectToBall(INDArray delta, ThreatModel t) {
        double eps = t.epsilon();
        if (t.norm() == AttackNorm.LINF) return Transforms.min(Transforms.max(delta, -eps, true), eps, false);
        INDArray norms = delta.norm2(1).reshape(delta.rows(), 1);
        INDArray factor = Transforms.min(norms.addi(TINY).rdivi(eps), 1.0, false);
        return Broadcasts.muliColumn(delta.dup(), factor);
    }

    /** Clips to the input box [0,1]. */
    static INDArray clipToBox(INDArray x) {
        return Transforms.min(Transforms.max(x, 0.0, true), 1.0, false);
    }

    /** x + δ projected onto the ball around x and then the box; the result stays in both. */
    static INDArray projectedPoint(INDArray x, INDArray candidate, ThreatModel t) {
        return clipToBox(x.add(projectToBall(candidate.sub(x), t)));
    }

    /** Uniform random points in the ε-ball (ℓ∞: uniform cube; ℓ2: uniform direction, radius ε·U^{1/d}). */
    static INDArray randomInBall(long rows, long d, ThreatModel t, SplittableRandom rnd, DataType type) {
        double eps = t.epsilon();
        double[] v = new double[(int) (rows * d)];
        if (t.norm() == AttackNorm.LINF) {
            for (int i = 0; i < v.length; i++) v[i] = eps * (2 * rnd.nextDouble() - 1);
        } else {
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double z = radlab.util.Gaussian.next(rnd);
                    v[(int) (r * d + j)] = z;
                    s += z * z;
                }
                double radius = eps * Math.pow(rnd.nextDouble(), 1.0 / d) / Math.sqrt(s);
                for (int j = 0; j < d; j++) v[(int) (r * d + j)] *= radius;
            }
        }
        return Nd4j.create(v, new long[] {rows, d}, DataType.DOUBLE).castTo(type);
    }

    /**
     * APGD's random start (fra31/auto-attack, autopgd_base.py): ε·t/‖t‖ with t uniform in [−1,1]^d for ℓ∞ (‖·‖_∞
     * normalisation, so one coordinate sits on the boundary) or standard normal for ℓ2 (a uniform point of the sphere).
     */
    static INDArray randomOnSphere(long rows, long d, ThreatModel t, SplittableRandom rnd, DataType type) {
        double[] v = new double[(int) (rows * d)];
        boolean linf = t.norm() == AttackNorm.LINF;
        for (int i = 0; i < v.length; i++) v[i] = linf ? 2 * rnd.nextDouble() - 1 : radlab.util.Gaussian.next(rnd);
        INDArray m = Nd4j.create(v, new long[] {rows, d}, DataType.DOUBLE);
        INDArray norms = (linf ? m.amax(1) : m.norm2(1)).reshape(rows, 1).addi(TINY);
        return Broadcasts.diviColumn(m, norms).muli(t.epsilon()).castTo(type);
    }
}
