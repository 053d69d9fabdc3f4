package radlab.verify;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import java.time.Duration;
import radlab.attack.ThreatModel;
import radlab.nn.Model;

/**
 * Exact verification of a ReLU MLP by mixed-integer linear programming (Tjeng, Xiao &amp; Tedrake 2019, ICLR,
 * "Evaluating robustness of neural networks with mixed integer programming", §4.1, eq. 5), solved by CBC (SCIP if
 * CBC is missing; CBC took a third of SCIP's time on the tests' small networks) through OR-Tools. Variables: x in the ℓ∞ ball ∩ [0,1]^d; per hidden neuron z (pre-activation) and
 * a (activation) with z = W·a_prev + b; with IBP bounds l ≤ z ≤ u ({@link NeuronBounds#ibp}):
 * <pre>
 *   u ≤ 0:       a = 0
 *   l ≥ 0:       a = z
 *   l &lt; 0 &lt; u:   a ≥ 0, a ≥ z, a ≤ u·δ, a ≤ z − l·(1 − δ), δ ∈ {0, 1}
 * </pre>
 * which is exactly a = relu(z) on [l, u] (δ = 1: a = z ≥ 0; δ = 0: a = 0 ≥ z). For each class j ≠ y it minimises
 * f_y − f_j; the sample is certified iff every minimum is &gt; 0, and a minimiser with a negative margin (re-checked in
 * float64) is a counterexample. Exact up to the solver's tolerances (feasibility and integrality 1e-6, gap 1e-9 here): the
 * reference the branch-and-bound verifier is tested against, practical for small networks only.
 */
public final class MilpVerifier {
    static final double MIP_GAP = 1e-9;

    private MilpVerifier() {}

    /**
     * The exact minimum over the region of f_y − f_j for the minimising class j.
     *
     * @param value     the best margin found (a point attains it), min over j
     * @param bestBound the solver's proved lower bound of the minimum, min over j
     * @param minimizer the input attaining {@code value}, projected onto the region
     * @param optimal   whether every class's MILP was solved to optimality
     */
    public record Minimum(double value, double bestBound, double[] minimizer, int targetClass, boolean optimal) {
        public Minimum {
            minimizer = minimizer == null ? null : minimizer.clone();
        }

        @Override
        public double[] minimizer() {
            return minimizer == null ? null : minimizer.clone();
        }
    }

    /** The exact minimum margin of a ReLU model over the ℓ∞ ball of radius ε around x, intersected with [0,1]^d. */
    public static Minimum minimumMargin(Model model, double[] x, int y, double epsilon, Duration budget) {
        return minimumMargin(ReluNetwork.of(model), InputSet.linf(x, epsilon), y, deadline(budget), false);
    }

    /**
     * The verdict on one sample.
     *
     * @throws IllegalArgumentException if the budget is not positive
     */
    public static Verdict verify(Model model, double[] x, int y, ThreatModel threat, Duration budget) {
        long t0 = System.nanoTime(), deadline = deadline(budget);
        String why = Applicability.milpReason(model, threat);
        if (why != null) return Verdict.notApplicable(why, 0);
        ReluNetwork net = ReluNetwork.of(model);
        InputSet box = InputSet.linf(x, threat.epsilon());
        Minimum m = minimumMargin(net, box, y, deadline, true);
        double s = (System.nanoTime() - t0) / 1e9;
        int calls = net.classes() - 1;
        if (m.minimizer() != null) {
            double margin = net.minMargin(m.minimizer(), y);
            if (margin < 0) return new Verdict(Outcome.COUNTEREXAMPLE, m.minimizer(), margin, Math.min(m.bestBound(), margin), calls, s, null);
        }
        if (m.optimal() && m.bestBound() > 0) return new Verdict(Outcome.CERTIFIED, null, Double.NaN, m.bestBound(), calls, s, null);
        return new Verdict(Outcome.UNDECIDED, null, Double.NaN, m.bestBound(), calls, s,
                m.optimal() ? "minimum margin " + m.value() + " within the solver's tolerance of 0" : Verdict.OUT_OF_TIME);
    }

    static long deadline(Duration budget) {
        if (budget == null || budget.isNegative() || budget.isZero()) throw new IllegalArgumentException("time budget per sample must be > 0, got " + budget);
        return System.nanoTime() + Math.min(budget.toNanos(), Long.MAX_VALUE / 4);
    }

