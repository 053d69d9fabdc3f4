package radlab.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded, stratified sampling: each class gets its exact share of the sample (largest-remainder rounding), the
 * members of each class are drawn at random, and the result is shuffled so classes are mixed.
 */
public final class Splits {
    private Splits() {}

    /**
     * Splits {@code data} into disjoint train and test parts of the given sizes, stratified by label.
     *
     * @throws IllegalArgumentException if the sizes are not positive or exceed the data
     */
    public static DataSplit stratified(Dataset data, int trainSize, int testSize, long seed) {
        if (trainSize <= 0 || testSize <= 0) {
            throw new IllegalArgumentException("train and test sizes must be positive, got " + trainSize + " and " + testSize);
        }
        if ((long) trainSize + testSize > data.size()) {
            throw new IllegalArgumentException(String.format("train size %d + test size %d exceed the %d examples of %s",
                    trainSize, testSize, data.size(), data.name()));
        }
        Random rnd = new Random(seed);
        List<List<Integer>> byClass = shuffledClasses(data, rnd);
        int[] counts = data.classCounts();
        int[] used = quotas(counts, trainSize + testSize);
        int[] test = quotas(used, testSize);
        List<Integer> tr = new ArrayList<>(), te = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            List<Integer> m = byClass.get(c);
            te.addAll(m.subList(0, test[c]));
            tr.addAll(m.subList(test[c], used[c]));
        }
        Collections.shuffle(tr, rnd);
        Collections.shuffle(te, rnd);
        return new DataSplit(data.rows(toArray(tr), data.name() + "/train"), data.rows(toArray(te), data.name() + "/test"));
    }

    /** A stratified random subsample of {@code size} examples ({@code size >= data.size()} returns the data as is). */
    public static Dataset subsample(Dataset data, int size, long seed) {
        if (size <= 0) throw new IllegalArgumentException("subsample size must be positive, got " + size);
        if (size >= data.size()) return data;
        Random rnd = new Random(seed);
        List<List<Integer>> byClass = shuffledClasses(data, rnd);
        int[] q = quotas(data.classCounts(), size);
        List<Integer> take = new ArrayList<>();
        for (int c = 0; c < q.length; c++) take.addAll(byClass.get(c).subList(0, q[c]));
        Collections.shuffle(take, rnd);
        return data.rows(toArray(take), data.name() + "[" + size + "]");
    }

    /**
     * Integer shares of {@code total} proportional to {@code counts}, summing exactly to {@code total} and never
     * exceeding a count (Hamilton's largest-remainder method; ties go to the lower class index).
     */
    static int[] quotas(int[] counts, int total) {
        long n = 0;
        for (int c : counts) n += c;
        int[] q = new int[counts.length];
        double[] rem = new double[counts.length];
        int assigned = 0;
        for (int c = 0; c < counts.length; c++) {
            double exact = (double) counts[c] * total / n;
            q[c] = (int) Math.floor(exact);
            rem[c] = exact - q[c];
            assigned += q[c];
        }
        while (assigned < total) {
            int best = -1;
            for (int c = 0; c < counts.length; c++) {
                if (q[c] < counts[c] && (best < 0 || rem[c] > rem[best])) best = c;
            }
            q[best]++;
            rem[best] = -1;
            assigned++;
        }
        return q;
    }

    private static List<List<Integer>> shuffledClasses(Dataset data, Random rnd) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < data.numClasses(); c++) byClass.add(new ArrayList<>());
        int[] labels = data.labels();
        for (int i = 0; i < labels.length; i++) byClass.get(labels[i]).add(i);
        for (List<Integer> m : byClass) Collections.shuffle(m, rnd);
        return byClass;
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
