package radlab.certify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.attack.Attack;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.data.Dataset;
import radlab.nn.Model;
import radlab.train.Evaluator;

/**
 * Per sample, the bracket [certified radius, adversarial radius] around the minimal adversarial radius, by bisection on
 * ε ∈ [0, maxEpsilon] until the interval is at most {@code tolerance} wide, plus the first-order estimate
 * ({@link FirstOrderRadius}). Regions are the threat model's ε-ball ∩ [0,1]^d throughout.
 *
 * <ul>
 *   <li>Certified: the union ("best") of the chosen certificates — certified at ε if any method's lower bound of
 *       min_{j≠y} (f_y − f_j) over the region is &gt; 0 (cheapest first: Lipschitz, IBP, CROWN, α-CROWN). Bisection
 *       keeps lo certified and hi not; the result is lo (maxEpsilon if certified there). It is a proof whatever the
 *       certificates' behaviour in ε, since certified at lo covers every smaller ball; it is the certifier's largest
 *       radius within {@code tolerance} when certification is monotone in ε.</li>
 *   <li>Adversarial: the attack is run at ε and its point x' counts only if the model in double precision misclassifies
 *       it (min_{j≠y} (f_y − f_j)(x') ≤ 0, the negation of what a certificate proves); the radius is the smallest
 *       ‖x' − x‖ (float64, the threat's norm) of such points. Bisection from lo = the certified radius and hi = the
 *       first point's distance at maxEpsilon: a success sets hi to its distance, a failure sets lo = ε. +∞ when the
 *       attack finds nothing at maxEpsilon. An upper bound of the minimal radius by construction; how close it is
 *       depends on the attack.</li>
 * </ul>
 * A misclassified sample gets 0 and 0. Soundness is checked per sample by {@link RadiusBracket} (certified &gt; 0
 * requires adversarial &gt; certified).
 */
public final class RadiusSearch {
    /** Bisection steps beyond ⌈log2(maxEpsilon/tolerance)⌉ before a search stops anyway (an attack can return a point farther than ε). */
    private static final int EXTRA_STEPS = 8;
    /** Estimated bytes of α-CROWN's bound tensors after which the collector is asked to free ND4J buffers ({@link Certifier#releaseGarbage}). */
    static final long GARBAGE_BYTES = 4 * Certifier.TENSOR_BYTES;

    /**
     * @param norm       the threat model's norm
     * @param maxEpsilon the largest ε searched (finite, &gt; 0)
     * @param tolerance  the bisection stops when hi − lo ≤ tolerance (&gt; 0, &lt; maxEpsilon)
     * @param methods    the certificates whose union certifies (at least one; those that do not apply to the threat or
     *                   the model are left out)
     */
    public record Settings(AttackNorm norm, double maxEpsilon, double tolerance, List<Certifier.Method> methods) {
        public Settings {
            if (norm == null) throw new IllegalArgumentException("radius search norm is required");
            if (!(maxEpsilon > 0) || Double.isInfinite(maxEpsilon)) throw new IllegalArgumentException("maximum ε must be finite and > 0, got " + maxEpsilon);
            if (!(tolerance > 0 && tolerance < maxEpsilon)) {
                throw new IllegalArgumentException("bisection tolerance must be > 0 and < the maximum ε " + maxEpsilon + ", got " + tolerance);
            }
            if (methods == null || methods.isEmpty()) throw new IllegalArgumentException("radius search needs at least one certificate");
            methods = List.copyOf(methods);
            if (methods.stream().distinct().count() != methods.size()) throw new IllegalArgumentException("certificate named twice: " + methods);
        }

        /** Every certificate radlab has: IBP, CROWN, α-CROWN and (ℓ2) the Lipschitz margin. */
        public static Settings best(AttackNorm norm, double maxEpsilon, double tolerance) {
            return new Settings(norm, maxEpsilon, tolerance, List.of(Certifier.Method.values()));
        }

        /** Bisection steps that take [0, maxEpsilon] to width ≤ tolerance. */
        int steps() {
            return (int) Math.ceil(Math.log(maxEpsilon / tolerance) / Math.log(2));
        }
    }

    private final Settings settings;
    private final Function<ThreatModel, Attack> attack;

    /** @param attack the attack at a given threat model (e.g. ε ↦ APGD-CE at ε); called once per bisection step */
    public RadiusSearch(Settings settings, Function<ThreatModel, Attack> attack) {
        if (settings == null || attack == null) throw new IllegalArgumentException("settings and attack are required");
        this.settings = settings;
        this.attack = attack;
    }

    public Settings settings() {
        return settings;
    }

    /** The attack's description at the maximum ε. */
    public String describeAttack() {
        return attack.apply(new ThreatModel(settings.norm(), settings.maxEpsilon())).describe();
    }

