package radlab.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import radlab.nn.layer.Activation;

/**
 * Filtered smart branching: the split chosen is, among the neurons with the largest scores |λ|·(−u·l/(u−l)), the one
 * whose weaker child has the best one-pass bound, recomputed here independently (each candidate split, its children's
 * interval bounds, CROWN's pass with the parent's parameters); the children's one-pass bounds hold at sampled points of
 * each child.
 */
@Tag("numeric")
class BranchingTest {
    private static final int[] SIZES = {6, 12, 10, 4};

    private record Candidate(int layer, int index, double score, double height) {}

    @Test
    void chosenSplitHasTheBestWeakerChildAmongTheTopScores() {
        SplittableRandom rnd = new SplittableRandom(13);
        int domains = 0, notTopScore = 0;
        for (boolean l2 : new boolean[] {false, true}) {
            for (int trial = 0; trial < 12; trial++) {
                ReluNetwork net = ReluNetwork.of(Nets.random(SIZES, Activation.RELU, 700 + trial));
                double[] x = new double[SIZES[0]];
                for (int i = 0; i < x.length; i++) x[i] = 0.2 + 0.6 * rnd.nextDouble();
                InputSet set = l2 ? InputSet.l2(x, 0.6) : InputSet.linf(x, 0.15);
                NeuronBounds nb = NeuronBounds.ibp(net, set);
                DomainCrown.tighten(net, nb, set, 1);
                if (nb.unstableCount() < 3) continue;
                int y = 0, worst = -1;
                double worstBound = Double.POSITIVE_INFINITY;
                double[][] coefficients = null;
                DomainCrown.Parameters warm = null;
                for (int j = 1; j < net.classes(); j++) {
                    double[][] g = new double[net.hidden()][];
                    DomainCrown.Optimized o = DomainCrown.crownThenOptimized(net, nb, set, y, j, 5, g);
                    if (o.value() <= 0 && o.value() < worstBound) {
                        worstBound = o.value();
                        worst = j;
                        coefficients = g;
                        warm = o.parameters();
                    }
                }
                if (worst < 0) continue;
                for (int n : new int[] {1, 3, 8}) {
                    int[] chosen = BranchAndBound.split(net, set, y, nb, coefficients, worst, warm, n);
                    List<Candidate> all = new ArrayList<>();
                    for (int k = 0; k < net.hidden(); k++) {
                        for (int i = 0; i < nb.lower[k].length; i++) {
                            double l = nb.lower[k][i], u = nb.upper[k][i];
                            if (!(l < 0 && u > 0)) continue;
                            double height = -u * l / (u - l);
                            all.add(new Candidate(k, i, Math.abs(coefficients[k][i]) * height, height));
                        }
                    }
                    all.sort(Comparator.comparingDouble(Candidate::score).thenComparingDouble(Candidate::height).reversed());
                    List<Candidate> top = all.subList(0, Math.min(n, all.size()));
                    if (n == 1) {
                        assertArrayEquals(new int[] {top.get(0).layer(), top.get(0).index()}, chosen, "one candidate: the top score");
                        continue;
                    }
                    double best = Double.NEGATIVE_INFINITY, chosenBound = Double.NaN;
                    for (Candidate c : top) {
                        double weaker = Double.POSITIVE_INFINITY;
                        for (int side = 0; side < 2; side++) {
                            NeuronBounds child = nb.copy();
                            if (side == 0) child.lower[c.layer()][c.index()] = 0;
                            else child.upper[c.layer()][c.index()] = 0;
                            child.propagateFrom(net, c.layer() + 1);
                            if (child.empty()) continue;
                            double b = DomainCrown.marginBoundWith(net, child, set, y, worst, warm);
                            weaker = Math.min(weaker, b);
                            for (int s = 0; s < 500; s++) {   // the one-pass bound holds on the child
                                double[] p = new double[x.length];
                                for (int i = 0; i < p.length; i++) p[i] = x[i] + (l2 ? 0.6 / Math.sqrt(p.length) : 0.15) * (2 * rnd.nextDouble() - 1);
                                p = set.project(p);
                                double z = net.layer(0, p)[c.index()];
                                if (c.layer() == 0 && (side == 0 ? z < 0 : z > 0)) continue;
                                if (c.layer() == 1 && (side == 0 ? net.layer(1, NeuronBounds.relu(net.layer(0, p)))[c.index()] < 0
                                        : net.layer(1, NeuronBounds.relu(net.layer(0, p)))[c.index()] > 0)) continue;
                                double[] f = net.logits(p);
                                assertTrue(b <= f[y] - f[worst] + 1e-9, "one-pass bound " + b + " above the margin " + (f[y] - f[worst]));
                            }
                        }
                        best = Math.max(best, weaker);
                        if (c.layer() == chosen[0] && c.index() == chosen[1]) chosenBound = weaker;
                    }
                    assertEquals(best, chosenBound, 0.0, "the chosen split's weaker child is not the best of the top " + n);
                    domains++;
                    if (chosen[0] != top.get(0).layer() || chosen[1] != top.get(0).index()) notTopScore++;
                }
            }
        }
        assertTrue(domains >= 10, domains + " domains compared");
        assertTrue(notTopScore > 0, "the children's bounds never overruled the top score");
    }
}
