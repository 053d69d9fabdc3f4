package radlab.verify;

import java.util.PriorityQueue;

/**
 * Complete verification of one sample by branch and bound on ReLU splits, over an ℓ∞ or ℓ2 ball ∩ [0,1]^d (Bunel et al.
 * 2018, NeurIPS, "A unified view of piecewise linear neural network verification"; Bunel et al. 2020, JMLR 21, "Branch
 * and bound for piecewise linear neural network verification"), each subproblem bounded as in β-CROWN (Wang et al.
 * 2021, NeurIPS): bound propagation with the split constraints as Lagrangian terms, and the triangle LP
 * ({@link LpRelaxation}), in which the splits hold exactly, only where it is exact.
 *
 * <p>A domain is the region of inputs in the set whose split neurons have the chosen signs (z ≥ 0 "active", z ≤ 0
 * "inactive"). Each child's later layers get IBP bounds from the split, intersected with the parent's, then CROWN's
 * ({@link DomainCrown}: over the set itself, so under ℓ2 with the ball at every layer). Per domain and per class j ≠ y
 * still open, CROWN's lower bound of f_y − f_j, and where that is ≤ 0 the α-β-CROWN bound (slopes and split
 * multipliers optimised, {@link DomainCrown#crownThenOptimized}, warm-started from the parent domain's), bound the
 * domain; the latter's input point x* is re-checked in float64 as a counterexample. A class whose bound is &gt; 0 is
 * closed for the domain and its descendants, and a domain with every class closed is pruned. A fully split domain — no unstable neuron left, the
 * network linear on it — is bounded by the LP, which is exact there under ℓ∞; the LP's point is re-checked too, and an
 * empty LP prunes the domain. Otherwise the open domain with the lowest bound is split on an unstable neuron
 * (l &lt; 0 &lt; u in the domain) by filtered smart branching: of the neurons with the largest score |λ|·(−u·l/(u−l)),
 * λ the neuron's coefficient in CROWN's bound of the domain's worst class and −u·l/(u−l) the triangle's height at
 * z = 0 (the most the relaxation can overstate a), the one whose children's weaker bound is best ({@link #choose}). Once every neuron unstable at the root is split the bounds are exact, so the search is
 * complete: it ends with CERTIFIED (every domain pruned), COUNTEREXAMPLE, or UNDECIDED when the time budget or the
 * domain cap runs out (or when an exact LP leaves a minimum within solver tolerance of 0 without a float64
 * counterexample).
 *
 * <p>Under ℓ2 the LPs work on the ball's enclosing box and bound with the ball itself ({@link LpRelaxation}), so a
 * fully split domain's LP bound is exact only up to the LP's multipliers. Such a domain is one linear piece of the
 * network, and its margin's minimum over the piece ∩ ball ∩ box is bounded by that convex problem's own Lagrangian dual
 * ({@link LinearPiece}); its points, and projected descents from them and from every LP point whose bound is ≤ 0, are
 * checked as counterexamples. A piece left open after that is UNDECIDED. An LP that GLOP reports infeasible is never taken as a proof under ℓ2: the domain keeps
 * its interval bounds.
 *
 * <p>Before branching: the clean point and an optional candidate point (e.g. an attack's) are checked, and IBP or CROWN
 * may certify outright.
 */
final class BranchAndBound {
    private final ReluNetwork net;
    private final InputSet set;
    private final int y;
    private final long deadline;
    private final long maxDomains;
    private final long t0 = System.nanoTime();
    private long domains;
    private double minPruned = Double.POSITIVE_INFINITY;
    private boolean inexact;   // an exact domain with bound ≤ 0 and no float64 counterexample, or a failed root LP
    private NeuronBounds rootBounds;

    /**
     * Projected-gradient steps of the α-β-CROWN bounds at the root (intermediate bounds and margins), from CROWN's slopes:
     * α-CROWN's default.
     */
    static final int ROOT_OPTIMIZATION_STEPS = 20;

    /**
     * Steps per open class and domain below the root, warm-started from the parent's parameters. On hard samples of a
     * quick-size model (ℓ∞ and ℓ2, 10 s each) 5 ended with the best bounds: 2 and 3 searched more domains with looser
     * bounds, 10 and 20 fewer; without the warm start 20 did better than 5.
     */
    static final int OPTIMIZATION_STEPS = 5;