    /** @param stopAtCounterexample stop after the first class whose minimiser has a float64 margin &lt; 0 */
    static Minimum minimumMargin(ReluNetwork net, InputSet box, int y, long deadline, boolean stopAtCounterexample) {
        NeuronBounds nb = NeuronBounds.ibp(net, box);
        MPSolver s = OrTools.solver("CBC", "SCIP");
        try {
            int d = net.inputDim();
            MPVariable[] x = new MPVariable[d];
            for (int i = 0; i < d; i++) x[i] = s.makeNumVar(box.lower()[i], box.upper()[i], "x" + i);
            MPVariable[] prev = x;
            for (int k = 0; k < net.hidden(); k++) {
                int width = net.width(k + 1);
                MPVariable[] a = new MPVariable[width];
                for (int i = 0; i < width; i++) {
                    double l = nb.lower[k][i], u = nb.upper[k][i];
                    MPVariable z = s.makeNumVar(l, u, "z" + k + "_" + i);
                    MPConstraint def = s.makeConstraint(net.b[k][i], net.b[k][i]);
                    def.setCoefficient(z, 1);
                    for (int j = 0; j < prev.length; j++) if (net.w[k][i][j] != 0) def.setCoefficient(prev[j], -net.w[k][i][j]);
                    if (u <= 0) {
                        a[i] = s.makeNumVar(0, 0, "a" + k + "_" + i);
                    } else if (l >= 0) {
                        a[i] = s.makeNumVar(l, u, "a" + k + "_" + i);
                        row(s, 0, 0, a[i], 1, z, -1);                               // a = z
                    } else {
                        a[i] = s.makeNumVar(0, u, "a" + k + "_" + i);
                        MPVariable delta = s.makeIntVar(0, 1, "d" + k + "_" + i);
                        row(s, 0, Double.POSITIVE_INFINITY, a[i], 1, z, -1);         // a ≥ z
                        row(s, Double.NEGATIVE_INFINITY, 0, a[i], 1, delta, -u);     // a ≤ u·δ
                        MPConstraint c = s.makeConstraint(Double.NEGATIVE_INFINITY, -l); // a − z − l·δ ≤ −l
                        c.setCoefficient(a[i], 1);
                        c.setCoefficient(z, -1);
                        c.setCoefficient(delta, -l);
                    }
                }
                prev = a;
            }
            MPSolverParameters p = new MPSolverParameters();
            p.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, MIP_GAP);
            double value = Double.POSITIVE_INFINITY, bound = Double.POSITIVE_INFINITY;
            double[] arg = null;
            int target = -1;
            boolean optimal = true;
            for (int j = 0; j < net.classes(); j++) {
                if (j == y) continue;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    optimal = false;
                    bound = Double.NEGATIVE_INFINITY;
                    break;
                }
                MPObjective obj = s.objective();
                obj.clear();
                double[] c = net.marginRow(y, j);
                for (int i = 0; i < c.length; i++) if (c[i] != 0) obj.setCoefficient(prev[i], c[i]);
                obj.setOffset(net.marginConstant(y, j));
                obj.setMinimization();
                s.setTimeLimit(Math.max(1, left / 1_000_000));
                MPSolver.ResultStatus st = s.solve(p);
                if (st != MPSolver.ResultStatus.OPTIMAL) optimal = false;
                if (st == MPSolver.ResultStatus.OPTIMAL || st == MPSolver.ResultStatus.FEASIBLE) {
                    bound = Math.min(bound, st == MPSolver.ResultStatus.OPTIMAL ? obj.bestBound() : Math.min(obj.bestBound(), obj.value()));
                    if (obj.value() < value) {
                        value = obj.value();
                        target = j;
                        arg = new double[d];
                        for (int i = 0; i < d; i++) arg[i] = x[i].solutionValue();
                        arg = box.project(arg);
                    }
                    if (stopAtCounterexample && arg != null && target == j && net.minMargin(arg, y) < 0) {
                        bound = Double.NEGATIVE_INFINITY;   // the classes not solved have no bound
                        optimal = false;
                        break;
                    }
                } else {
                    bound = Double.NEGATIVE_INFINITY;
                }
            }
            return new Minimum(value, bound, arg, target, optimal);
        } finally {
            s.delete();
        }
    }

    private static void row(MPSolver s, double lb, double ub, MPVariable v1, double c1, MPVariable v2, double c2) {
        MPConstraint c = s.makeConstraint(lb, ub);
        c.setCoefficient(v1, c1);
        c.setCoefficient(v2, c2);
    }
}
