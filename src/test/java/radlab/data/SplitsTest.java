package radlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {
    private static final Dataset DATA = MnistLoader.shippedSubset();

    @Test
    void splitIsDisjointStratifiedAndSeeded() {
        DataSplit s = Splits.stratified(DATA, 8000, 2000, 42);
        assertEquals(8000, s.train().size());
        assertEquals(2000, s.test().size());
        int[] all = DATA.classCounts();
        int[] te = s.test().classCounts();
        for (int c = 0; c < 10; c++) {
            assertEquals(all[c] * 0.2, te[c], 1.0, "class " + c + " keeps its share in the test split");
        }
        DataSplit again = Splits.stratified(DATA, 8000, 2000, 42);
        assertArrayEquals(s.test().labels(), again.test().labels());
        assertEquals(s.test().features(), again.test().features());
        DataSplit other = Splits.stratified(DATA, 8000, 2000, 43);
        assertTrue(!other.test().features().equals(s.test().features()), "another seed gives another split");
    }

    @Test
    void trainAndTestAreDisjointAndCoverTheRequestedRows() {
        int n = 1000;
        float[] idx = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
            y[i] = (i * 7) % 10;
        }
        Dataset toy = new Dataset("toy", org.nd4j.linalg.factory.Nd4j.create(idx, new long[] {n, 1}, org.nd4j.linalg.api.buffer.DataType.FLOAT), y, 10);
        DataSplit s = Splits.stratified(toy, 600, 300, 5);
        Set<Integer> seen = new HashSet<>();
        for (float v : s.train().features().data().asFloat()) assertTrue(seen.add((int) v));
        for (float v : s.test().features().data().asFloat()) assertTrue(seen.add((int) v), "row " + v + " in both parts");
        assertEquals(900, seen.size());
    }

    @Test
    void subsampleIsStratified() {
        Dataset sub = Splits.subsample(DATA, 1000, 3);
        int[] c = sub.classCounts();
        int[] all = DATA.classCounts();
        for (int k = 0; k < 10; k++) assertEquals(all[k] / 10.0, c[k], 1.0);
    }

    @Test
    void badSizesAreRejectedWithTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.stratified(DATA, 9000, 2000, 1));
        assertTrue(e.getMessage().contains("9000") && e.getMessage().contains("10000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(DATA, 0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.subsample(DATA, 0, 1));
    }
}