    /** A region of the search: bounds under its splits and a lower bound per class (+∞ for y). */
    private static final class Domain {
        final NeuronBounds bounds;
        final double[] classBound;
        double bound;
        double[][] crownCoefficients;   // CROWN's backward coefficients on relu(z) for the worst class, for branching
        int worstClass = -1;            // the open class with the lowest optimised bound
        DomainCrown.Parameters[] parameters;   // per class left open, the best α-β found: the children's warm start

        Domain(NeuronBounds bounds, double[] classBound) {
            this.bounds = bounds;
            this.classBound = classBound;
            this.bound = min(classBound);
        }
    }

    private record Stop(Verdict verdict) {}

    private BranchAndBound(ReluNetwork net, InputSet set, int y, long deadline, long maxDomains) {
        this.net = net;
        this.set = set;
        this.y = y;
        this.deadline = deadline;
        this.maxDomains = maxDomains;
    }

    /**
     * @param set       the threat ball ∩ [0,1]^d around the sample (its center)
     * @param candidate a point to check first (projected onto the set), or null
     * @param deadline  System.nanoTime() by which to stop
     * @param maxDomains cap on evaluated domains
     */
    static Verdict verify(ReluNetwork net, InputSet set, int y, double[] candidate, long deadline, long maxDomains) {
        return verify(net, set, y, candidate, null, null, null, deadline, maxDomains);
    }

    /**
     * @param rootLower, rootUpper sound pre-activation bounds of every hidden layer over the set (e.g. CROWN's), intersected
     *                  with the root's own; null: none
     * @param rootMargin sound lower bounds of f_y − f_j over the set per class, or null
     */
    static Verdict verify(ReluNetwork net, InputSet set, int y, double[] candidate, double[][] rootLower, double[][] rootUpper, double[] rootMargin,
                          long deadline, long maxDomains) {
        BranchAndBound b = new BranchAndBound(net, set, y, deadline, maxDomains);
        b.seedLower = rootLower;
        b.seedUpper = rootUpper;
        b.seedMargin = rootMargin;
        return b.run(set.center(), candidate);
    }

    private double[][] seedLower, seedUpper;
    private double[] seedMargin;

    private Verdict run(double[] x, double[] candidate) {
        Verdict v = check(x);
        if (v == null && candidate != null) v = check(candidate);
        if (v != null) return v;
        rootBounds = NeuronBounds.ibp(net, set);
        if (seedLower != null) rootBounds.intersect(net, seedLower, seedUpper);
        DomainCrown.tighten(net, rootBounds, set, 1, ROOT_OPTIMIZATION_STEPS);
        double[] cb = new double[net.classes()];
        DomainCrown.Parameters[] rootStart = new DomainCrown.Parameters[cb.length];
        for (int j = 0; j < cb.length; j++) {
            if (j == y) {
                cb[j] = Double.POSITIVE_INFINITY;
                continue;
            }
            DomainCrown.Optimized o = DomainCrown.crownThenOptimized(net, rootBounds, set, y, j, ROOT_OPTIMIZATION_STEPS, null);
            rootStart[j] = o.parameters();
            cb[j] = Math.max(NeuronBounds.marginLowerBound(net, rootBounds, set, y, j), o.value());
            if (seedMargin != null) cb[j] = Math.max(cb[j], seedMargin[j]);
        }
        if (min(cb) > 0) return done(Outcome.CERTIFIED, null, min(cb), null);
        try (LpRelaxation lp = new LpRelaxation(net, set, rootBounds)) {
            Domain root = new Domain(rootBounds, cb);
            PriorityQueue<Domain> queue = new PriorityQueue<>((a, b) -> Double.compare(a.bound, b.bound));
            double frontier = root.bound;   // bound of a domain whose evaluation was cut short
            try {
                if (evaluate(lp, root, rootStart)) queue.add(root);
                while (!queue.isEmpty()) {
                    Domain d = queue.poll();
                    frontier = d.bound;
                    int[] split = choose(d);
                    if (split == null && !set.isBox() && closePiece(d)) continue;
                    if (split == null) {
                        inexact = true;   // exact LP, bound ≤ 0, no float64 counterexample: leave it
                        minPruned = Math.min(minPruned, d.bound);
                        continue;
                    }
                    for (boolean active : new boolean[] {true, false}) {
                        NeuronBounds nb = child(net, d.bounds, split, active);
                        if (nb == null) continue;   // contradictory splits: no input is in this domain
                        DomainCrown.tighten(net, nb, set, split[0] + 1);
                        Domain child = new Domain(nb, d.classBound.clone());
                        if (evaluate(lp, child, d.parameters)) queue.add(child);
                    }
                    d.parameters = null;   // both children have started from them
                    frontier = Double.POSITIVE_INFINITY;
                }
            } catch (OutOfBudget e) {
                double lower = Math.min(minPruned, frontier);
                for (Domain d : queue) lower = Math.min(lower, d.bound);
                return done(Outcome.UNDECIDED, null, lower, e.getMessage());
            } catch (Found f) {
                return f.stop.verdict;
            }
        }
        if (inexact) {
            return done(Outcome.UNDECIDED, null, minPruned, set.isBox() ? "a fully split domain's minimum margin is within the LP tolerance of 0, or the root LP failed"
                    : "a fully split domain's bound stayed ≤ 0 (ℓ2: the LP bounds with the ball only through its multipliers) without a float64 counterexample, or the root LP failed");
        }
        return done(Outcome.CERTIFIED, null, minPruned, null);
    }

