package radlab.certify;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.nn.layer.Activation;

/**
 * Linear bounds α_L·z + β_L ≤ σ(z) ≤ α_U·z + β_U valid for z in [l, u], element-wise: the relaxations of CROWN
 * (Zhang et al. 2018, NeurIPS, "Efficient neural network robustness certification with general activation
 * functions", §3.2 and Table 1; the same cases as auto_LiRPA's BoundRelu / BoundTanh / BoundSoftplus).
 * <ul>
 *   <li>ReLU: stable neurons are exact; for l &lt; 0 &lt; u the upper bound is the chord u(z − l)/(u − l) and the lower
 *       bound z if u ≥ −l, else 0 (CROWN's adaptive choice, the smaller-area one).</li>
 *   <li>softplus (convex): chord above, tangent at the midpoint below.</li>
 *   <li>tanh (convex on z ≤ 0, concave on z ≥ 0): on a one-sided interval, chord on the convex side and the midpoint
 *       tangent on the other; across 0 the upper bound is the tangent at the d ∈ [0, u] whose tangent passes through
 *       (l, σ(l)) — found by bisection, keeping the end with the tangent above σ(l), so the line stays sound — or the
 *       chord when no such d ≤ u exists (then the chord lies above σ); the lower bound follows from tanh being odd.</li>
 * </ul>
 * All arrays are n × width in double precision; the masks pick the case per element, so no Java loop over neurons.
 */
public record ActivationRelaxation(INDArray lowerSlope, INDArray lowerIntercept, INDArray upperSlope, INDArray upperIntercept) {
    static final int BISECTION_STEPS = 50;
    private static final double MIN_WIDTH = 1e-12;

    public static ActivationRelaxation of(Activation act, INDArray l, INDArray u) {
        return switch (act) {
            case RELU -> relu(l, u);
            case SOFTPLUS -> convex(act, l, u);
            case TANH -> tanh(l, u);
        };
    }

    static ActivationRelaxation relu(INDArray l, INDArray u) {
        INDArray active = l.gte(0.0).castTo(l.dataType()), unstable = l.lt(0.0).castTo(l.dataType()).muli(u.gt(0.0).castTo(l.dataType()));
        INDArray chord = u.div(Transforms.max(u.sub(l), MIN_WIDTH, false)).muli(unstable);
        INDArray upperSlope = chord.add(active);
        INDArray upperIntercept = chord.mul(l).negi();
        INDArray lowerSlope = u.add(l).gte(0.0).castTo(l.dataType()).muli(unstable).addi(active);
        return new ActivationRelaxation(lowerSlope, l.ulike().assign(0), upperSlope, upperIntercept);
    }

    /** A convex σ: chord above, tangent at the midpoint below. */
    static ActivationRelaxation convex(Activation act, INDArray l, INDArray u) {
        Line chord = chord(act, l, u), tangent = tangent(act, l.add(u).muli(0.5));
        return new ActivationRelaxation(tangent.slope, tangent.intercept, chord.slope, chord.intercept);
    }

    static ActivationRelaxation tanh(INDArray l, INDArray u) {
        Line upper = tanhUpper(l, u);
        Line mirrored = tanhUpper(u.neg(), l.neg());         // upper line of tanh on [−u, −l]: a·z + b
        return new ActivationRelaxation(mirrored.slope, mirrored.intercept.neg(), upper.slope, upper.intercept);
    }

    /** The upper line of tanh on [l, u]. */
    private static Line tanhUpper(INDArray l, INDArray u) {
        Activation t = Activation.TANH;
        INDArray concave = l.gte(0.0).castTo(l.dataType());
        INDArray convex = u.lte(0.0).castTo(l.dataType()).muli(concave.rsub(1.0));   // l = u = 0 counts as concave
        INDArray across = concave.add(convex).rsubi(1.0);
        Line chord = chord(t, l, u), mid = tangent(t, l.add(u).muli(0.5));
        // across 0: h(d) = tangent_d(l) − σ(l) increases in d on [0, ∞); h(0) = l − tanh(l) < 0.
        INDArray lAcross = Transforms.min(l, 0.0, true), uAcross = Transforms.max(u, 0.0, true);
        INDArray chordOk = tangentGap(lAcross, uAcross).lte(0.0).castTo(l.dataType());   // h(u) ≤ 0: the chord lies above σ
        INDArray lo = l.ulike().assign(0), hi = uAcross.dup();
        for (int i = 0; i < BISECTION_STEPS; i++) {
            INDArray d = lo.add(hi).muli(0.5);
            INDArray above = tangentGap(lAcross, d).gte(0.0).castTo(l.dataType());
            hi = hi.mul(above.rsub(1.0)).addi(d.mul(above));
            lo = lo.mul(above).addi(d.mul(above.rsub(1.0)));
        }
        Line touching = tangent(t, hi);
        INDArray useChord = convex.add(across.mul(chordOk));   // convex side, or across with the chord valid
        INDArray useMid = concave;
        INDArray useTouch = across.mul(chordOk.rsub(1.0));
        return new Line(pick(useChord, chord.slope, useMid, mid.slope, useTouch, touching.slope),
                pick(useChord, chord.intercept, useMid, mid.intercept, useTouch, touching.intercept));
    }

    /** tangent_d(l) − tanh(l): ≥ 0 when the tangent at d passes above (l, tanh(l)). */
    private static INDArray tangentGap(INDArray l, INDArray d) {
        Line t = tangent(Activation.TANH, d);
        return t.slope.mul(l).addi(t.intercept).subi(Transforms.tanh(l, true));
    }

    private static INDArray pick(INDArray m1, INDArray v1, INDArray m2, INDArray v2, INDArray m3, INDArray v3) {
        return m1.mul(v1).addi(m2.mul(v2)).addi(m3.mul(v3));
    }

    private record Line(INDArray slope, INDArray intercept) {}

    private static Line chord(Activation act, INDArray l, INDArray u) {
        INDArray fl = act.apply(l.dup()), fu = act.apply(u.dup());
        INDArray slope = fu.sub(fl).divi(Transforms.max(u.sub(l), MIN_WIDTH, false));
        return new Line(slope, fl.sub(slope.mul(l)));
    }

    private static Line tangent(Activation act, INDArray d) {
        INDArray slope = act.derivative(d.dup());
        return new Line(slope, act.apply(d.dup()).subi(slope.mul(d)));
    }
}