    /** One bracket per sample of {@code data}, in row order. */
    public List<RadiusBracket> measure(Model model, Dataset data) {
        Model dbl = model.copy(DataType.DOUBLE);
        ThreatModel any = new ThreatModel(settings.norm(), settings.maxEpsilon());
        List<Certifier.Method> methods = settings.methods().stream().filter(m -> m.applies(any) && m.applies(model))
                .sorted(Comparator.comparingInt(RadiusSearch::cost)).toList();
        double lipschitz = Double.NaN;
        if (methods.contains(Certifier.Method.LIPSCHITZ)) {
            try {
                lipschitz = LipschitzMargin.lipschitzConstant(dbl);
            } catch (IllegalArgumentException | ArithmeticException e) {
                methods = methods.stream().filter(m -> m != Certifier.Method.LIPSCHITZ).toList(); // no sound constant: the others stand
            }
        }
        double[] margins = Evaluator.margins(dbl, data);
        double[] estimates = FirstOrderRadius.estimates(dbl, data, settings.norm());
        long garbage = 0, perCall = boundBytes(model);
        List<RadiusBracket> out = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            Dataset one = data.rows(new int[] {i}, data.name() + "-" + i);
            double certified = 0, adversarial = 0;
            if (margins[i] > 0) {
                Sample s = new Sample(model, dbl, one, methods, lipschitz);
                certified = s.certifiedRadius();
                adversarial = s.adversarialRadius(certified);
                garbage += s.boundCalls * perCall;
            }
            out.add(new RadiusBracket(i, data.label(i), certified, adversarial, estimates[i]));
            if (garbage > GARBAGE_BYTES) {
                Certifier.releaseGarbage();
                garbage = 0;
            }
        }
        return List.copyOf(out);
    }

    /** Order in which the certificates are tried: the cheapest first, so most ε are decided by the cheap ones. */
    private static int cost(Certifier.Method m) {
        return switch (m) {
            case LIPSCHITZ -> 0;
            case IBP -> 1;
            case CROWN -> 2;
            case ALPHA_CROWN -> 3;
        };
    }

    /** A rough size of the tensors one bound computation leaves behind: CROWN's coefficients, 2·width × d doubles per layer. */
    private static long boundBytes(Model model) {
        long width = 1;
        for (radlab.nn.layer.Layer l : model.layers()) if (l instanceof radlab.nn.layer.Dense d) width = Math.max(width, d.outputSize());
        return 2 * width * model.inputDim() * Double.BYTES * model.layers().size();
    }

    /** The two bisections of one correctly classified sample. */
    private final class Sample {
        private final Model model, dbl;
        private final Dataset one;
        private final List<Certifier.Method> methods;
        private final double lipschitz;
        private final BoundedNetwork bounded;
        int boundCalls;

        Sample(Model model, Model dbl, Dataset one, List<Certifier.Method> methods, double lipschitz) {
            this.model = model;
            this.dbl = dbl;
            this.one = one;
            this.methods = methods;
            this.lipschitz = lipschitz;
            this.bounded = methods.stream().anyMatch(m -> m != Certifier.Method.LIPSCHITZ) ? new BoundedNetwork(dbl, one.labels()) : null;
        }

        double certifiedRadius() {
            double lo = 0, hi = settings.maxEpsilon();
            if (certified(hi)) return hi;
            for (int step = 0; hi - lo > settings.tolerance() && step < settings.steps() + EXTRA_STEPS; step++) {
                double mid = 0.5 * (lo + hi);
                if (certified(mid)) lo = mid;
                else hi = mid;
            }
            return lo;
        }

        /** Whether the union of the certificates proves the sample robust on the ε-ball ∩ [0,1]^d. */
        private boolean certified(double epsilon) {
            ThreatModel t = new ThreatModel(settings.norm(), epsilon);
            for (Certifier.Method m : methods) {
                double bound;
                if (m == Certifier.Method.LIPSCHITZ) {
                    bound = LipschitzMargin.marginLowerBounds(dbl, one, epsilon, lipschitz)[0];
                } else {
                    if (m == Certifier.Method.ALPHA_CROWN) boundCalls++;   // fresh arrays, left to the collector (see the loop over samples)
                    bound = Certifier.inReusedMemory(m, () -> Certifier.minOverOtherClasses(Certifier.marginBounds(bounded, one.features(), t, m,
                            AlphaCrown.Settings.DEFAULT), one.labels()))[0];
                }
                if (bound > 0) return true;
            }
            return false;
        }

        double adversarialRadius(double certified) {
            double first = distanceOfAdversarial(settings.maxEpsilon());
            if (Double.isInfinite(first)) return first;
            double lo = certified, hi = first;
            for (int step = 0; hi - lo > settings.tolerance() && step < settings.steps() + EXTRA_STEPS; step++) {
                double mid = 0.5 * (lo + hi);
                double d = distanceOfAdversarial(mid);
                if (Double.isFinite(d)) hi = Math.min(hi, d);
                else lo = mid;
            }
            return hi;
        }

        /** ‖x' − x‖ of the attack's point at ε if the model in double precision misclassifies it, else +∞. */
        private double distanceOfAdversarial(double epsilon) {
            INDArray x = one.features();
            INDArray adv = attack.apply(new ThreatModel(settings.norm(), epsilon)).perturb(model, x, one.labels());
            Dataset at = new Dataset(one.name() + "-adversarial", adv.castTo(DataType.DOUBLE), one.labels(), one.numClasses());
            if (Evaluator.margins(dbl, at)[0] > 0) return Double.POSITIVE_INFINITY;
            INDArray delta = adv.castTo(DataType.DOUBLE).subi(x.castTo(DataType.DOUBLE));
            return settings.norm() == AttackNorm.L2 ? delta.norm2Number().doubleValue() : delta.amaxNumber().doubleValue();
        }
    }
}
