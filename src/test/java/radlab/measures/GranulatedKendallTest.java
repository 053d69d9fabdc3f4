package radlab.measures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ψ of Jiang et al. (ICLR 2020, Eq. 3) on a hand-built table: two hyper-parameter axes (reg ∈ {l1, l2}, λ ∈ {a, b}) ×
 * two seeds, one model each. Groups vary exactly one axis with the other axis and the seed fixed; τ counts ties 0.
 */
@Tag("numeric") // compares with a reference value: also runs on the AVX2 kernels (docs/testing.md)
class GranulatedKendallTest {
    //                                      reg   λ    seed    m  g
    static final Object[][] ROWS = {{"l1", "a", "1", 1, 1}, {"l1", "b", "1", 2, 3}, {"l2", "a", "1", 3, 2}, {"l2", "b", "1", 3, 4},
            {"l1", "a", "2", 2, 2}, {"l1", "b", "2", 1, 4}, {"l2", "a", "2", 4, 5}, {"l2", "b", "2", 5, 6}};

    static ModelTable table() {
        List<List<String>> hyper = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        double[] m = new double[ROWS.length], g = new double[ROWS.length];
        for (int i = 0; i < ROWS.length; i++) {
            hyper.add(List.of((String) ROWS[i][0], (String) ROWS[i][1]));
            seeds.add((String) ROWS[i][2]);
            m[i] = (Integer) ROWS[i][3];
            g[i] = (Integer) ROWS[i][4];
        }
        return new ModelTable(List.of("reg", "lambda"), hyper, seeds, Map.of("m", m, "g", g));
    }

    /** Eq. 3 transcribed: for each setting of the other axis and each seed, τ (Eq. 2) over the models varying axis i. */
    static double psiByEnumeration(int axis) {
        int other = 1 - axis;
        double sum = 0;
        int groups = 0;
        for (String o : List.of(other == 0 ? "l1" : "a", other == 0 ? "l2" : "b")) {
            for (String seed : List.of("1", "2")) {
                List<double[]> t = new ArrayList<>();
                for (Object[] r : ROWS) {
                    if (r[other].equals(o) && r[2].equals(seed)) t.add(new double[] {(Integer) r[3], (Integer) r[4]});
                }
                double s = 0;
                for (double[] p : t) for (double[] q : t) if (p != q) s += Math.signum(p[0] - q[0]) * Math.signum(p[1] - q[1]);
                sum += s / (t.size() * (t.size() - 1.0));
                groups++;
            }
        }
        return sum / groups;
    }

    @Test
    void psiOnAHandBuiltTableWithSeeds() {
        ModelTable t = table();
        double[] m = t.column("m"), g = t.column("g");
        int[] all = RankCorrelations.all(ROWS.length);
        // axis λ, groups (reg, seed): (l1,1) m 1→2, g 1→3: +1; (l2,1) m 3→3 tie: 0 (kept, not dropped); (l1,2) m 2→1, g 2→4: −1;
        // (l2,2) m 4→5, g 5→6: +1. ψ_λ = (1 + 0 − 1 + 1)/4
        assertEquals(0.25, RankCorrelations.psiAxis(t, 1, m, g, all), 1e-15);
        // axis reg, groups (λ, seed): every pair l1 → l2 raises both m and g: ψ_reg = 1
        assertEquals(1, RankCorrelations.psiAxis(t, 0, m, g, all), 1e-15);
        assertEquals(0.625, RankCorrelations.psi(t, m, g, all), 1e-15);
        assertEquals(psiByEnumeration(1), RankCorrelations.psiAxis(t, 1, m, g, all), 1e-15);
        assertEquals(psiByEnumeration(0), RankCorrelations.psiAxis(t, 0, m, g, all), 1e-15);
        // before: seeds pooled into the groups (6 of each group's pairs differ only by seed) and τ_b gave
        // ψ_λ = (0 + 5/√30)/2, ψ_reg = (5/√30 + 3/√30)/2, Ψ = 0.5934
        MeasureCorrelation c = CorrelationAnalysis.correlate(t, "m", "g", 10, 1);
        assertEquals(0.625, c.psi(), 1e-15);
        // τ over all 8 models (Eq. 2): 28 pairs, C − D = 15 (one tie in m counts 0); τ_b gave 0.5883
        assertEquals(15.0 / 28, c.tau(), 1e-15);
    }

    @Test
    void aResultsTablesSeedColumnIsHeldFixedNotAnAxisNorAMeasure(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("spec.reg,spec.lambda,spec.seed,m,gap\n");
        for (Object[] r : ROWS) csv.append(r[0]).append(',').append(r[1]).append(',').append(r[2]).append(',').append(r[3]).append(',').append(r[4]).append('\n');
        java.nio.file.Path file = dir.resolve("t.csv");
        java.nio.file.Files.writeString(file, csv);
        ModelTableReader.Roles roles = ModelTableReader.read(file, List.of(), List.of(), List.of());
        assertEquals(List.of("spec.reg", "spec.lambda"), roles.table().hyperNames());
        assertEquals(List.of("m"), roles.measures());
        assertEquals("2", roles.table().replicate(4));
        assertEquals(0.625, CorrelationAnalysis.correlate(roles.table(), "m", "gap", 10, 1).psi(), 1e-15);
    }

    @Test
    void aGroupWithOneModelLeftIsLeftOutOfItsAxis() {
        ModelTable t = table();
        double[] m = t.column("m"), g = t.column("g");
        // without row 3 (l2, b, seed 1): group (l2, 1) of axis λ has one model; the others give +1, −1, +1
        int[] rows = {0, 1, 2, 4, 5, 6, 7};
        assertEquals(1.0 / 3, RankCorrelations.psiAxis(t, 1, m, g, rows), 1e-15);
    }
}