    private static final class OutOfBudget extends Exception {
        OutOfBudget(String why) {
            super(why, null, false, false);
        }
    }

    private static final class Found extends Exception {
        final Stop stop;

        Found(Stop stop) {
            super(null, null, false, false);
            this.stop = stop;
        }
    }

    /** Whether there is time and domain budget for one more LP. */
    private void budget() throws OutOfBudget {
        if (System.nanoTime() >= deadline) throw new OutOfBudget(Verdict.OUT_OF_TIME);
        if (domains >= maxDomains) throw new OutOfBudget("domain cap of " + maxDomains + " reached");
    }

    private double secondsLeft() {
        return Math.max(1e-3, (deadline - System.nanoTime()) / 1e9);
    }

    /**
     * Bounds the domain's open classes by LP. Returns whether it stays open (false: pruned).
     *
     * @throws Found if an LP point is a float64 counterexample
     */
    private boolean evaluate(LpRelaxation lp, Domain d, DomainCrown.Parameters[] inherited) throws OutOfBudget, Found {
        budget();
        domains++;
        double crownWorst = Double.POSITIVE_INFINITY;
        d.parameters = new DomainCrown.Parameters[d.classBound.length];
        for (int j = 0; j < d.classBound.length; j++) {
            if (j != y && d.classBound[j] <= 0) {
                double[][] g = new double[net.hidden()][];
                // CROWN's coefficients steer branching; α-β optimisation only raises the bound of a class CROWN leaves open
                DomainCrown.Optimized o = DomainCrown.crownThenOptimized(net, d.bounds, set, y, j, OPTIMIZATION_STEPS, g,
                        inherited == null ? null : inherited[j]);
                double c = o.value();
                d.parameters[j] = o.parameters();
                if (c <= 0 && o.point() != null) {   // the bound's own minimiser: a candidate counterexample, as in β-CROWN
                    Verdict v = check(o.point());
                    if (v != null) throw new Found(new Stop(v));
                }
                d.classBound[j] = Math.max(d.classBound[j], Math.max(NeuronBounds.marginLowerBound(net, d.bounds, set, y, j), c));
                if (d.classBound[j] <= 0 && c < crownWorst) {
                    crownWorst = c;
                    d.crownCoefficients = g;
                    d.worstClass = j;
                }
            }
        }
        d.bound = min(d.classBound);
        if (d.bound > 0) {   // CROWN or α-β-CROWN closed every class: no LP needed
            minPruned = Math.min(minPruned, d.bound);
            return false;
        }
        // The LP (about a second per domain here) only where it is exact: a fully split domain. Elsewhere α-β-CROWN's
        // bound, milliseconds per domain, lets the search visit many more domains; on quick-profile models at 10 s per
        // sample it decided as many samples or more (docs/robustness.md).
        if (d.bounds.unstableCount() > 0) return true;
        lp.setBounds(d.bounds);
        for (int j = 0; j < d.classBound.length; j++) {
            if (j == y || d.classBound[j] > 0) continue;
            if (System.nanoTime() >= deadline) throw new OutOfBudget(Verdict.OUT_OF_TIME);
            LpRelaxation.Solution s = lp.minimize(lp.marginObjective(y, j), net.marginConstant(y, j), secondsLeft());
            if (s.infeasible() && !set.isBox()) continue;   // ℓ2: keep the domain's interval bound for this class
            if (s.infeasible()) {
                if (d.bounds == rootBounds) {   // the root holds x₀: an "empty" root is a solver failure, never a proof
                    inexact = true;
                    return false;
                }
                return false;   // empty domain: its splits contradict each other
            }
            if (s.x() != null) {
                Verdict v = check(s.x());
                // ℓ2: the LP point may lie outside the ball; the ball's own minimiser of the LP's input costs is a second guess,
                // and a short projected descent on f_y − f_j from the LP point a third
                if (v == null && !set.isBox() && s.inputCost() != null) v = check(set.ballMinimizer(s.inputCost()));
                if (v == null && !set.isBox() && s.bound() <= 0) v = descend(s.x(), j);
                if (v != null) throw new Found(new Stop(v));
            }
            d.classBound[j] = Math.max(d.classBound[j], s.bound());
        }
        d.bound = min(d.classBound);
        if (d.bound > 0) {
            minPruned = Math.min(minPruned, d.bound);
            return false;
        }
        return true;
    }

