package radlab.verify;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.List;

/**
 * The triangle ("Planet") LP relaxation of a ReLU network over an input box (Ehlers 2017, ATVA, "Formal verification
 * of piece-wise linear feed-forward neural networks", §3), solved with OR-Tools' GLOP. Variables: the input x in the
 * box; per hidden layer k the pre-activations z_k ∈ [l_k, u_k] and the activations a_k ∈ [relu(l_k), relu(u_k)].
 * Constraints per layer and neuron i:
 * <pre>
 *   z_{k,i} = W_k[i]·a_{k−1} + b_k[i]                  (a_0 = x)
 *   a_{k,i} ≥ z_{k,i}
 *   a_{k,i} − s_{k,i}·z_{k,i} ≤ t_{k,i}                (s, t) = (u/(u−l), −u·l/(u−l)) if l &lt; 0 &lt; u (the chord),
 *                                                      (1, 0) if l ≥ 0 (with a ≥ z: a = z), (0, 0) if u ≤ 0 (a = 0)
 * </pre>
 * With a_{k,i} ≥ 0 from its bounds, an unstable neuron's feasible (z, a) is the triangle, the convex hull of ReLU on
 * [l, u]; a stable one is encoded exactly. A branch-and-bound split is a change of bounds only: "active" sets l = 0,
 * so z ≥ 0 and a = z, "inactive" sets u = 0, so z ≤ 0 and a = 0 ({@link #setBounds}).
 *
 * <p>The value reported for a minimisation is not GLOP's objective but a bound that is sound whatever the solver's
 * tolerances: for any multipliers y of the rows with the right signs (y ≥ 0 on a row's active lower side, y ≤ 0 on its
 * upper side, free for equalities), c·v ≥ Σ_r y_r·b_r + Σ_i min_{v_i ∈ [lo_i, hi_i]} (c − Aᵀy)_i·v_i for every feasible v,
 * because every variable is boxed. Taking y from GLOP's duals makes it equal to the LP optimum up to rounding
 * (Neumaier &amp; Shcherbina 2004, Math. Program. 99, "Safe bounds in linear and mixed-integer linear programming").
 * The model is built once per sample; domains only change bounds and the triangle rows' coefficients.
 *
 * <p>Over an ℓ2 ball ∩ box ({@link InputSet}) the LP's x ranges over the enclosing box, and the ball enters through
 * the bounds: the first layer's pre-activation bounds are the ball's ({@link NeuronBounds#ibp}), and in the sound bound
 * the input variables' term Σ_i min r_i·x_i is replaced by the set's dual bound of min r_x·x over the ball ∩ box, which
 * holds for any multipliers y. (Cutting planes for the ball made GLOP report infeasible LPs around x₀ itself, so the
 * LP stays on the box.)
 */
final class LpRelaxation implements AutoCloseable {
    /** A row lb ≤ Σ coef·v ≤ ub, mirrored here for the safe bound. */
    private static final class Row {
        final int[] idx;
        final double[] coef;
        double lb, ub;
        final MPConstraint c;

        Row(int[] idx, double[] coef, double lb, double ub, MPConstraint c) {
            this.idx = idx;
            this.coef = coef;
            this.lb = lb;
            this.ub = ub;
            this.c = c;
        }
    }

    /**
     * Outcome of one minimisation: a sound lower bound, the LP's input point (null if none) and the input variables'
     * reduced costs r_x (null if no point).
     */
    record Solution(boolean infeasible, double bound, double[] x, double[] inputCost) {}


    private final ReluNetwork net;
    private final InputSet set;
    private final MPSolver solver;
    private final MPVariable[] vars;
    private final double[] lo, hi;
    private final int[] zOff, aOff;
    private final List<Row> rows = new ArrayList<>();
    private final Row[][] triangle;   // per hidden layer and neuron: a − s·z ≤ t (coef[1] is −s)

    LpRelaxation(ReluNetwork net, InputSet set, NeuronBounds bounds) {
        this.net = net;
        this.set = set;
        this.solver = OrTools.solver("GLOP");
        int d = net.inputDim(), h = net.hidden();
        zOff = new int[h];
        aOff = new int[h];
        int n = d;
        for (int k = 0; k < h; k++) {
            zOff[k] = n;
            aOff[k] = n + net.width(k + 1);
            n += 2 * net.width(k + 1);
        }
        vars = new MPVariable[n];
        lo = new double[n];
        hi = new double[n];
        for (int i = 0; i < d; i++) vars[i] = solver.makeNumVar(set.lower()[i], set.upper()[i], "x" + i);
        System.arraycopy(set.lower(), 0, lo, 0, d);
        System.arraycopy(set.upper(), 0, hi, 0, d);
        triangle = new Row[h][];
        for (int k = 0; k < h; k++) {
            int width = net.width(k + 1), prev = k == 0 ? 0 : aOff[k - 1], prevWidth = k == 0 ? d : net.width(k);
            for (int i = 0; i < width; i++) {
                vars[zOff[k] + i] = solver.makeNumVar(-1, 1, "z" + k + "_" + i);
                vars[aOff[k] + i] = solver.makeNumVar(0, 1, "a" + k + "_" + i);
            }
            triangle[k] = new Row[width];
            for (int i = 0; i < width; i++) {
                int[] idx = new int[prevWidth + 1];
                double[] coef = new double[prevWidth + 1];
                idx[0] = zOff[k] + i;
                coef[0] = 1;
                for (int j = 0; j < prevWidth; j++) {
                    idx[j + 1] = prev + j;
                    coef[j + 1] = -net.w[k][i][j];
                }
                addRow(idx, coef, net.b[k][i], net.b[k][i]);
                addRow(new int[] {aOff[k] + i, zOff[k] + i}, new double[] {1, -1}, 0, Double.POSITIVE_INFINITY);
                triangle[k][i] = addRow(new int[] {aOff[k] + i, zOff[k] + i}, new double[] {1, 0}, Double.NEGATIVE_INFINITY, 0);
            }
        }
        setBounds(bounds);
    }

