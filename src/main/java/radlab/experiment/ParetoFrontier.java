package radlab.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cost–accuracy Pareto frontier of a set of configurations: the best accuracy reachable at a cost, F(c) = max{a_j :
 * c_j ≤ c}. A configuration is on the frontier (non-dominated) when no other one is at most as costly and at least as
 * accurate and strictly better in one of the two, i.e. when its accuracy exceeds that of every strictly cheaper
 * configuration and is the highest at its cost. Configurations with identical cost and accuracy are both on it; a NaN
 * cost or accuracy (no measurement) is neither on it nor dominates anything.
 */
public final class ParetoFrontier {
    private ParetoFrontier() {}

    /** Whether each configuration i, at cost {@code cost[i]} with accuracy {@code accuracy[i]}, is non-dominated. */
    public static boolean[] members(double[] cost, double[] accuracy) {
        if (cost.length != accuracy.length) throw new IllegalArgumentException(cost.length + " costs but " + accuracy.length + " accuracies");
        boolean[] on = new boolean[cost.length];
        for (int i = 0; i < cost.length; i++) {
            if (!defined(cost[i], accuracy[i])) continue;
            on[i] = true;
            for (int j = 0; j < cost.length && on[i]; j++) {
                if (j == i || !defined(cost[j], accuracy[j])) continue;
                boolean weaklyBetter = cost[j] <= cost[i] && accuracy[j] >= accuracy[i];
                boolean strictly = cost[j] < cost[i] || accuracy[j] > accuracy[i];
                if (weaklyBetter && strictly) on[i] = false;
            }
        }
        return on;
    }

    /**
     * The step line of F through the frontier, from its cheapest member to the largest defined cost {@code maxCost}:
     * x and y arrays (c₁,a₁), (c₂,a₁), (c₂,a₂), …, (c_k,a_k), (maxCost,a_k). Empty arrays when no configuration is defined.
     */
    public static double[][] staircase(double[] cost, double[] accuracy) {
        boolean[] on = members(cost, accuracy);
        List<Integer> idx = new ArrayList<>();
        double maxCost = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < on.length; i++) {
            if (on[i]) idx.add(i);
            if (defined(cost[i], accuracy[i])) maxCost = Math.max(maxCost, cost[i]);
        }
        idx.sort(Comparator.<Integer>comparingDouble(i -> cost[i]).thenComparingDouble(i -> accuracy[i]));
        List<double[]> pts = new ArrayList<>();
        for (int i : idx) {
            if (!pts.isEmpty()) pts.add(new double[] {cost[i], pts.get(pts.size() - 1)[1]}); // horizontal, then up
            pts.add(new double[] {cost[i], accuracy[i]});
        }
        if (!pts.isEmpty() && maxCost > pts.get(pts.size() - 1)[0]) pts.add(new double[] {maxCost, pts.get(pts.size() - 1)[1]});
        return new double[][] {pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray()};
    }

    private static boolean defined(double c, double a) {
        return !Double.isNaN(c) && !Double.isNaN(a);
    }
}
