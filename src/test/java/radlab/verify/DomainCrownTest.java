package radlab.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.certify.CrownRoot;
import radlab.nn.Mlp;
import radlab.nn.layer.Activation;

/**
 * CROWN per branch-and-bound domain: its bounds hold at every sampled point of the set (including domains with split
 * neurons, against points of that domain), equal radlab.certify's independent ND4J CROWN at the root under ℓ∞, are at
 * least as tight under ℓ2 (ball ∩ box against the larger of the two alone), and are exact on a linear piece.
 */
@Tag("numeric")
class DomainCrownTest {
    private static final int[] SIZES = {6, 12, 10, 4};

    private static double[] point(SplittableRandom rnd, int d) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) x[i] = 0.2 + 0.6 * rnd.nextDouble();
        return x;
    }

    /** A uniform-ish point of the set: a random direction and radius inside the ball (or the box), projected. */
    private static double[] sample(SplittableRandom rnd, InputSet set, double[] x, double eps, boolean l2) {
        double[] v = new double[x.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        double r = eps * Math.pow(rnd.nextDouble(), 1.0 / v.length);
        for (int i = 0; i < v.length; i++) v[i] = l2 ? x[i] + r * v[i] / norm : x[i] + eps * (2 * rnd.nextDouble() - 1);
        return set.project(v);
    }

    /**
     * The layer map that every bound pass and counterexample check uses is W_k·v + b_k by the weight rows, the backward
     * product W_kᵀ·λ is the same by the columns, and the optimisation's incremental first layer (a few coordinates changed per step) stays equal to it.
     */
    @Test
    void layerMapsTheirTransposesAndTheIncrementalFirstLayerMatchTheWeights() {
        SplittableRandom rnd = new SplittableRandom(21);
        ReluNetwork net = ReluNetwork.of(Nets.random(new int[] {40, 12, 10, 4}, Activation.RELU, 3));
        DomainCrown.FirstLayer first = new DomainCrown.FirstLayer();
        double[] x = point(rnd, 40);
        for (int step = 0; step < 30; step++) {
            for (int k = 0; k <= net.hidden(); k++) {
                double[] v = k == 0 ? x : point(rnd, net.w[k][0].length);
                if (k > 0) v[rnd.nextInt(v.length)] = 0;   // ReLU outputs have zeros, which the map skips
                double[] z = net.layer(k, v);
                for (int o = 0; o < z.length; o++) {
                    double s = net.b[k][o];
                    for (int i = 0; i < v.length; i++) s += net.w[k][o][i] * v[i];
                    assertEquals(s, z[o], 1e-12 * (1 + Math.abs(s)), "layer " + k + " unit " + o);
                }
                // the backward pass's product W_kᵀ·λ, with a varying number of zero coefficients (skipped, the rest
                // summed four rows at a time)
                double[] lambda = new double[net.w[k].length];
                for (int o = 0; o < lambda.length; o++) lambda[o] = rnd.nextInt(3) == 0 ? 0 : rnd.nextGaussian();
                double[] back = DomainCrown.transposeTimes(net.w[k], lambda);
                for (int i = 0; i < back.length; i++) {
                    double s = 0;
                    for (int o = 0; o < lambda.length; o++) s += net.w[k][o][i] * lambda[o];
                    assertEquals(s, back[i], 1e-12 * (1 + Math.abs(s)), "layer " + k + " input " + i + " of Wᵀλ");
                }
            }
            assertArrayEquals(net.layer(0, x), first.at(net, x), 1e-12, "step " + step);
            x = x.clone();
            int changes = step % 7 == 6 ? 40 : 1 + rnd.nextInt(4);   // now and then more than the update takes
            for (int c = 0; c < changes; c++) x[rnd.nextInt(40)] = rnd.nextDouble();
        }
    }

    /** Pre-activations z_k of every hidden layer at p. */
    private static double[][] preActivations(ReluNetwork net, double[] p) {
        double[][] z = new double[net.hidden()][];
        double[] v = p;
        for (int k = 0; k < net.hidden(); k++) {
            z[k] = net.layer(k, v);
            v = NeuronBounds.relu(z[k]);
        }
        return z;
    }

    private static boolean inDomain(NeuronBounds nb, double[][] z) {
        for (int k = 0; k < z.length; k++) for (int i = 0; i < z[k].length; i++) if (z[k][i] < nb.lower[k][i] - 1e-9 || z[k][i] > nb.upper[k][i] + 1e-9) return false;
        return true;
    }

    @Test
    void boundsHoldAtEverySampledPointOfTheDomainUnderBothNorms() {
        SplittableRandom rnd = new SplittableRandom(11);
        int checked = 0, splitChecked = 0, tighterNeurons = 0;
        for (boolean l2 : new boolean[] {false, true}) {
            for (int trial = 0; trial < 12; trial++) {
                Mlp model = Nets.random(SIZES, Activation.RELU, 100 + trial);
                ReluNetwork net = ReluNetwork.of(model);
                double[] x = point(rnd, SIZES[0]);
                double eps = l2 ? 0.6 : 0.15;
                InputSet set = l2 ? InputSet.l2(x, eps) : InputSet.linf(x, eps);
                // the root and two children: the first unstable neuron of layer 1 split both ways
                NeuronBounds[] domains = rootAndChildren(net, set);
                NeuronBounds root = domains[0], optimizedRoot = domains[3];
                for (int k = 0; k < root.lower.length; k++) {
                    for (int i = 0; i < root.lower[k].length; i++) {
                        // a neuron proved inactive (u ≤ 0) keeps its lower bound from IBP: its value is 0 whatever it is
                        boolean inactive = optimizedRoot.upper[k][i] <= 0;
                        assertTrue((inactive || optimizedRoot.lower[k][i] >= root.lower[k][i]) && optimizedRoot.upper[k][i] <= root.upper[k][i],
                                "optimised intermediate bounds looser than CROWN's: layer " + k + " unit " + i + " [" + optimizedRoot.lower[k][i] + ", " + optimizedRoot.upper[k][i] + "] vs [" + root.lower[k][i] + ", " + root.upper[k][i] + "]");
                        if (optimizedRoot.upper[k][i] < root.upper[k][i] - 1e-9 || optimizedRoot.lower[k][i] > root.lower[k][i] + 1e-9) tighterNeurons++;
                    }
                }
                int y = 0;
                for (int s = 0; s < 400; s++) {
                    double[] p = sample(rnd, set, x, eps, l2);
                    double[][] z = preActivations(net, p);
                    double[] f = net.logits(p);
                    for (NeuronBounds nb : domains) {
                        if (nb == null || !inDomain(nb, z) && nb != root && nb != optimizedRoot) continue;
                        assertTrue(inDomain(nb, z), "a point of the set outside the root's CROWN or α-CROWN bounds");
                        for (int j = 1; j < f.length; j++) {
                            double bound = DomainCrown.marginLowerBound(net, nb, set, y, j);
                            assertTrue(bound <= f[y] - f[j] + 1e-9, "margin bound " + bound + " above f_y − f_j = " + (f[y] - f[j]));
                        }
                        checked++;
                        if (nb != root) splitChecked++;
                    }
                }
            }
        }
        assertTrue(checked > 5000 && splitChecked > 1000, checked + " checked, " + splitChecked + " in split domains");
        assertTrue(tighterNeurons > 0, "optimising the intermediate bounds never tightened one");
    }

    /** At the root, from IBP's bounds, the per-sample double arithmetic equals radlab.certify's batched ND4J CROWN. */
    @Test
    void equalsCertifysCrownAtTheRootUnderLinfAndIsNoLooserUnderL2() {
        SplittableRandom rnd = new SplittableRandom(3);
        double worstGap = 0;
        int tighter = 0;
        for (int trial = 0; trial < 10; trial++) {
            Mlp model = Nets.random(SIZES, Activation.RELU, 200 + trial);
            ReluNetwork net = ReluNetwork.of(model);
            double[] x = point(rnd, SIZES[0]);
            for (AttackNorm norm : AttackNorm.values()) {
                if (norm != AttackNorm.LINF && norm != AttackNorm.L2) continue;
                double eps = norm == AttackNorm.LINF ? 0.1 : 0.5;
                ThreatModel threat = new ThreatModel(norm, eps);
                int y = 1;
                CrownRoot reference = CrownRoot.of(model, Nd4j.createFromArray(new double[][] {x}), new int[] {y}, threat);
                InputSet set = InputSet.of(threat, x);
                NeuronBounds nb = NeuronBounds.ibp(net, set);
                DomainCrown.tighten(net, nb, set, 1);
                for (int j = 0; j < SIZES[SIZES.length - 1]; j++) {
                    if (j == y) continue;
                    double mine = DomainCrown.marginLowerBound(net, nb, set, y, j), theirs = reference.margin()[0][j];
                    double scale = 1 + Math.abs(theirs);
                    if (norm == AttackNorm.LINF) {
                        assertEquals(theirs, mine, 1e-9 * scale, "trial " + trial + " class " + j);
                        worstGap = Math.max(worstGap, Math.abs(mine - theirs) / scale);
                    } else {
                        assertTrue(mine >= theirs - 1e-9 * scale, "ℓ2 trial " + trial + " class " + j + ": " + mine + " looser than " + theirs);
                        if (mine > theirs + 1e-6 * scale) tighter++;
                    }
                }
            }
        }
        assertTrue(worstGap < 1e-9, "worst relative gap " + worstGap);
        assertTrue(tighter > 0, "ball ∩ box never tighter than certify's max(box, ball) on these cases");
    }

    /** A domain where every neuron is stable is one affine function: CROWN's bound is its exact minimum over the box. */
    @Test
    void exactOnALinearPiece() {
        SplittableRandom rnd = new SplittableRandom(9);
        Mlp model = Nets.random(SIZES, Activation.RELU, 300);
        ReluNetwork net = ReluNetwork.of(model);
        double[] x = point(rnd, SIZES[0]);
        InputSet set = InputSet.linf(x, 1e-4);   // small enough that no neuron changes sign
        NeuronBounds nb = NeuronBounds.ibp(net, set);
        assertEquals(0, nb.unstableCount(), "the test needs a linear piece");
        int y = 2;
        for (int j = 0; j < 4; j++) {
            if (j == y) continue;
            // the piece's exact minimum: gradient g at x, minimum of g·(p − x) over the box is −ε‖g‖₁ (box ⊂ [0,1]^d here)
            double[] g = net.marginGradient(x, y, j);
            double[] f = net.logits(x);
            double exact = f[y] - f[j];
            for (double gi : g) exact -= 1e-4 * Math.abs(gi);
            assertEquals(exact, DomainCrown.marginLowerBound(net, nb, set, y, j), 1e-12 * (1 + Math.abs(exact)));
        }
    }

    /** A root domain and its two children from splitting the first unstable neuron of layer 1 (null where none). */
    private static NeuronBounds[] rootAndChildren(ReluNetwork net, InputSet set) {
        NeuronBounds root = NeuronBounds.ibp(net, set);
        DomainCrown.tighten(net, root, set, 1);
        NeuronBounds optimizedRoot = NeuronBounds.ibp(net, set);
        DomainCrown.tighten(net, optimizedRoot, set, 1, 20);   // α-CROWN's intermediate bounds: a second root
        NeuronBounds[] domains = {root, null, null, optimizedRoot};
        for (int i = 0; i < root.lower[0].length && domains[1] == null; i++) {
            if (!root.unstable(0, i)) continue;
            for (int side = 0; side < 2; side++) {
                NeuronBounds c = root.copy();
                if (side == 0) c.lower[0][i] = 0;
                else c.upper[0][i] = 0;
                c.propagateFrom(net, 1);
                DomainCrown.tighten(net, c, set, 1);
                domains[1 + side] = c;
            }
        }
        return domains;
    }

    /**
     * Optimised slopes and split multipliers (α-β-CROWN): the bound holds at every sampled point of the domain, is never
     * below CROWN's, and is strictly above it in a good share of the cases (else the optimisation would do nothing);
     * with no steps it is CROWN's bound bit for bit.
     */
    @Test
    void optimizedBoundIsSoundNeverLooserThanCrownAndOftenTighter() {
        SplittableRandom rnd = new SplittableRandom(5);
        int cases = 0, tighter = 0, splitTighter = 0, warmBetter = 0;
        for (boolean l2 : new boolean[] {false, true}) {
            for (int trial = 0; trial < 10; trial++) {
                ReluNetwork net = ReluNetwork.of(Nets.random(SIZES, Activation.RELU, 300 + trial));
                double[] x = point(rnd, SIZES[0]);
                double eps = l2 ? 0.6 : 0.15;
                InputSet set = l2 ? InputSet.l2(x, eps) : InputSet.linf(x, eps);
                NeuronBounds[] domains = rootAndChildren(net, set);
                double[][] samples = new double[3000][];
                for (int s = 0; s < samples.length; s++) samples[s] = sample(rnd, set, x, eps, l2);
                for (int dIdx = 0; dIdx < domains.length; dIdx++) {
                    NeuronBounds nb = domains[dIdx];
                    if (nb == null) continue;
                    for (int j = 1; j < SIZES[SIZES.length - 1]; j++) {
                        double crown = DomainCrown.marginLowerBound(net, nb, set, 0, j);
                        assertEquals(crown, DomainCrown.optimizedMarginLowerBound(net, nb, set, 0, j, 0), 0.0, "no steps: CROWN's bound");
                        double opt = DomainCrown.optimizedMarginLowerBound(net, nb, set, 0, j, 30);
                        assertTrue(opt >= crown, opt + " below CROWN's " + crown);
                        // branch and bound's single call: CROWN's value and coefficients, then the same optimisation
                        double[][] g = new double[net.hidden()][], gCrown = new double[net.hidden()][];
                        DomainCrown.marginLowerBound(net, nb, set, 0, j, gCrown);
                        DomainCrown.Optimized both = DomainCrown.crownThenOptimized(net, nb, set, 0, j, 30, g);
                        // CROWN where it closes the class, else the optimised bound, or less once it is above 0 (the ascent stops there)
                        assertTrue(crown > 0 ? both.value() == crown : both.value() == opt || both.value() > 0 && both.value() <= opt,
                                both.value() + " vs CROWN " + crown + ", optimised " + opt);
                        if (dIdx > 0 && crown <= 0) {
                            // a child warm-started from the root's parameters: sound, never below CROWN's
                            DomainCrown.Optimized atRoot = DomainCrown.crownThenOptimized(net, domains[0], set, 0, j, 30, null);
                            double warm = DomainCrown.crownThenOptimized(net, nb, set, 0, j, 5, null, atRoot.parameters()).value();
                            double cold = DomainCrown.crownThenOptimized(net, nb, set, 0, j, 5, null).value();
                            assertTrue(warm >= crown, "warm-started " + warm + " below CROWN's " + crown);
                            for (double[] p : samples) {
                                if (!inDomain(nb, preActivations(net, p))) continue;
                                double[] f = net.logits(p);
                                assertTrue(warm <= f[0] - f[j] + 1e-9, "warm-started bound " + warm + " above f_0 − f_j = " + (f[0] - f[j]));
                            }
                            if (warm > cold + 1e-9) warmBetter++;
                        }
                        assertTrue(crown > 0 || both.point() != null, "an open class's optimisation gives its minimiser");
                        for (int m = 0; m < g.length; m++) assertArrayEquals(gCrown[m], g[m], 0.0, "CROWN's coefficients of layer " + m);
                        for (double[] p : samples) {
                            if (!inDomain(nb, preActivations(net, p))) continue;
                            double[] f = net.logits(p);
                            assertTrue(opt <= f[0] - f[j] + 1e-9, "optimised bound " + opt + " above f_0 − f_j = " + (f[0] - f[j]));
                        }
                        cases++;
                        if (opt > crown + 1e-6 * (1 + Math.abs(crown))) {
                            tighter++;
                            if (dIdx > 0) splitTighter++;
                        }
                    }
                }
            }
        }
        assertTrue(tighter > cases / 5 && splitTighter > 0, tighter + " of " + cases + " tighter than CROWN, " + splitTighter + " in split domains");
        assertTrue(warmBetter > 0, "the parent's parameters never gave a child a better 5-step bound than CROWN's slopes");
    }

    /** The pass's gradient in α and β equals central finite differences of its value (ℓ∞: the value is piecewise linear, away from kinks exact). */
    @Test
    void passGradientMatchesFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(9);
        int compared = 0;
        for (int trial = 0; trial < 6; trial++) {
            ReluNetwork net = ReluNetwork.of(Nets.random(SIZES, Activation.RELU, 500 + trial));
            InputSet set = InputSet.linf(point(rnd, SIZES[0]), 0.15);
            NeuronBounds nb = rootAndChildren(net, set)[trial % 2 == 0 ? 0 : 1];
            if (nb == null) continue;
            double[] a = new double[net.classes()];
            a[0] = 1;
            a[1] = -1;
            double[][] alpha = new double[net.hidden()][], beta = new double[net.hidden()][];
            for (int m = 0; m < net.hidden(); m++) {
                alpha[m] = new double[nb.lower[m].length];
                beta[m] = new double[nb.lower[m].length];
                for (int i = 0; i < alpha[m].length; i++) {
                    alpha[m][i] = 0.1 + 0.8 * rnd.nextDouble();
                    beta[m][i] = rnd.nextDouble();
                }
            }
            DomainCrown.Pass p = DomainCrown.Pass.run(net, nb, set, net.hidden(), a, alpha, beta, true);
            double h = 1e-6;
            for (double[][][] which : new double[][][][] {{alpha, p.dAlpha}, {beta, p.dBeta}}) {
                for (int m = 0; m < net.hidden(); m++) {
                    for (int i = 0; i < which[0][m].length; i++) {
                        double keep = which[0][m][i];
                        which[0][m][i] = keep + h;
                        double up = DomainCrown.Pass.run(net, nb, set, net.hidden(), a, alpha, beta, false).value;
                        which[0][m][i] = keep - h;
                        double down = DomainCrown.Pass.run(net, nb, set, net.hidden(), a, alpha, beta, false).value;
                        which[0][m][i] = keep;
                        double fd = (up - down) / (2 * h);
                        assertEquals(fd, which[1][m][i], 1e-6 * (1 + Math.abs(fd)), "layer " + m + " neuron " + i);
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 200, compared + " partial derivatives compared");
    }
}