    private Row addRow(int[] idx, double[] coef, double lb, double ub) {
        MPConstraint c = solver.makeConstraint(lb, ub);
        for (int j = 0; j < idx.length; j++) if (coef[j] != 0) c.setCoefficient(vars[idx[j]], coef[j]);
        Row r = new Row(idx, coef, lb, ub, c);
        rows.add(r);
        return r;
    }

    /** Installs a domain's pre-activation bounds (the caller has checked l ≤ u everywhere). */
    void setBounds(NeuronBounds nb) {
        for (int k = 0; k < zOff.length; k++) {
            for (int i = 0; i < nb.lower[k].length; i++) {
                double l = nb.lower[k][i], u = nb.upper[k][i];
                setVar(zOff[k] + i, l, u);
                setVar(aOff[k] + i, Math.max(l, 0), Math.max(u, 0));
                double s, t;
                if (l >= 0) {
                    s = 1;
                    t = 0;
                } else if (u <= 0) {
                    s = 0;
                    t = 0;
                } else {
                    s = u / (u - l);
                    t = -s * l;
                }
                Row r = triangle[k][i];
                if (r.coef[1] != -s) {
                    r.coef[1] = -s;
                    r.c.setCoefficient(vars[zOff[k] + i], -s);
                }
                if (r.ub != t) {
                    r.ub = t;
                    r.c.setBounds(Double.NEGATIVE_INFINITY, t);
                }
            }
        }
    }

    private void setVar(int v, double l, double u) {
        if (lo[v] == l && hi[v] == u) return;
        lo[v] = l;
        hi[v] = u;
        vars[v].setBounds(l, u);
    }

    /** Dense objective (over all variables) of the margin f_y − f_j, and its constant. */
    double[] marginObjective(int y, int j) {
        double[] c = new double[vars.length];
        double[] row = net.marginRow(y, j);
        int off = zOff.length == 0 ? 0 : aOff[zOff.length - 1];
        System.arraycopy(row, 0, c, off, row.length);
        return c;
    }

    /**
     * Minimises c·v + constant within {@code seconds}. The bound is sound even if GLOP stops early (then it is looser);
     * an infeasible LP reports bound +∞.
     */
    Solution minimize(double[] c, double constant, double seconds) {
        MPObjective obj = solver.objective();
        obj.clear();
        for (int v = 0; v < c.length; v++) if (c[v] != 0) obj.setCoefficient(vars[v], c[v]);
        obj.setMinimization();
        solver.setTimeLimit(Math.max(1, (long) Math.ceil(seconds * 1000)));
        MPSolver.ResultStatus st = solver.solve();
        if (st == MPSolver.ResultStatus.INFEASIBLE) return new Solution(true, Double.POSITIVE_INFINITY, null, null);
        boolean hasPoint = st == MPSolver.ResultStatus.OPTIMAL || st == MPSolver.ResultStatus.FEASIBLE;
        double[] r = c.clone();
        double bound = constant;
        for (Row row : rows) {
            double y = hasPoint ? row.c.dualValue() : 0;
            if (!Double.isFinite(y) || y > 0 && row.lb == Double.NEGATIVE_INFINITY || y < 0 && row.ub == Double.POSITIVE_INFINITY) y = 0;
            if (y == 0) continue;
            bound += y * (y > 0 ? row.lb : row.ub);
            for (int j = 0; j < row.idx.length; j++) r[row.idx[j]] -= y * row.coef[j];
        }
        int d = net.inputDim();
        double[] inputCost = java.util.Arrays.copyOf(r, d);
        // the inputs' term over the set itself (over a box: Σ min(r_i·lo_i, r_i·hi_i), as for every other variable)
        bound += set.minLinear(inputCost);
        for (int v = d; v < r.length; v++) bound += r[v] >= 0 ? r[v] * lo[v] : r[v] * hi[v];
        double[] x = null;
        if (hasPoint) {
            x = new double[d];
            for (int i = 0; i < x.length; i++) x[i] = vars[i].solutionValue();
        }
        return new Solution(false, bound, x, hasPoint ? inputCost : null);
    }

    /** GLOP's own optimum of the last solve (for tests: the safe bound must match it). */
    double solverObjective() {
        return solver.objective().value();
    }

    @Override
    public void close() {
        solver.delete();
    }
}