    /**
     * Candidates that filtered smart branching compares by their children's bounds. Three as in α-β-CROWN's default;
     * on hard samples of quick-size models 8 ended with tighter bounds per second.
     */
    static final int BRANCHING_CANDIDATES = 8;

    /**
     * The unstable neuron to split, {layer, index}, or null if none is left (the domain is one linear piece). Filtered
     * smart branching (De Palma et al. 2021, ICLR, "Improved branch and bound for neural network verification via
     * Lagrangian decomposition"): the {@link #BRANCHING_CANDIDATES} neurons with the largest score |λ|·(−u·l/(u−l)) are
     * each split tentatively, both children bounded for the domain's worst class by one pass with the domain's optimised
     * parameters ({@link DomainCrown#marginBoundWith}), and the split whose weaker child is best wins; ties by the score.
     */
    private int[] choose(Domain d) {
        return split(net, set, y, d.bounds, d.crownCoefficients, d.worstClass,
                d.parameters == null || d.worstClass < 0 ? null : d.parameters[d.worstClass], BRANCHING_CANDIDATES);
    }

    /**
     * The split {@link #choose} makes for a domain with bounds {@code nb}, given CROWN's backward coefficients of its
     * worst class {@code worst} (null: every score 0, so the heights rank) and that class's optimised parameters
     * ({@code warm}, null: CROWN's slopes), among the best {@code n} by score.
     */
    static int[] split(ReluNetwork net, InputSet set, int y, NeuronBounds nb, double[][] coefficients, int worst, DomainCrown.Parameters warm, int n) {
        int[][] cand = new int[n][];
        double[] candScore = new double[n], candHeight = new double[n];
        java.util.Arrays.fill(candScore, -2);
        for (int k = 0; k < nb.lower.length; k++) {
            for (int i = 0; i < nb.lower[k].length; i++) {
                if (!nb.unstable(k, i)) continue;
                double l = nb.lower[k][i], u = nb.upper[k][i], height = -u * l / (u - l);
                double score = coefficients != null && coefficients[k] != null ? Math.abs(coefficients[k][i]) * height : 0;
                // insertion into the list of the best n, by score then height
                int at = n;
                while (at > 0 && (score > candScore[at - 1] || score == candScore[at - 1] && height > candHeight[at - 1])) at--;
                if (at == n) continue;
                System.arraycopy(cand, at, cand, at + 1, n - at - 1);
                System.arraycopy(candScore, at, candScore, at + 1, n - at - 1);
                System.arraycopy(candHeight, at, candHeight, at + 1, n - at - 1);
                cand[at] = new int[] {k, i};
                candScore[at] = score;
                candHeight[at] = height;
            }
        }
        if (n < 2 || cand[1] == null || worst < 0) return cand[0];
        int[] best = cand[0];
        double bestBound = Double.NEGATIVE_INFINITY;
        for (int[] c : cand) {
            if (c == null) break;
            double weaker = Double.POSITIVE_INFINITY;
            for (boolean active : new boolean[] {true, false}) {
                NeuronBounds child = child(net, nb, c, active);
                if (child == null) continue;
                weaker = Math.min(weaker, DomainCrown.marginBoundWith(net, child, set, y, worst, warm));
            }
            if (weaker > bestBound) {
                bestBound = weaker;
                best = c;
            }
        }
        return best;
    }

    /**
     * The bounds of a domain's child split on neuron {layer, index}: z ≥ 0 (active) or z ≤ 0, and the later layers'
     * IBP bounds from it intersected with the parent's; null if the splits contradict each other (no input is in it).
     */
    private static NeuronBounds child(ReluNetwork net, NeuronBounds parent, int[] split, boolean active) {
        NeuronBounds nb = parent.copy();
        if (active) nb.lower[split[0]][split[1]] = 0;
        else nb.upper[split[0]][split[1]] = 0;
        nb.propagateFrom(net, split[0] + 1);
        return nb.empty() ? null : nb;
    }

    /**
     * ℓ2, a fully split domain: its open classes bounded by the piece's Lagrangian dual ({@link LinearPiece}), whose
     * points are checked as counterexamples. True if every class closed (the domain is pruned).
     *
     * @throws Found if a point is a float64 counterexample
     */
    private boolean closePiece(Domain d) throws OutOfBudget, Found {
        budget();
        LinearPiece piece = new LinearPiece(net, d.bounds);
        for (int j = 0; j < d.classBound.length; j++) {
            if (j == y || d.classBound[j] > 0) continue;
            LinearPiece.Bound b = piece.lowerBound(set, y, j);
            d.classBound[j] = Math.max(d.classBound[j], b.value());
            for (double[] p : new double[][] {b.last(), b.average()}) {
                if (p == null) continue;
                Verdict v = check(p);
                if (v == null) v = descend(p, j);
                if (v != null) throw new Found(new Stop(v));
            }
        }
        d.bound = min(d.classBound);
        if (d.bound > 0) {
            minPruned = Math.min(minPruned, d.bound);
            return true;
        }
        return false;
    }

    /** Steps of the local search for ℓ2 counterexamples, and its step as a fraction of ε. */
    private static final int DESCENT_STEPS = 20;
    private static final double DESCENT_STEP = 0.1;

    /**
     * Projected normalized-gradient descent on f_y − f_j over the set from {@code start}: the LP's point of a domain
     * whose bound is ≤ 0 is usually near a counterexample but outside the ball.
     */
    private Verdict descend(double[] start, int j) {
        double[] p = set.project(start);
        double step = DESCENT_STEP * set.l2Radius();
        for (int s = 0; s < DESCENT_STEPS; s++) {
            Verdict v = check(p);
            if (v != null) return v;
            double[] g = net.marginGradient(p, y, j);
            double norm = InputSet.norm(g);
            if (norm == 0) return null;
            double[] q = p.clone();
            for (int i = 0; i < q.length; i++) q[i] -= step * g[i] / norm;
            p = set.project(q);
        }
        return check(p);
    }

    /** A COUNTEREXAMPLE verdict if the point, projected onto the set, has a float64 margin &lt; 0; else null. */
    private Verdict check(double[] point) {
        double[] p = set.project(point);
        double m = net.minMargin(p, y);
        return m < 0 ? new Verdict(Outcome.COUNTEREXAMPLE, p, m, Double.NEGATIVE_INFINITY, domains, seconds(), null) : null;
    }

    private Verdict done(Outcome o, double[] cex, double lower, String reason) {
        return new Verdict(o, cex, Double.NaN, lower, domains, seconds(), reason);
    }

    private double seconds() {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) m = Math.min(m, x);
        return m;
    }
}
